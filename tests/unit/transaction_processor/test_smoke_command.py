"""The transaction processor's smoke test against moto, with the real handlers playing the deployed functions.

``DeployedSystem`` (smoke_support.py) is the command's HTTP opener: API
Gateway with its key check in front of transaction-api, and the presigned
PUT landing in moto's bucket; csv-validation runs on the notification while
the command sleeps between polls (a fake clock: no real time passes).
"""

import io
import json
import re
from datetime import datetime, timezone
from types import SimpleNamespace

import boto3
import pytest

from tests.fixtures.polling_clock import FakeClock
from tests.unit.transaction_processor.card_audit import card_runs
from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixture
    CsvUploads,
    csv_context,
    csv_validation,
)
from tests.unit.transaction_processor.smoke_support import ENDPOINT, SUFFIX, DeployedSystem, write_outputs
from tests.unit.transaction_processor.transaction_api_support import api  # noqa: F401 - fixture
from tools.cli import main as tools_main
from tools.smoke import transaction_processor as smoke
from tools.smoke.transaction_sample import sample_upload

CHECK_LINE = re.compile(r"^(ok  |FAIL) ([a-z ]+): ", re.M)


@pytest.fixture
def deployed(tp_aws, api, csv_validation, tmp_path):  # noqa: F811 - fixtures
    key = boto3.client("apigateway").create_api_key(name=f"transaction-api-key-{SUFFIX}", enabled=True)
    system = DeployedSystem(api, csv_validation.handler, CsvUploads(tp_aws), key["value"])
    outputs = write_outputs(tmp_path / "outputs.json", key["id"], tp_aws)
    return SimpleNamespace(aws=tp_aws, system=system, outputs=outputs, key=key["value"])


def run(deployed, *args: str, outputs=None) -> tuple[int, str, FakeClock]:
    """The command's exit code and output; the deployed system works on at each sleep."""
    clock, out = FakeClock(on_sleep=deployed.system.deliver), io.StringIO()
    argv = ["--suffix", SUFFIX, "--outputs-file", str(outputs or deployed.outputs), *args]
    code = tools_main(["smoke", "transaction-processor", *argv], opener=deployed.system, out=out, clock=clock,
                      sleep=clock.sleep)
    return code, out.getvalue(), clock


def upload_id(printed: str) -> str:
    return re.search(r"^ok   create upload: upload ([0-9a-f-]{36}), ", printed, re.M).group(1)


def results(printed: str) -> dict[str, str]:
    return {name: mark.strip() for mark, name in CHECK_LINE.findall(printed)}


# --- The deployed system works ----------------------------------------------------------


def test_happy_path_exits_zero_and_prints_each_check(deployed):
    code, printed, clock = run(deployed)
    assert code == 0, printed
    assert results(printed) == {name: "ok" for name in smoke.CHECKS}
    assert 'ok   request without key: 403 {"error":"Forbidden"}' in printed
    assert "ok   row counts: rows_total 5, rows_accepted 3, rows_rejected 2" in printed
    assert "ok   row errors: row 5 card_number: fails the Luhn check, row 6 currency: not an upper-case" in printed
    assert clock.slept == [5]  # PENDING at the first look, PROCESSED once the notification arrived
    # AND the good rows are stored under this run's ids, each with its card's last four digits only
    stored = CsvUploads(deployed.aws).transactions()
    assert [(t["row_number"], t["card_last4"], t["upload_id"]) for t in stored] == [
        (2, "1111", upload_id(printed)), (3, "4444", upload_id(printed)), (4, "0005", upload_id(printed))]


def test_run_returns_what_each_check_found(deployed):
    clock = FakeClock(on_sleep=deployed.system.deliver)
    out = io.StringIO()
    checks = smoke.run_checks(ENDPOINT, deployed.key, opener=deployed.system, clock=clock, sleep=clock.sleep, out=out)
    assert [name for name, check in checks.items() if check.ok] == list(smoke.CHECKS)
    status = checks[smoke.STATUS].found
    assert (status["amount"], status["currency"], status["card_last4"]) == ("12.5", "USD", "1111")
    assert "card_number" not in status and "upload_url" not in checks[smoke.CREATE].found
    assert checks[smoke.PROCESSED].found["status"] == "PROCESSED"


def test_the_key_value_the_presigned_url_and_card_numbers_never_appear_in_the_output(deployed, capsys, caplog):
    code, printed, _ = run(deployed)
    assert code == 0, printed
    shown = printed + "".join(capsys.readouterr()) + caplog.text
    assert deployed.key not in shown
    assert "X-Amz-Signature" not in shown and "X-Amz-Credential" not in shown
    assert card_runs(printed) == []
    # AND the key was sent: on every API request but the one meant to be refused
    keys = [(method, path.split("/")[2], sent) for method, path, sent in deployed.system.requests if "/v1/" in path]
    assert keys[0] == ("POST", "upload", None)
    assert {sent for *_, sent in keys[1:]} == {deployed.key}


def test_the_sample_is_what_csv_validation_reports_it_to_be(tp_aws, csv_validation):  # noqa: F811 - fixture
    # GIVEN the command's sample CSV, put straight into the bucket (no command, no API)
    sample = sample_upload("unit", datetime.now(timezone.utc))
    uploads = CsvUploads(tp_aws)
    csv_validation.handler(uploads.put("uploads/sample.csv", sample.body), csv_context())
    # THEN csv-validation counts, reports and stores it as the command expects
    result = uploads.result("sample")
    assert (result["status"], (result["rows_total"], result["rows_accepted"], result["rows_rejected"])) == (
        "PROCESSED", sample.counts)
    assert sample.reported(result["errors"])
    assert [t["transaction_id"] for t in uploads.transactions()] == list(sample.good)


def test_two_runs_use_their_own_transaction_ids(deployed):
    assert run(deployed)[0] == 0
    code, printed, _ = run(deployed)  # the same ids would be rejected as duplicates of the first run
    assert code == 0, printed
    assert len(CsvUploads(deployed.aws).transactions()) == 6


# --- The deployed system misbehaves --------------------------------------------------------


def test_csv_validation_never_running_exits_one_naming_the_stuck_upload(deployed):
    deployed.system.notify = False
    code, printed, clock = run(deployed, "--wait", "20", "--interval", "5")
    assert code == 1
    assert f"FAIL processing: upload {upload_id(printed)} still PENDING after 20 s (is csv-validation running?)" \
        in printed
    assert "FAIL row counts: not run" in printed and "FAIL transaction status: not run" in printed
    assert clock.slept == [5, 5, 5, 5]  # bounded by --wait


def test_failed_upload_exits_one_with_its_reason_without_waiting_on(deployed, monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_BYTES", "100")  # csv-validation refuses the sample as too large
    code, printed, clock = run(deployed)
    assert code == 1
    assert f"FAIL processing: upload {upload_id(printed)} FAILED: file is larger than 100 bytes\n" in printed
    assert clock.slept == [5]
    assert "FAIL row counts: not run" in printed


def test_wrong_counts_and_errors_exit_one(deployed):
    # GIVEN a csv-validation that accepts the row failing the Luhn check
    real = deployed.system.csv_handler

    def lenient(event, context):
        answer = real(event, context)
        key = {"upload_id": {"S": answer["uploads"][0]["upload_id"]}}
        result = deployed.aws.dynamodb.get_item(TableName=deployed.aws.upload_results_table, Key=key)["Item"]
        kept = [e for e in result["errors"]["L"] if e["M"]["column"]["S"] != "card_number"]
        deployed.aws.dynamodb.update_item(
            TableName=deployed.aws.upload_results_table, Key=key,
            UpdateExpression="SET rows_accepted = :a, rows_rejected = :r, errors = :e",
            ExpressionAttributeValues={":a": {"N": "4"}, ":r": {"N": "1"}, ":e": {"L": kept}})
        return answer

    deployed.system.csv_handler = lenient
    code, printed, _ = run(deployed)
    assert code == 1
    assert "FAIL row counts: rows_total 5, rows_accepted 4, rows_rejected 1 (expected 5, 3, 2)" in printed
    assert re.search(r"^FAIL row errors: row 6 currency: .+ \(expected row 5 card_number, row 6 currency, ", printed,
                     re.M), printed


def test_a_request_without_the_key_let_through_exits_one(deployed):
    deployed.system.require_key = False
    code, printed, _ = run(deployed)
    assert code == 1
    # The upload id is a UUID: one whose digits run 12 long with hyphens between is shown masked, as a card would be.
    upload_id = r'"upload_id":"(?:[0-9a-f-]|\[digits hidden\])+"'
    assert re.search(rf'^FAIL request without key: 200 \{{{upload_id},"method":"PUT"', printed, re.M)
    assert "X-Amz-Signature" not in printed


@pytest.mark.parametrize(
    "change", [{"card_number": "4111111111111111"}, {"card_last4": "4111111111111111"}, {"amount": 12.5}],
    ids=["full number added", "full number as last4", "amount as a number"],
)
def test_a_status_answer_breaking_the_contract_exits_one_without_printing_a_card_number(deployed, change):
    real = deployed.system.gateway

    def gateway(request, path):
        status, body = real(request, path)
        return (status, json.dumps({**json.loads(body), **change}).encode()) if "/status/" in path else (status, body)

    deployed.system.gateway = gateway
    code, printed, _ = run(deployed)
    assert code == 1
    assert results(printed) == {**{name: "ok" for name in smoke.CHECKS}, smoke.STATUS: "FAIL"}
    assert card_runs(printed) == []


# --- Setup ---------------------------------------------------------------------------


def test_missing_outputs_file_exits_two_and_says_how_to_write_it(deployed, tmp_path, capsys):
    code, _, _ = run(deployed, outputs=tmp_path / "absent.json")
    assert code == 2
    assert "cdktf output transaction-processor-unittest --outputs-file" in capsys.readouterr().err
    assert deployed.system.requests == []


def test_outputs_without_the_stack_exit_two_and_name_what_is_there(deployed, capsys):
    deployed.outputs.write_text(json.dumps({"webhook-pipeline-unittest": {"api_endpoint": "https://x"}}))
    code, _, _ = run(deployed)
    assert code == 2
    assert "no stack 'transaction-processor-unittest' (it has ['webhook-pipeline-unittest'])" in capsys.readouterr().err


def test_unreadable_api_key_exits_two_before_sending_anything(deployed, capsys):
    stacks = json.loads(deployed.outputs.read_text())
    stacks["transaction-processor-unittest"]["api_key_id"] = "absentkey1"
    deployed.outputs.write_text(json.dumps(stacks))
    code, _, _ = run(deployed)
    assert code == 2
    assert "cannot read API key 'absentkey1' in us-east-1" in capsys.readouterr().err
    assert deployed.system.requests == []
