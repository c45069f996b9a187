"""transaction-api when AWS fails or time runs out: 503 "...; retry", never a stack trace."""

import logging

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, ReadTimeoutError

from tests.fixtures.lambda_context import FakeLambdaContext
from tests.unit.transaction_processor.transaction_api_support import (  # noqa: F401
    UPLOAD_ID, FailingCall, api, call, seed_transaction, status_event, upload_event,
)

POST_UPLOAD = {"httpMethod": "POST", "resource": "/upload"}
THROTTLED = ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}, "Op")


def swap(service, operation, error):
    from upload_api import aws_clients

    fake = FailingCall(aws_clients.client(service), operation, error)
    aws_clients.use(service, fake)
    return fake


@pytest.mark.parametrize(("event", "operation", "error", "message"), [
    (POST_UPLOAD, "put_item", THROTTLED, "could not record the upload; retry"),
    (status_event("txn-0001"), "get_item", THROTTLED, "could not read the transaction; retry"),
    (upload_event(UPLOAD_ID), "get_item", THROTTLED, "could not read the upload result; retry"),
    (status_event("txn-0001"), "get_item", ReadTimeoutError(endpoint_url="https://dynamodb"),
     "could not read the transaction; retry"),
    (POST_UPLOAD, "put_item", EndpointConnectionError(endpoint_url="https://dynamodb"),
     "could not record the upload; retry"),
])
def test_a_dynamodb_failure_is_503_without_a_trace(api, tp_aws, caplog, event, operation, error, message):
    # GIVEN DynamoDB failing (after botocore's own bounded retries)
    seed_transaction(tp_aws)
    fake = swap("dynamodb", operation, error)
    # WHEN a request needs it
    with caplog.at_level(logging.ERROR, logger="transaction_api"):
        response = api.handler(event, FakeLambdaContext())
    # THEN the answer is exactly a JSON 503 asking to retry, and the log names the AWS error
    assert response == {"statusCode": 503, "headers": {"Content-Type": "application/json"},
                        "body": '{"error": "%s"}' % message}
    assert fake.attempts == 1
    assert "Traceback" not in caplog.text
    code = error.response["Error"]["Code"] if isinstance(error, ClientError) else type(error).__name__
    assert f'"detail": "{code}"' in caplog.text


def test_a_presigning_failure_is_503(api, tp_aws):
    # GIVEN credentials gone when signing (the only way local presigning fails)
    swap("s3", "generate_presigned_url", NoCredentialsError())
    # WHEN / THEN POST /upload answers 503
    assert call(api, POST_UPLOAD)[:2] == (503, {"error": "could not sign the upload URL; retry"})


def test_an_uuid_collision_is_503_and_never_overwrites(api, tp_aws, monkeypatch):
    # GIVEN an upload record that exists already, and uuid4 repeating its id
    tp_aws.dynamodb.put_item(TableName=tp_aws.upload_results_table,
                             Item={"upload_id": {"S": UPLOAD_ID}, "status": {"S": "PROCESSED"}})
    from upload_api import ids

    monkeypatch.setattr(ids, "new_upload_id", lambda: UPLOAD_ID)
    # WHEN / THEN the conditional put fails: 503, and the stored record is untouched
    assert call(api, POST_UPLOAD)[:2] == (503, {"error": "could not record the upload; retry"})
    item = tp_aws.dynamodb.get_item(TableName=tp_aws.upload_results_table, Key={"upload_id": {"S": UPLOAD_ID}})
    assert item["Item"]["status"] == {"S": "PROCESSED"}


@pytest.mark.parametrize("event", [POST_UPLOAD, status_event("txn-0001"), upload_event(UPLOAD_ID)])
def test_too_little_time_left_is_503_before_any_aws_call(api, tp_aws, event):
    # GIVEN 5 s left: less than one call's worst case (7 s) plus the reserve
    calls = []
    from upload_api import aws_clients

    aws_clients.client("dynamodb").meta.events.register("before-call.*.*", lambda model, **_: calls.append(model.name))
    # WHEN a request arrives
    status, body, _ = call(api, event, FakeLambdaContext(remaining_time_ms=5_000))
    # THEN it answers 503 without calling DynamoDB
    assert (status, body) == (503, {"error": "not enough time left to answer; retry"})
    assert calls == []


def test_a_bug_is_500_json_and_the_trace_stays_in_the_log(api, tp_aws, monkeypatch, caplog):
    # GIVEN an action that fails in an unforeseen way
    from upload_api import actions

    def broken(request):
        raise KeyError("boom")

    monkeypatch.setitem(actions.ACTIONS, "transaction_status", broken)
    # WHEN / THEN the caller sees a plain 500, the log has the trace
    with caplog.at_level(logging.ERROR, logger="transaction_api"):
        assert call(api, status_event("txn-0001"))[:2] == (500, {"error": "internal error"})
    assert "Traceback" in caplog.text and "KeyError" in caplog.text
