"""The market data smoke test against moto, with the real handler playing the deployed function.

The command sleeps between polls; here each sleep advances a fake clock and
lets ``DeployedFunction`` run the handler on what the queue holds.
"""

import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError

from market_data.aws_clients import clients

from tests.fixtures.polling_clock import FakeClock
from tests.unit.market_data_processor.smoke_support import (
    QUEUE_NAME,
    SUFFIX,
    DeployedFunction,
    dead_letter_bodies,
    dead_letters_held,
    write_outputs,
)
from tools.cli import main as tools_main
from tools.smoke import market_data_processor as smoke


@pytest.fixture
def deployed(md_aws, md_handler, md_context, tmp_path):
    queue_url = md_aws.sqs.create_queue(QueueName=QUEUE_NAME)["QueueUrl"]
    outputs = write_outputs(tmp_path / "outputs.json", queue_url, md_aws.dlq_url, md_aws.table, md_aws.topic_arn)
    function = DeployedFunction(md_aws.sqs, queue_url, md_handler, md_context)
    return SimpleNamespace(aws=md_aws, outputs=outputs, function=function)


def run(outputs: Path, *args: str, function=None, clients_from=None) -> tuple[int, str, FakeClock]:
    """The command's exit code and output; `function` (if any) processes the queue at each sleep."""
    clock, out = FakeClock(on_sleep=function.process if function else None), io.StringIO()
    aws = {"sqs": clients_from.sqs, "dynamodb": clients_from.dynamodb} if clients_from else {}
    argv = ["--suffix", SUFFIX, "--outputs-file", str(outputs), *args]
    code = tools_main(["smoke", "market-data-processor", *argv], out=out, clock=clock, sleep=clock.sleep,
                      **aws)
    return code, out.getvalue(), clock


def sent_id(printed: str, check: str) -> str:
    return re.search(rf"^sent {check}: .* \(message (\S+)\)$", printed, re.M).group(1)


# --- The deployed function works -------------------------------------------------------


def test_happy_path_exits_zero_and_prints_each_check(deployed):
    # GIVEN a deployed function processing the queue (the command builds its own clients)
    # WHEN the smoke command runs
    code, printed, _ = run(deployed.outputs, function=deployed.function)
    # THEN every check passed, with what it saw
    assert code == 0, printed
    assert "ok   HIGH alert: alert_type HIGH, price 151, status SENT" in printed
    assert "ok   LOW alert: alert_type LOW, price 25, status SENT" in printed
    assert "ok   normal tick: no alert" in printed
    # AND the table holds exactly the two alerts, both published
    alerts = deployed.aws.alerts()
    assert [(a["alert_type"], a["status"]) for a in alerts] == [("HIGH", "SENT"), ("LOW", "SENT")]
    assert len(deployed.aws.published()) == 2


def test_malformed_tick_is_found_in_the_dlq_with_its_reason_and_taken_out(deployed):
    code, printed, _ = run(deployed.outputs, function=deployed.function, clients_from=deployed.aws)
    assert code == 0, printed
    source = sent_id(printed, "malformed tick")
    assert (
        f"ok   malformed tick: in the DLQ, error_reason 'missing field(s): price', source_message_id '{source}'"
        in printed
    )
    assert dead_letters_held(deployed.aws.sqs, deployed.aws.dlq_url) == 0  # deleted, not merely hidden


def test_other_messages_in_the_dlq_are_left_there(deployed):
    # GIVEN a DLQ holding more messages of others than one receive returns
    others = sorted(json.dumps({"other": n}) for n in range(13))
    for body in others:
        deployed.aws.sqs.send_message(QueueUrl=deployed.aws.dlq_url, MessageBody=body)
    # WHEN the smoke command runs
    code, printed, _ = run(deployed.outputs, function=deployed.function, clients_from=deployed.aws)
    # THEN it found its own message, and every other one is still there, visible
    assert code == 0, printed
    assert dead_letter_bodies(deployed.aws.sqs, deployed.aws.dlq_url) == others
    assert dead_letters_held(deployed.aws.sqs, deployed.aws.dlq_url) == len(others)


def test_run_returns_what_each_check_found(deployed):
    # GIVEN the checks run as the integration tests run them
    clock = FakeClock(on_sleep=deployed.function.process)
    outputs = json.loads(deployed.outputs.read_text())["market-data-processor-unittest"]
    checks = smoke.run_checks(deployed.aws.sqs, deployed.aws.dynamodb, outputs, smoke.thresholds_for(SUFFIX),
                             clock=clock, sleep=clock.sleep, out=io.StringIO())
    # THEN each check passed and holds what it found
    assert [name for name, check in checks.items() if check.ok] == list(smoke.CHECKS)
    assert (checks[smoke.HIGH].found["alert_type"], checks[smoke.HIGH].found["status"]) == ("HIGH", "SENT")
    assert (checks[smoke.LOW].found["alert_type"], checks[smoke.LOW].found["status"]) == ("LOW", "SENT")
    assert checks[smoke.NORMAL].found == {}
    assert checks[smoke.MALFORMED].found["error_reason"] == "missing field(s): price"


# --- The deployed function misbehaves -------------------------------------------------------


def test_function_that_never_processes_exits_one_naming_the_missing_alerts(deployed):
    code, printed, clock = run(deployed.outputs, "--wait", "20", "--interval", "5", clients_from=deployed.aws)
    assert code == 1
    assert re.search(r"^FAIL HIGH alert: no alert SMK[0-9A-F]{9} \S+Z$", printed, re.M), printed
    assert "FAIL LOW alert: no alert" in printed
    assert "FAIL malformed tick: not in the DLQ" in printed
    assert clock.slept == [5, 5, 5, 5]  # bounded by --wait


def test_alert_left_pending_exits_one(deployed):
    # GIVEN a function whose publish fails: its alerts stay PENDING
    class FailingSns:
        def publish(self, **_kwargs):
            raise ClientError({"Error": {"Code": "AuthorizationError", "Message": "denied"}}, "Publish")

    clients.swap("sns", FailingSns())
    code, printed, _ = run(deployed.outputs, "--wait", "30", function=deployed.function, clients_from=deployed.aws)
    assert code == 1
    assert "FAIL HIGH alert: alert_type HIGH, price 151, status PENDING" in printed
    assert "FAIL LOW alert: alert_type LOW, price 25, status PENDING" in printed
    assert "ok   malformed tick" in printed


def test_alert_for_the_normal_tick_exits_one(deployed, monkeypatch):
    # GIVEN a function deployed with a HIGH threshold below the normal tick's price
    monkeypatch.setenv("HIGH_PRICE_THRESHOLD", "60")
    code, printed, _ = run(deployed.outputs, function=deployed.function, clients_from=deployed.aws)
    assert code == 1
    assert "FAIL normal tick: an alert: HIGH, status SENT" in printed


def test_alert_of_the_wrong_type_exits_one(deployed, monkeypatch):
    # GIVEN a function deployed with thresholds above every tick: each one is a LOW alert
    monkeypatch.setenv("LOW_PRICE_THRESHOLD", "200")
    monkeypatch.setenv("HIGH_PRICE_THRESHOLD", "300")
    code, printed, _ = run(deployed.outputs, "--wait", "10", function=deployed.function, clients_from=deployed.aws)
    assert code == 1
    assert "FAIL HIGH alert: alert_type LOW, price 151, status SENT" in printed
    assert "ok   LOW alert: alert_type LOW, price 25, status SENT" in printed


@pytest.mark.parametrize(
    ("attributes", "saw"),
    [
        ({}, "error_reason None, source_message_id None"),  # moved by redrive
        ({"source_message_id": "{id}"}, "error_reason None, source_message_id '{id}'"),  # no reason
        ({"error_reason": "bad", "source_message_id": "another"}, "error_reason 'bad', source_message_id 'another'"),
    ],
)
def test_malformed_tick_in_the_dlq_without_its_reason_or_source_exits_one(deployed, attributes, saw):
    # GIVEN malformed ticks reach the DLQ without the function's attributes
    def moving_handler(event, context):
        for record in event["Records"]:
            values = {k: {"DataType": "String", "StringValue": v.format(id=record["messageId"])}
                      for k, v in attributes.items()}
            deployed.aws.sqs.send_message(
                QueueUrl=deployed.aws.dlq_url, MessageBody=record["body"], MessageAttributes=values
            )
        return {"batchItemFailures": []}

    deployed.function.handler = moving_handler
    code, printed, _ = run(deployed.outputs, "--wait", "10", function=deployed.function, clients_from=deployed.aws)
    assert code == 1
    expected = saw.format(id=sent_id(printed, "malformed tick"))
    assert f"FAIL malformed tick: in the DLQ, {expected}" in printed


# --- Setup ---------------------------------------------------------------------------


def test_missing_outputs_file_exits_two_and_says_how_to_write_it(tmp_path, capsys):
    code, _, _ = run(tmp_path / "absent.json")
    assert code == 2
    assert "cdktf output market-data-processor-unittest --outputs-file" in capsys.readouterr().err


def test_outputs_without_the_stack_exit_two_and_name_what_is_there(tmp_path, capsys):
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"webhook-pipeline-unittest": {"api_endpoint": "https://x"}}))
    code, _, _ = run(path)
    assert code == 2
    assert "no stack 'market-data-processor-unittest' (it has ['webhook-pipeline-unittest'])" in capsys.readouterr().err


def test_unreadable_alerts_table_exits_two(deployed, capsys):
    stack = json.loads(deployed.outputs.read_text())
    stack["market-data-processor-unittest"]["alerts_table_name"] = "market-alerts-absent"
    deployed.outputs.write_text(json.dumps(stack))
    code, _, _ = run(deployed.outputs, function=deployed.function, clients_from=deployed.aws)
    assert code == 2
    assert "cannot use AWS in us-east-1" in capsys.readouterr().err
