"""The parking places: one per queue the stacks alarm on, named as the stacks name them, and nothing else."""

import json
import re
import subprocess
import sys

import pytest

from stacks.parking import Kind, ParkingPlace
from stacks.registry import SYSTEMS
from stacks.transaction_processor.settings import CSV_ASYNC_MAX_EVENT_AGE_SECONDS, CSV_VALIDATION_TIMEOUT_SECONDS
from tools.function_code import import_from_zip
from tools.operate.parking_places import place_named, places_for
from tools.operate.replay import table_recheck
from tools.paths import REPO_ROOT

SNAPSHOTS = REPO_ROOT / "tests" / "unit" / "__snapshots__" / "test_stack_snapshots"
REFERENCE = re.compile(r"^\$\{(\w+)\.([\w-]+)\.(\w+)\}$")

# Written out by hand from README.md: what an operator reads there must be what the command uses.
EXPECTED_PR_42 = {
    ("payments-dlq-pr-42", Kind.SQS_DLQ, "webhook-alarms-pr-42-payments-dlq-messages", "payments-queue-pr-42"),
    ("refunds-dlq-pr-42", Kind.SQS_DLQ, "webhook-alarms-pr-42-refunds-dlq-messages", "refunds-queue-pr-42"),
    ("disputes-dlq-pr-42", Kind.SQS_DLQ, "webhook-alarms-pr-42-disputes-dlq-messages", "disputes-queue-pr-42"),
    ("event-router-failures-pr-42", Kind.LAMBDA_ON_FAILURE, "webhook-alarms-pr-42-router-failures-messages",
     "event-router-pr-42"),
    ("csv-validation-failures-pr-42", Kind.LAMBDA_ON_FAILURE,
     "transaction-processor-alarms-pr-42-csv-validation-failures-messages", "csv-validation-pr-42"),
    ("anomaly-detection-failures-pr-42", Kind.STREAM_ON_FAILURE,
     "transaction-processor-alarms-pr-42-anomaly-detection-failures-messages", "anomaly-detection-pr-42"),
    ("market-data-dlq-pr-42", Kind.SQS_DLQ, "market-data-processor-alarms-pr-42-market-data-dlq-messages",
     "market-data-queue-pr-42"),
}


def test_every_place_of_every_system_with_its_alarm_and_replay_target():
    found = {(p.queue, p.kind, p.alarm, p.replays_to) for p in places_for("pr-42")}
    assert found == EXPECTED_PR_42
    assert {p.system for p in places_for("pr-42")} == {system.name for system in SYSTEMS}


def _resolve(stack: dict, value: str) -> str:
    """`${aws_sqs_queue.<id>.name}` (or `.arn`, `.function_name`) -> the resource's name."""
    match = REFERENCE.match(value)
    if not match:
        return value
    kind, logical_id, _attribute = match.groups()
    resource = stack["resource"][kind][logical_id]
    if kind == "aws_dynamodb_table":
        return resource["name"]
    return resource.get("name") or resource.get("function_name")


@pytest.mark.parametrize("system", [s.name for s in SYSTEMS])
def test_places_match_the_synthesized_stack(system):
    """Each dead-letter alarm of the snapshot watches one of our places; each place replays where the stack says."""
    stack = json.loads((SNAPSHOTS / f"test_synthesized_stack_matches_snapshot[{system}-pr-42].json").read_text())
    resources = stack["resource"]
    alarms = {a["alarm_name"]: _resolve(stack, a["dimensions"]["QueueName"])
              for a in resources["aws_cloudwatch_metric_alarm"].values()
              if a.get("metric_name") == "ApproximateNumberOfMessagesVisible"}
    places = [p for p in places_for("pr-42") if p.system == system]
    assert alarms == {p.alarm: p.queue for p in places}
    policies = {q["name"]: json.loads(q["redrive_policy"]) for q in resources["aws_sqs_queue"].values()
                if q.get("redrive_policy")}
    redrives = {name: _resolve(stack, policy["deadLetterTargetArn"]) for name, policy in policies.items()}
    assert {p.source_queue: p.queue for p in places if p.kind is Kind.SQS_DLQ} == redrives
    # the receive count the sandbox redrives after is the stack's
    assert {p.source_queue: p.max_receive_count for p in places if p.kind is Kind.SQS_DLQ} == {
        name: policy["maxReceiveCount"] for name, policy in policies.items()}
    # a synchronous replay waits as long as the function it invokes may run
    timeouts = {f["function_name"]: f["timeout"] for f in resources["aws_lambda_function"].values()}
    assert {p.function: p.function_timeout_seconds for p in places if p.function} == {
        p.function: timeouts[p.function] for p in places if p.function}
    on_failure = {
        _resolve(stack, c["function_name"]): _resolve(stack, c["destination_config"]["on_failure"]["destination"])
        for c in resources.get("aws_lambda_function_event_invoke_config", {}).values()
    }
    assert {p.function: p.queue for p in places if p.kind is Kind.LAMBDA_ON_FAILURE} == on_failure
    mappings = {_resolve(stack, m["function_name"]): m
                for m in resources.get("aws_lambda_event_source_mapping", {}).values() if "destination_config" in m}
    for place in (p for p in places if p.kind is Kind.STREAM_ON_FAILURE):
        mapping = mappings[place.function]
        assert _resolve(stack, mapping["destination_config"]["on_failure"]["destination_arn"]) == place.queue
        assert _resolve(stack, mapping["event_source_arn"]) == place.table
        assert mapping["batch_size"] == place.batch_size  # a replay sends the records in the mapping's batches
        assert mapping["filter_criteria"]["filter"] == [{"pattern": '{"eventName": ["INSERT"]}'}]  # replays filter so


def test_a_place_is_named_by_its_queue_or_its_label():
    assert place_named("dev", "payments-dlq-dev") == place_named("dev", "payments-dlq")
    assert place_named("dev", "router-failures").queue == "event-router-failures-dev"
    with pytest.raises(LookupError, match="payments-dlq-dev"):
        place_named("dev", "payments-queue-dev")  # a work queue is no parking place


def test_an_unknown_queue_exits_2_and_names_the_places(operate, capsys):
    code, _ = operate("inspect", "payments-queue-ops")
    assert code == 2
    assert "is no parking place" in capsys.readouterr().err


def test_the_table_recheck_lookback_covers_an_uploads_whole_life():
    """POST /upload -> PUT within the URL's life -> async retries up to the event's maximum age -> processing."""
    pending_upload = import_from_zip("transaction_api", "upload_api.pending_upload")
    whole_life = pending_upload.URL_EXPIRES_IN + CSV_ASYNC_MAX_EVENT_AGE_SECONDS + CSV_VALIDATION_TIMEOUT_SECONDS
    assert table_recheck.LOOKBACK_SECONDS >= whole_life


def test_the_command_imports_no_cdktf():
    code = "\n".join([
        "import runpy, sys",
        "sys.argv = ['tools', 'operate', '--help']",
        "try:",
        "    runpy.run_module('tools', run_name='__main__')",
        "except SystemExit:",
        "    pass",
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'jsii', 'constructs')))",
    ])
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("argv", [
    ["redrive", "payments-dlq", "--max", "0"],
    ["redrive", "payments-dlq", "--rate", "0"],
    ["redrive", "anomaly-detection-failures", "--upload-id", "u-1"],  # only with --from-table
])
def test_bad_arguments_exit_2(operate, argv):
    with pytest.raises(SystemExit) as exited:
        operate(*argv)
    assert exited.value.code == 2


@pytest.mark.parametrize("kind, missing", [
    (Kind.SQS_DLQ, "source_queue, max_receive_count"),
    (Kind.LAMBDA_ON_FAILURE, "function, function_timeout_seconds"),
    (Kind.STREAM_ON_FAILURE, "function, function_timeout_seconds, batch_size, table"),
])
def test_a_place_without_what_its_redrive_needs_is_refused(kind, missing):
    with pytest.raises(ValueError, match=f"'x-dlq' \\({kind.value}\\) needs {missing}$"):
        ParkingPlace("a-system", "x-dlq", "x-dlq-dev", kind, "alarms-dev-x-dlq-messages")
