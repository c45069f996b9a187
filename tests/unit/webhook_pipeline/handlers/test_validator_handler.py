"""The validator handler on moto: every row of the SPEC's webhook contract.

The router hand-off goes to ``aws.lambda_client`` (a ``FakeLambdaClient``).
"""

import base64
import json
import time

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from tests.unit.webhook_pipeline.webhook_test_support import (
    OTHER_SECRET,
    event_body,
    expect,
    load_event,
    make_delivery,
    parsed,
)

PAYMENT = event_body("payment_delivery.json")


def with_fields(**changes):
    """The sample payment event with fields replaced (``None`` values are removed)."""
    event = {**PAYMENT, **changes}
    return {k: v for k, v in event.items() if v is not None}


def raw_json_with(field: str, literal: str) -> str:
    """The sample payment JSON with one field's value replaced by a raw JSON literal."""
    return json.dumps({**PAYMENT, field: "__X__"}, ensure_ascii=False).replace('"__X__"', literal)


# ---------------------------------------------------------------- accepted


def test_signed_valid_event_is_accepted_claimed_and_handed_to_the_router(aws, validator, lambda_context):
    # GIVEN a signed payment delivery with extra fields
    delivery = make_delivery("payment_delivery.json")
    # WHEN the validator handles it
    response = validator.handler(delivery, lambda_context)
    # THEN 200 with the exact body
    assert parsed(response) == expect(
        200, {"message": "Event validated and queued for processing", "event_id": "evt_pay_0001"}
    )
    # THEN the router was invoked once, asynchronously, with the event itself (extras kept)
    assert len(aws.lambda_client.calls) == 1
    call = aws.lambda_client.calls[0]
    assert call["FunctionName"] == aws.router_name
    assert call["InvocationType"] == "Event"
    assert call["Payload"] == json.dumps(PAYMENT, ensure_ascii=False, separators=(",", ":")).encode()
    assert aws.lambda_client.payloads == [PAYMENT]
    # THEN the claim is completed, keeps its 30-day ttl and no longer expires
    item = aws.item("evt_pay_0001")
    assert item["status"] == {"S": "COMPLETED"}
    assert "claim_expires_at" not in item
    assert abs(int(item["ttl"]["N"]) - (time.time() + 30 * 86400)) < 60


@pytest.mark.parametrize("name", ["refund_delivery_base64.json", "dispute_delivery.json"])
def test_other_sample_deliveries_are_accepted(aws, validator, lambda_context, name):
    # GIVEN a signed sample delivery (the refund one is base64 encoded by API Gateway)
    delivery = make_delivery(name)
    # WHEN
    response = validator.handler(delivery, lambda_context)
    # THEN
    assert parsed(response) == expect(
        200, {"message": "Event validated and queued for processing", "event_id": event_body(name)["event_id"]}
    )
    assert aws.lambda_client.payloads == [event_body(name)]


def test_base64_encoded_body_is_verified_and_accepted(aws, validator, lambda_context):
    # GIVEN a payment body that API Gateway passed base64 encoded
    delivery = make_delivery("payment_delivery.json", base64_encoded=True)
    assert delivery["isBase64Encoded"] is True
    # WHEN
    response = validator.handler(delivery, lambda_context)
    # THEN
    assert parsed(response)["statusCode"] == 200
    assert aws.lambda_client.payloads == [PAYMENT]


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_signature_headers_in_any_casing_are_found(aws, validator, lambda_context, case):
    # GIVEN / WHEN / THEN
    response = validator.handler(make_delivery(header_case=case), lambda_context)
    assert parsed(response)["statusCode"] == 200


def test_claim_records_deadline_of_this_invocation(aws, validator, lambda_context, monkeypatch):
    # GIVEN an invocation with 12 s left, and a hand-off that we inspect mid-flight
    monkeypatch.setattr(lambda_context, "get_remaining_time_in_millis", lambda: 12_000)
    seen = {}
    aws.lambda_client.forward_to = lambda event, ctx: seen.update(aws.item(event["event_id"]))
    before_ms = int(time.time() * 1000)
    # WHEN
    response = validator.handler(make_delivery(), lambda_context)
    # THEN during the hand-off the item was an IN_PROGRESS claim expiring at the deadline + 1 s
    after_ms = int(time.time() * 1000)
    assert parsed(response)["statusCode"] == 200
    assert seen["status"] == {"S": "IN_PROGRESS"}
    assert len(seen["claim_token"]["S"]) == 32
    assert before_ms + 13_000 <= int(seen["claim_expires_at"]["N"]) <= after_ms + 13_000


# ---------------------------------------------------------------- duplicates and claims


def test_second_delivery_of_same_event_is_a_duplicate(aws, validator, lambda_context):
    # GIVEN an event that was accepted
    assert parsed(validator.handler(make_delivery(), lambda_context))["statusCode"] == 200
    # WHEN it is delivered again (new signature, same event_id)
    response = validator.handler(make_delivery(msg_id="msg_retry"), lambda_context)
    # THEN 409 and no second hand-off
    assert parsed(response) == expect(409, {"error": "Duplicate event"})
    assert len(aws.lambda_client.calls) == 1


def put_claim(aws, status, expires_at_ms=None, token="a" * 32):
    item = {
        "event_id": {"S": PAYMENT["event_id"]},
        "status": {"S": status},
        "claim_token": {"S": token},
        "ttl": {"N": str(int(time.time()) + 86400)},
    }
    if expires_at_ms is not None:
        item["claim_expires_at"] = {"N": str(expires_at_ms)}
    aws.dynamodb.put_item(TableName=aws.table_name, Item=item)


def test_stale_in_progress_claim_is_taken_over(aws, validator, lambda_context):
    # GIVEN a claim left by a validator that died; its deadline has passed
    put_claim(aws, "IN_PROGRESS", expires_at_ms=int(time.time() * 1000) - 1)
    # WHEN the sender retries
    response = validator.handler(make_delivery(), lambda_context)
    # THEN the event is accepted under a new claim
    assert parsed(response)["statusCode"] == 200
    assert len(aws.lambda_client.calls) == 1
    item = aws.item(PAYMENT["event_id"])
    assert item["status"] == {"S": "COMPLETED"}
    assert item["claim_token"]["S"] != "a" * 32


def test_fresh_in_progress_claim_is_a_duplicate(aws, validator, lambda_context):
    # GIVEN a claim whose validator may still be running
    put_claim(aws, "IN_PROGRESS", expires_at_ms=int(time.time() * 1000) + 20_000)
    # WHEN
    response = validator.handler(make_delivery(), lambda_context)
    # THEN 409, no hand-off, the claim untouched
    assert parsed(response) == expect(409, {"error": "Duplicate event"})
    assert aws.lambda_client.calls == []
    assert aws.item(PAYMENT["event_id"])["claim_token"] == {"S": "a" * 32}


def test_completed_event_is_a_duplicate_however_old(aws, validator, lambda_context):
    # GIVEN an event already completed (no claim expiry any more)
    put_claim(aws, "COMPLETED")
    # WHEN
    response = validator.handler(make_delivery(), lambda_context)
    # THEN
    assert parsed(response) == expect(409, {"error": "Duplicate event"})
    assert aws.lambda_client.calls == []


def test_table_unavailable_is_503_without_hand_off(aws, validator, lambda_context):
    # GIVEN the table does not exist (e.g. wrong name, outage)
    aws.dynamodb.delete_table(TableName=aws.table_name)
    # WHEN
    response = validator.handler(make_delivery(), lambda_context)
    # THEN
    assert parsed(response) == expect(503, {"error": "Event could not be recorded; retry"})
    assert aws.lambda_client.calls == []


# ---------------------------------------------------------------- hand-off failure


@pytest.mark.parametrize(
    "break_it",
    [
        lambda fake: setattr(fake, "status_code", 500),
        lambda fake: setattr(fake, "status_code", 200),
        lambda fake: setattr(fake, "function_error", "Unhandled"),
        lambda fake: setattr(
            fake, "error", ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "x"}}, "Invoke")
        ),
        lambda fake: setattr(fake, "error", ReadTimeoutError(endpoint_url="https://lambda")),
    ],
    ids=["status-500", "status-200-not-async", "function-error", "throttled", "timeout"],
)
def test_failed_hand_off_releases_the_claim_so_a_retry_is_accepted(aws, validator, lambda_context, break_it):
    # GIVEN a router hand-off that fails
    break_it(aws.lambda_client)
    # WHEN the event is delivered
    response = validator.handler(make_delivery(), lambda_context)
    # THEN 502 and the claim is gone
    assert parsed(response) == expect(502, {"error": "Event could not be handed to the router; retry"})
    assert aws.item(PAYMENT["event_id"]) is None
    # WHEN the hand-off works again and the sender retries
    aws.lambda_client.status_code, aws.lambda_client.function_error, aws.lambda_client.error = 202, None, None
    retry = validator.handler(make_delivery(msg_id="msg_retry"), lambda_context)
    # THEN the retry is accepted
    assert parsed(retry)["statusCode"] == 200
    assert aws.item(PAYMENT["event_id"])["status"] == {"S": "COMPLETED"}


class FailingWrites:
    """Wraps the moto DynamoDB client; the named operations raise."""

    def __init__(self, client, *failing):
        self._client = client
        self._failing = failing

    def __getattr__(self, name):
        if name in self._failing:
            def fail(**kwargs):
                raise ClientError({"Error": {"Code": "InternalServerError", "Message": "x"}}, name)
            return fail
        return getattr(self._client, name)


def test_failed_release_still_answers_5xx_and_the_claim_expires(aws, validator, lambda_context):
    # GIVEN a failing hand-off and a failing release
    from webhook_validator.aws_clients import clients

    clients.dynamodb = FailingWrites(aws.dynamodb, "delete_item")
    aws.lambda_client.status_code = 500
    # WHEN
    response = validator.handler(make_delivery(), lambda_context)
    # THEN still a JSON 5xx, and the claim left behind carries its expiry
    assert parsed(response) == expect(502, {"error": "Event could not be handed to the router; retry"})
    item = aws.item(PAYMENT["event_id"])
    assert item["status"] == {"S": "IN_PROGRESS"}
    assert int(item["claim_expires_at"]["N"]) <= time.time() * 1000 + 31_000 + 1_000


def test_failed_completion_still_answers_200(aws, validator, lambda_context):
    # GIVEN the hand-off works but marking the claim completed fails
    from webhook_validator.aws_clients import clients

    clients.dynamodb = FailingWrites(aws.dynamodb, "update_item")
    # WHEN
    response = validator.handler(make_delivery(), lambda_context)
    # THEN the event was handed on, so the answer is 200
    assert parsed(response)["statusCode"] == 200
    assert len(aws.lambda_client.calls) == 1


# ---------------------------------------------------------------- 400s


@pytest.mark.parametrize("field", ["event_id", "transaction_type", "amount", "timestamp"])
def test_each_missing_field_is_400_with_exact_message(aws, validator, lambda_context, field):
    # GIVEN a signed delivery without one required field
    delivery = make_delivery(body=with_fields(**{field: None}))
    # WHEN
    response = validator.handler(delivery, lambda_context)
    # THEN
    assert parsed(response) == expect(400, {"error": f"Missing required field: {field}"})
    assert aws.item_count() == 0 and aws.lambda_client.calls == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{not json", "Request body is not valid JSON"),
        ("", "Request body is not valid JSON"),
        ("[1, 2]", "Request body must be a JSON object"),
        ('"a string"', "Request body must be a JSON object"),
        ("42", "Request body must be a JSON object"),
        ("null", "Request body must be a JSON object"),
        (raw_json_with("amount", "true"), "Field amount must be a number"),
        (raw_json_with("amount", '"12.50"'), "Field amount must be a number"),
        (raw_json_with("amount", "NaN"), "Request body contains NaN, which is not valid JSON"),
        (raw_json_with("amount", "Infinity"), "Request body contains Infinity, which is not valid JSON"),
        (raw_json_with("amount", "1e400"), "Field amount must be a finite number"),
        (raw_json_with("amount", "12345678901234567.89"), "Field 'amount' holds a number a 64-bit float cannot "
                                                          "carry unchanged (too many significant digits, or out of range)"),
        (raw_json_with("transaction_type", '"chargeback"'), "Field transaction_type must be one of: payment, refund, dispute"),
        (raw_json_with("event_id", '""'), "Field event_id must not be empty"),
        (raw_json_with("timestamp", '"23/11/2026 10:00"'), "Field timestamp does not match the required format"),
        (raw_json_with("timestamp", '"2026-11-23T10:00:00"'), "Field timestamp does not match the required format"),
        (raw_json_with("timestamp", '"2026-02-30T10:00:00Z"'), "Field timestamp must be a valid ISO 8601 date-time"),
        ('{"event_id": "a", "event_id": "b", "transaction_type": "payment", "amount": 1, "timestamp": "2026-11-23T10:00:00Z"}',
         "Request body contains duplicate key: event_id"),
    ],
)
def test_bad_bodies_are_400_naming_the_problem(aws, validator, lambda_context, body, message):
    # GIVEN a correctly signed delivery with a bad body
    delivery = make_delivery(body=body)
    # WHEN
    response = validator.handler(delivery, lambda_context)
    # THEN 400 with the exact message, and nothing claimed or handed on
    assert parsed(response) == expect(400, {"error": message})
    assert aws.item_count() == 0 and aws.lambda_client.calls == []


def test_invalid_base64_body_is_400(aws, validator, lambda_context):
    # GIVEN a body API Gateway marked base64 that is not base64
    delivery = make_delivery()
    delivery["isBase64Encoded"] = True
    delivery["body"] = "%%% not base64 %%%"
    # WHEN / THEN
    assert parsed(validator.handler(delivery, lambda_context)) == expect(
        400, {"error": "Request body is not valid base64"}
    )


def test_signed_body_that_is_not_utf8_is_400(aws, validator, lambda_context):
    # GIVEN signed bytes that are not UTF-8 (only possible through base64)
    delivery = make_delivery(body=b"\xff\xfe\x00{}", base64_encoded=True)
    # WHEN / THEN
    assert parsed(validator.handler(delivery, lambda_context)) == expect(
        400, {"error": "Request body is not valid UTF-8"}
    )


def test_oversized_body_is_413(aws, validator, lambda_context):
    # GIVEN a signed event one byte over 256 KiB
    small = json.dumps(with_fields(pad=""), ensure_ascii=False).encode()
    body = with_fields(pad="x" * (262_144 + 1 - len(small)))
    delivery = make_delivery(body=body)
    assert len(delivery["body"].encode()) == 262_145
    # WHEN
    response = validator.handler(delivery, lambda_context)
    # THEN
    assert parsed(response) == expect(413, {"error": "Request body exceeds 262144 bytes"})
    assert aws.item_count() == 0


@pytest.mark.parametrize("event", [{}, {"body": None, "headers": None}, [], "x", None])
def test_malformed_proxy_events_get_a_json_4xx(aws, validator, lambda_context, event):
    # GIVEN something that is not a well-formed proxy event
    # WHEN
    response = parsed(validator.handler(event, lambda_context))
    # THEN a JSON 401 (nothing signed), never an exception
    assert response == expect(401, {"error": "Missing webhook-id header"})


# ---------------------------------------------------------------- 401 / 503


def unsigned(delivery):
    for name in ("Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"):
        delivery["headers"].pop(name)
    return delivery


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (unsigned, "Missing webhook-id header"),
        (lambda d: d["headers"].pop("Webhook-Signature") and d, "Missing webhook-signature header"),
        (lambda d: d["headers"].update({"Webhook-Signature": "v1,AAAA"}) or d, "No valid webhook signature"),
        (lambda d: d.update({"body": d["body"].replace("125.5", "1.5")}) or d, "No valid webhook signature"),
    ],
    ids=["unsigned", "no-signature", "bad-signature", "tampered-body"],
)
def test_unsigned_or_badly_signed_is_401_and_nothing_is_written(aws, validator, lambda_context, mutate, message):
    # GIVEN a delivery whose signature is missing or wrong
    delivery = mutate(make_delivery())
    # WHEN
    response = validator.handler(delivery, lambda_context)
    # THEN 401, and a forger cannot pre-register the event_id
    assert parsed(response) == expect(401, {"error": message})
    assert aws.item_count() == 0 and aws.lambda_client.calls == []


@pytest.mark.parametrize(("offset", "message"), [(-301, "Webhook timestamp too old"), (301, "Webhook timestamp too new")])
def test_stale_or_future_delivery_is_401(aws, validator, lambda_context, offset, message):
    # GIVEN / WHEN
    delivery = make_delivery(timestamp=int(time.time()) + offset)
    # THEN
    assert parsed(validator.handler(delivery, lambda_context)) == expect(401, {"error": message})
    assert aws.item_count() == 0


def test_delivery_signed_with_another_secret_is_401(aws, validator, lambda_context):
    # GIVEN / WHEN / THEN
    delivery = make_delivery(secret=OTHER_SECRET)
    assert parsed(validator.handler(delivery, lambda_context)) == expect(401, {"error": "No valid webhook signature"})
    assert aws.item_count() == 0


def test_secret_without_a_value_is_503(aws, validator, lambda_context, monkeypatch):
    # GIVEN the stack created the secret but no operator has set its value
    arn = aws.secretsmanager.create_secret(Name="webhook-signing-secret-empty")["ARN"]
    monkeypatch.setenv("WEBHOOK_SECRET_ARN", arn)
    # WHEN a signed delivery arrives
    response = validator.handler(make_delivery(), lambda_context)
    # THEN 503, nothing claimed
    assert parsed(response) == expect(503, {"error": "Signing secret unavailable"})
    assert aws.item_count() == 0 and aws.lambda_client.calls == []
    # WHEN the operator sets the value THEN the next delivery goes through (failure not cached)
    from tests.unit.webhook_pipeline.webhook_test_support import SIGNING_SECRET

    aws.secretsmanager.put_secret_value(SecretId=arn, SecretString=SIGNING_SECRET)
    assert parsed(validator.handler(make_delivery(), lambda_context))["statusCode"] == 200


def test_missing_configuration_is_a_json_500(aws, validator, lambda_context, monkeypatch):
    # GIVEN a deployment without the table name
    monkeypatch.delenv("DYNAMODB_TABLE")
    # WHEN / THEN
    assert parsed(validator.handler(make_delivery(), lambda_context)) == expect(
        500, {"error": "Validator is misconfigured"}
    )


def test_unexpected_bug_is_a_json_500(aws, validator, lambda_context, monkeypatch):
    # GIVEN a bug deep inside (simulated)
    from webhook_validator import payload

    def boom(raw):
        raise KeyError("bug")

    monkeypatch.setattr(payload, "parse_event", boom)
    # WHEN / THEN the handler still answers JSON
    assert parsed(validator.handler(make_delivery(), lambda_context)) == expect(500, {"error": "Internal error"})


def test_sample_events_are_api_gateway_rest_proxy_events():
    # GIVEN / WHEN the sample events THEN they have the REST (v1) proxy shape
    for name in ("payment_delivery.json", "refund_delivery_base64.json", "dispute_delivery.json"):
        event = load_event(name)
        assert event["httpMethod"] == "POST" and event["resource"] == "/webhook"
        assert isinstance(event["isBase64Encoded"], bool)
        body = base64.b64decode(event["body"]) if event["isBase64Encoded"] else event["body"].encode()
        assert set(json.loads(body)) >= {"event_id", "transaction_type", "amount", "timestamp"}
