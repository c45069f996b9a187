"""A fourth system that exists only in the tests: the ticker, a queue of ticks into an alerts table.

It is what adding a system takes (the README's checklist), with no edit under
tools/: its names, its parking place, its stack (fourth_system_stack.py,
reusing the market data handler as its function), its smoke check and its
local-run sample, declared on its System. `register()` adds it to the
registry for one process; `python -m tests.unit.tools.fourth_system <command>`
is the tools' front door in a process where it is registered (the local run
a test starts). Plain Python: no cdktf here.
"""

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from constructs_lib import naming
from stacks import registry
from stacks.parking import Kind, ParkingPlace, parked_alarm
from stacks.system import System
from tools import options
from tools.stack_outputs import SetupError, load_outputs

QUEUE = "ticker-queue"  # the tick queue's construct id; its DLQ's label follows (naming.dead_letter_label)
MAX_RECEIVE_COUNT = 2
TIMEOUT_SECONDS = 30
SAMPLE_TITLE = "ticker: a tick above the HIGH threshold"
TICK = {"symbol": "TICK", "price": 151.25, "timestamp": "2026-11-24T10:15:00Z"}


@dataclass(frozen=True)
class TickerNames:
    suffix: str

    @property
    def queue(self) -> str:
        return f"ticker-queue-{self.suffix}"

    @property
    def dlq(self) -> str:
        return f"ticker-dlq-{self.suffix}"

    @property
    def function(self) -> str:
        return f"ticker-{self.suffix}"

    @property
    def alerts_table(self) -> str:
        return f"ticker-alerts-{self.suffix}"

    @property
    def alerts_topic(self) -> str:
        return f"ticker-alerts-{self.suffix}"

    @property
    def alarm_topic(self) -> str:
        return f"ticker-alarms-{self.suffix}"

    @property
    def dashboard(self) -> str:
        return f"ticker-{self.suffix}"

    @property
    def kms_alias(self) -> str:
        return f"alias/ticker-{self.suffix}"

    def checked(self) -> list[tuple[naming.NameLimit, str]]:
        return [(naming.SQS_QUEUE, self.queue), (naming.SQS_QUEUE, self.dlq), (naming.DYNAMODB_TABLE, self.alerts_table),
                (naming.SNS_TOPIC, self.alerts_topic), (naming.SNS_TOPIC, self.alarm_topic),
                (naming.DASHBOARD, self.dashboard), (naming.KMS_ALIAS, self.kms_alias),
                *naming.function_names_checked(self.function)]


def places(system: str, suffix: str) -> list[ParkingPlace]:
    names, label = TickerNames(suffix), naming.dead_letter_label(QUEUE)
    return [ParkingPlace(system, label, names.dlq, Kind.SQS_DLQ, parked_alarm(names.alarm_topic, label),
                         source_queue=names.queue, max_receive_count=MAX_RECEIVE_COUNT)]


SYSTEM = System(
    name="ticker",
    names=TickerNames,
    stack="tests.unit.tools.fourth_system_stack:TickerStack",
    places=places,
    smoke=__name__,
)


def register() -> None:
    """The registry with the ticker last, for this process."""
    registry.SYSTEMS = (*registry.SYSTEMS, SYSTEM)


# --- its smoke check and local-run sample (what tools/smoke/<system>.py holds for a shipped system) -----------

def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    options.add_suffix(parser)
    options.add_outputs_file(parser)
    parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait for the alert (default: 30)")


def run(args: argparse.Namespace) -> int:
    """Send a tick above the threshold; exit 0 once its HIGH alert is in the alerts table."""
    import boto3  # noqa: PLC0415 - only when it runs

    try:
        outputs = load_outputs(args.outputs_file, SYSTEM.stack_id(args.suffix), ["queue_url", "alerts_table_name"])
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    boto3.client("sqs").send_message(QueueUrl=outputs["queue_url"], MessageBody=json.dumps(TICK))
    deadline = time.monotonic() + args.wait
    while time.monotonic() < deadline:
        items = boto3.client("dynamodb").scan(TableName=outputs["alerts_table_name"], ConsistentRead=True)["Items"]
        alerts = [item for item in items if item["symbol"]["S"] == TICK["symbol"]]
        if alerts:
            print(f"ok   HIGH alert: {alerts[0]['alert_type']['S']} {alerts[0]['price']['N']}")
            return 0 if alerts[0]["alert_type"]["S"] == "HIGH" else 1
        time.sleep(0.2)
    print(f"FAIL HIGH alert: none in {outputs['alerts_table_name']} after {args.wait:g} s")
    return 1


def sample_lines(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    return [f"aws sqs send-message --queue-url {outputs['queue_url']} --message-body '{json.dumps(TICK)}'"]


if __name__ == "__main__":
    from tools.cli import main  # noqa: PLC0415

    register()
    sys.exit(main())
