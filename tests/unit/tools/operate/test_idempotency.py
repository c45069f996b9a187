"""A replay of an event that already went through has no duplicate effect: one test per system.

Each replays through `operate redrive` into the system's real handler (in-process), after the event
was processed once, and shows what absorbs it: the webhook pipeline's dedup claim (and, past the router, the
event_id every copy carries), csv-validation's conditional writes and upload claim, anomaly detection's alert
status, the market data processor's SENT alert.
"""

import base64
import hashlib
import hmac
import json
import time

import boto3
import pytest

from tests.fixtures.lambda_context import FakeLambdaContext
from tests.unit.tools.operate.stream_support import alerted, park_stream_failure, status_of, stream_records, transaction
from tools.function_code import load_handler
from tools.operate.sandbox.fakes import FakeLambda, lambda_failure_record

SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()


def signed_delivery(body: str) -> dict:
    """An API Gateway proxy event carrying `body`, signed per Standard Webhooks."""
    msg_id, timestamp = "msg_ops_1", str(int(time.time()))
    digest = hmac.new(bytes(range(32)), f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    headers = {"content-type": "application/json", "webhook-id": msg_id, "webhook-timestamp": timestamp,
               "webhook-signature": "v1," + base64.b64encode(digest).decode()}
    return {"httpMethod": "POST", "path": "/webhook", "headers": headers,
            "multiValueHeaders": {k: [v] for k, v in headers.items()}, "body": body, "isBase64Encoded": False}


@pytest.fixture
def validator(box, monkeypatch):
    handler = load_handler("validator")
    from webhook_validator.aws_clients import clients
    from webhook_validator.signing_secret import secret_cache

    arn = boto3.client("secretsmanager", region_name="us-east-1").create_secret(
        Name=box.web.signing_secret, SecretString=SECRET)["ARN"]
    for name, value in {"DYNAMODB_TABLE": box.web.dedup_table, "ROUTER_LAMBDA_NAME": box.web.router_function,
                        "WEBHOOK_SECRET_ARN": arn}.items():
        monkeypatch.setenv(name, value)
    clients.reset()
    secret_cache.clear()
    clients.lambda_ = handoffs = FakeLambda()  # Lambda queues the router's event: what happens next is its own
    yield lambda body: (handler.handler(signed_delivery(body), FakeLambdaContext(remaining_time_ms=29_000)), handoffs)
    clients.reset()
    secret_cache.clear()


def payments(box) -> list[dict]:
    return box.drain("payments-queue-ops")


def test_webhook_a_replayed_event_is_absorbed_by_the_dedup_claim(box, operate, validator, router_function):
    body = json.dumps({"event_id": "evt-7", "transaction_type": "payment", "amount": 42.5,
                       "timestamp": "2026-11-24T03:00:00Z"})
    response, handoffs = validator(body)
    assert response["statusCode"] == 200
    # The router failed three times: Lambda parks the validator's hand-off with the error.
    box.park("router-failures", lambda_failure_record(box.web.router_function, handoffs.calls[0]["payload"],
                                                      "ClientError", "AccessDenied on SendMessage"))
    router = FakeLambda(functions={box.web.router_function: router_function})

    assert operate("redrive", "router-failures", lambda_client=router)[0] == 0
    assert operate("redrive", "router-failures", lambda_client=router)[0] == 0  # run again: nothing left to replay
    retry, _ = validator(body)  # the sender retries the same event

    assert retry["statusCode"] == 409 and json.loads(retry["body"]) == {"error": "Duplicate event"}
    assert len(handoffs.calls) == 1 and len(router.calls) == 1
    (routed,) = payments(box)
    assert routed["MessageAttributes"]["event_id"]["StringValue"] == "evt-7"


def test_webhook_a_replay_past_the_router_carries_the_same_event_id(box, operate, router_function):
    """The router has no dedup of its own: when a failed SendMessage had in fact been applied, the replay delivers a
    second copy. Both carry the event_id, as every routed message does (at least once, SPEC.md): consumers dedup."""
    event = {"event_id": "evt-8", "transaction_type": "payment", "amount": 1, "timestamp": "2026-11-24T03:00:00Z"}
    router_function(event)  # the send that was applied, though its answer was lost
    box.park("router-failures", lambda_failure_record(box.web.router_function, event, "ReadTimeoutError", "timeout"))
    router = FakeLambda(functions={box.web.router_function: router_function})
    operate("redrive", "router-failures", lambda_client=router)
    first, second = payments(box)
    assert first["Body"] == second["Body"]
    assert first["MessageAttributes"]["event_id"] == second["MessageAttributes"]["event_id"]


def test_transaction_processor_csv_replay_of_a_processed_upload_stores_nothing_new(box, operate, csv_function):
    s3, bucket = boto3.client("s3", region_name="us-east-1"), box.tp.uploads_bucket("123456789012")
    body = b"transaction_id,merchant_id,amount,currency,card_number,timestamp\r\n" \
           b"txn-1,m-1,12000,USD,4111111111111111,2026-11-24T02:00:00Z\r\n"
    put = s3.put_object(Bucket=bucket, Key="uploads/u-1.csv", Body=body)
    event = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {
        "bucket": {"name": bucket}, "object": {"key": "uploads/u-1.csv", "size": len(body), "eTag": put["ETag"],
                                               "versionId": put["VersionId"], "sequencer": "0055AED6DCD90281E5"}}}]}
    csv_function(event)  # processed: the invocation timed out only after finishing
    box.dynamodb.update_item(TableName=box.tp.transactions_table, Key={"transaction_id": {"S": "txn-1"}},
                             UpdateExpression="SET #s = :f", ExpressionAttributeNames={"#s": "status"},
                             ExpressionAttributeValues={":f": {"S": "FLAGGED"}})  # anomaly detection alerted
    before = {table: box.dynamodb.scan(TableName=table)["Items"]
              for table in (box.tp.transactions_table, box.tp.upload_results_table)}
    box.park("csv-validation-failures", lambda_failure_record(box.tp.csv_validation_function, event, "Timeout", "x"))

    code, _ = operate("redrive", "csv-validation-failures",
                      lambda_client=FakeLambda(functions={box.tp.csv_validation_function: csv_function}))

    assert code == 0
    after = {table: box.dynamodb.scan(TableName=table)["Items"] for table in before}
    assert after == before  # no item added or changed: FLAGGED stays, the result keeps its status and counts
    assert box.visible("csv-validation-failures-ops") == 0


def test_transaction_processor_anomaly_replay_of_a_flagged_item_alerts_nothing(box, operate, anomaly_function):
    box.dynamodb.put_item(TableName=box.tp.transactions_table, Item=transaction("txn-1"))
    records = stream_records(box)
    anomaly_function({"Records": records})  # alerted and FLAGGED the first time
    assert alerted(box) == ["txn-1"] and status_of(box, "txn-1") == "FLAGGED"
    park_stream_failure(box, records)
    detector = FakeLambda(functions={box.tp.anomaly_detection_function: anomaly_function})

    code, _ = operate("redrive", "anomaly-detection-failures", lambda_client=detector)

    assert code == 0 and len(detector.calls) == 1
    assert alerted(box) == [] and status_of(box, "txn-1") == "FLAGGED"


def test_market_data_replay_of_a_sent_alert_publishes_nothing(box, operate, market_data_function):
    tick = '{"symbol":"ACME","price":151.25,"timestamp":"2026-11-24T10:15:00Z"}'
    market_data_function({"Records": [{"messageId": "m-1", "body": tick, "eventSource": "aws:sqs"}]})
    assert len(box.drain(f"{box.md.alerts_topic}-tap")) == 1  # alerted, marked SENT
    box.park("market-data-dlq", tick)  # a later copy that reached the DLQ after 5 receives

    assert operate("redrive", "market-data-dlq")[0] == 0
    received = box.drain(box.md.queue)  # what the event source mapping then delivers
    answer = market_data_function({"Records": [{"messageId": m["MessageId"], "body": m["Body"],
                                                "eventSource": "aws:sqs"} for m in received]})

    assert len(received) == 1 and answer == {"batchItemFailures": []}
    assert box.drain(f"{box.md.alerts_topic}-tap") == []
    (alert,) = box.dynamodb.scan(TableName=box.md.alerts_table)["Items"]
    assert alert["status"] == {"S": "SENT"}
