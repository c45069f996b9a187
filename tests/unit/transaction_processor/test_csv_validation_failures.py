"""Failures to finish on moto: too little time, AWS errors after botocore's bounded retries.

Each raises, so Lambda retries the event; the upload result stays PROCESSING
(never half-reported as PROCESSED), and the retry completes with exactly the
answer of an undisturbed run, nothing doubled.
"""

from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError

from tests.unit.transaction_processor.csv_validation_faults import PutItemFaults, stream_events
from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    csv_body,
    csv_context,
    csv_validation,
    row,
    uploads,
)

KEY, UPLOAD_ID = "uploads/u-1.csv", "u-1"
BODY = csv_body(row(transaction_id="t1"), row(transaction_id="t2", amount="0"), row(transaction_id="t3"),
                row(transaction_id="t1", amount="99.00"), row(transaction_id="t4"))
COUNTS = {"rows_total": 5, "rows_accepted": 3, "rows_rejected": 2}
ERRORS = [{"row": 3, "column": "amount", "reason": "must be greater than 0"},
          {"row": 5, "column": "transaction_id", "reason": "duplicate transaction_id"}]


def counts(result):
    return {name: result[name] for name in COUNTS}


def inserts(tp_aws):
    return sorted(tid for name, tid in stream_events(tp_aws) if name == "INSERT")


def test_nearly_spent_deadline_raises_before_any_call(tp_aws, csv_validation, uploads):
    # GIVEN the PENDING record and 40 s left (the claim and the final update need up to 48 s)
    uploads.pending(UPLOAD_ID)
    event = uploads.put(KEY, BODY)
    from lambda_kit.deadline import OutOfTime

    # WHEN / THEN the invocation fails, so Lambda retries it
    with pytest.raises(OutOfTime):
        csv_validation.handler(event, csv_context(remaining_ms=40_000))
    assert uploads.result(UPLOAD_ID)["status"] == "PENDING"
    assert uploads.transactions() == []


def test_deadline_reached_mid_file_raises_leaves_processing_and_the_retry_completes(
    tp_aws, csv_validation, uploads, monkeypatch
):
    # GIVEN 60 s left and a clock that moves 1 s per write sent: after a dozen writes,
    # less than the 48 s one more write and the final update may need are left
    import lambda_kit.deadline as deadline_module
    from csv_ingest.aws_clients import clients
    from lambda_kit.deadline import OutOfTime

    sent = []  # one entry per write sent: the clock's seconds

    clients.dynamodb.meta.events.register("before-send.dynamodb.PutItem", lambda **_: sent.append(1))
    clock = SimpleNamespace(monotonic=lambda: float(len(sent)))
    lines = [row(transaction_id=f"r{i}") for i in range(40)]
    event = uploads.put(KEY, csv_body(*lines))
    with monkeypatch.context() as patched, pytest.raises(OutOfTime):
        patched.setattr(deadline_module, "time", clock)
        csv_validation.handler(event, csv_context(remaining_ms=60_000))
    # THEN the result is not answered and only some rows were written
    assert uploads.result(UPLOAD_ID)["status"] == "PROCESSING"
    assert 0 < len(uploads.transactions()) < 40
    # WHEN Lambda retries with the full time (and the real clock)
    csv_validation.handler(event, csv_context())
    # THEN every row once, each inserted exactly once
    result = uploads.result(UPLOAD_ID)
    assert (result["status"], counts(result)) == ("PROCESSED", {"rows_total": 40, "rows_accepted": 40, "rows_rejected": 0})
    assert inserts(tp_aws) == sorted(f"r{i}" for i in range(40))


def test_transient_error_after_bounded_retries_fails_the_invocation_and_the_retry_completes(
    tp_aws, csv_validation, uploads, monkeypatch
):
    # GIVEN DynamoDB answering 500 to every attempt to write t3 (no backoff sleeps in tests)
    monkeypatch.setattr("botocore.retries.standard.ExponentialBackoff.delay_amount", lambda self, context: 0)
    from csv_ingest.aws_clients import clients

    fault = PutItemFaults("t3", failures=10)
    clients.dynamodb.meta.events.register_first("before-send.dynamodb.PutItem", fault)
    event = uploads.put(KEY, BODY)
    # WHEN / THEN the invocation fails after botocore's three attempts
    with pytest.raises(ClientError) as failure:
        csv_validation.handler(event, csv_context())
    assert failure.value.response["Error"]["Code"] == "InternalServerError"
    assert fault.attempts == 3
    assert uploads.result(UPLOAD_ID)["status"] == "PROCESSING"
    # WHEN the fault clears and Lambda retries the event
    fault.failures = 0
    csv_validation.handler(event, csv_context())
    # THEN the same answer as an undisturbed run, nothing doubled
    result = uploads.result(UPLOAD_ID)
    assert (result["status"], counts(result), result["errors"]) == ("PROCESSED", COUNTS, ERRORS)
    assert inserts(tp_aws) == ["t1", "t3", "t4"]


def test_one_transient_error_is_absorbed_by_botocores_retry(tp_aws, csv_validation, uploads, monkeypatch):
    monkeypatch.setattr("botocore.retries.standard.ExponentialBackoff.delay_amount", lambda self, context: 0)
    from csv_ingest.aws_clients import clients

    fault = PutItemFaults("t3", failures=1)
    clients.dynamodb.meta.events.register_first("before-send.dynamodb.PutItem", fault)
    csv_validation.handler(uploads.put(KEY, BODY), csv_context())
    assert fault.attempts == 1
    assert counts(uploads.result(UPLOAD_ID)) == COUNTS
