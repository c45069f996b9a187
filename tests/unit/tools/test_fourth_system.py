"""A fourth system registered in a test only (fourth_system.py) gets `operate` and a local run: no edit under tools/.

The ticker declares its names, its parking place, its stack, its smoke check
and its local-run sample, as the shipped systems do; the engines find all of
it through the registry.
"""

import io
import json
import os
import subprocess
import sys

import pytest

from constructs_lib import cdk
from stacks import registry
from stacks.environment import config_for
from tests.unit.tools import fourth_system
from tools.cli import main as tools_main
from tools.local_run.process import LocalRunProcess
from tools.operate import queues
from tools.operate.sandbox.fakes import FakeClock, FakeLambda
from tools.operate.sandbox.sandbox import Sandbox
from tools.paths import REPO_ROOT

pytestmark = pytest.mark.xdist_group("synth")  # it synthesizes: on the worker that pays for the provider bindings
STACK_ID = fourth_system.SYSTEM.stack_id("dev")


class TickerRun(LocalRunProcess):
    ENTRY = ("-m", "tests.unit.tools.fourth_system")  # the tools' front door, in a process where the ticker is registered


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(registry, "SYSTEMS", (*registry.SYSTEMS, fourth_system.SYSTEM))


@pytest.fixture(scope="module")
def ticker_stack() -> str:
    return cdk.Testing.synth(fourth_system.SYSTEM.load_stack()(cdk.Testing.app(), config_for("dev")))


@pytest.fixture(scope="module")
def ticker_run(ticker_stack, tmp_path_factory):
    run = TickerRun(tmp_path_factory.mktemp("ticker-run"), "dev", {STACK_ID: ticker_stack}).start()
    yield run
    run.stop()


def test_its_parking_place_is_what_its_stack_declares(ticker_stack):
    stack = json.loads(ticker_stack)
    (place,) = fourth_system.SYSTEM.parking("dev")
    alarms = {alarm["alarm_name"] for alarm in stack["resource"]["aws_cloudwatch_metric_alarm"].values()
              if alarm.get("metric_name") == "ApproximateNumberOfMessagesVisible"}
    assert alarms == {place.alarm} == {"ticker-alarms-dev-ticker-dlq-messages"}
    (source,) = [queue for queue in stack["resource"]["aws_sqs_queue"].values() if queue.get("redrive_policy")]
    assert (source["name"], json.loads(source["redrive_policy"])["maxReceiveCount"]) == (
        place.source_queue, place.max_receive_count)


def test_operate_lists_and_redrives_its_parking_place_beside_the_others(registered, mocked_aws, monkeypatch):
    monkeypatch.setattr(queues, "RECEIVE_WAIT_SECONDS", 0)
    box = Sandbox("dev")  # every registered system's places, the ticker's among them
    box.park("ticker-dlq", json.dumps(fourth_system.TICK), age_seconds=90)
    box.publish_metrics()

    def operate(*argv: str) -> tuple[int, str]:
        out, clock = io.StringIO(), FakeClock()
        code = tools_main(["operate", "--suffix", "dev", *argv], clients=box.clients(FakeLambda()), out=out,
                          options={"clock": clock, "sleep": clock.sleep})
        return code, out.getvalue()

    code, listed = operate("list")
    assert code == 0
    (row,) = [line.split() for line in listed.splitlines() if line.startswith("ticker ")]
    assert row == ["ticker", "ticker-dlq-dev", "SQS", "DLQ", "1", "0", "1m", "ticker-alarms-dev-ticker-dlq-messages",
                   "ALARM", "ticker-queue-dev"]
    assert "1 message(s) parked in 8 of 8 parking places for suffix 'dev'" in listed
    code, _ = operate("redrive", "ticker-dlq", "--max", "1")
    assert code == 0
    assert (box.visible("ticker-dlq-dev"), box.visible("ticker-queue-dev")) == (0, 1)


def test_a_local_run_plays_it_prints_its_sample_and_its_smoke_check_passes(ticker_run):
    printed = ticker_run.log_tail(400)
    assert f"{STACK_ID}:" in printed and "# ticker: a tick above the HIGH threshold" in printed
    assert "aws sqs send-message --queue-url" in printed
    smoke = subprocess.run(
        [sys.executable, "-m", "tests.unit.tools.fourth_system", "smoke", "ticker", "--suffix", "dev",
         "--outputs-file", str(ticker_run.outputs_path)],
        cwd=REPO_ROOT, env={**os.environ, **ticker_run.env}, capture_output=True, text=True, timeout=120)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr + ticker_run.log_tail()
    assert "ok   HIGH alert: HIGH 151.25" in smoke.stdout
