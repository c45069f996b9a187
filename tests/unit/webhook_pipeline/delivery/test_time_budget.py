"""Client budgets: no AWS step starts unless it and the claim's release fit in the time left."""

import pytest
from botocore.config import Config

from tests.unit.webhook_pipeline.delivery_support import FaultyClient
from tests.unit.webhook_pipeline.webhook_test_support import expect, make_delivery, parsed

OUT_OF_TIME = expect(503, {"error": "Not enough time left to process the event; retry"})


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def monotonic(self) -> float:
        return self.now

    def advance_ms(self, ms: int) -> None:
        self.now += ms / 1000


@pytest.fixture
def clock(monkeypatch):
    from webhook_validator import budget

    fake = FakeClock()
    monkeypatch.setattr(budget, "time", fake)
    return fake


def test_worst_case_of_one_call_follows_from_the_client_settings():
    # GIVEN / WHEN / THEN 2 x (1 s + 2 s) + 1 s backoff, and one 0.5 s + 1 s attempt
    from webhook_validator.aws_clients import CLIENT_CONFIG, SHORT_CLIENT_CONFIG, worst_case_call_ms

    assert (worst_case_call_ms(CLIENT_CONFIG), worst_case_call_ms(SHORT_CLIENT_CONFIG)) == (7_000, 1_500)
    assert worst_case_call_ms(Config(connect_timeout=1, read_timeout=1, retries={"total_max_attempts": 4})) == 8_000 + 7_000


@pytest.mark.parametrize(
    ("remaining_ms", "expected"),
    [(30_000, "CLIENT_CONFIG"), (21_500, "CLIENT_CONFIG"), (21_499, "SHORT_CLIENT_CONFIG"), (5_000, "SHORT_CLIENT_CONFIG"), (4_999, None)],
)
def test_settings_are_sized_from_the_time_left(clock, lambda_context, remaining_ms, expected):
    # GIVEN an invocation with this much time left (deadline: min(left, 29 s) - 0.5 s)
    from webhook_validator import aws_clients
    from webhook_validator.budget import Deadline, OutOfTime

    lambda_context.remaining_time_ms = remaining_ms
    deadline = Deadline.for_invocation(lambda_context)
    # WHEN the settings for claim + hand-off + release are picked
    # THEN the longest whose worst case fits, or OutOfTime
    if expected is None:
        with pytest.raises(OutOfTime):
            deadline.client_config(3)
    else:
        assert deadline.client_config(3) is getattr(aws_clients, expected)


def test_api_gateway_limit_caps_the_deadline(clock, lambda_context):
    # GIVEN a function with more than API Gateway's 29 s left
    from webhook_validator.budget import Deadline

    lambda_context.remaining_time_ms = 900_000
    # WHEN / THEN the deadline is 29 s - 0.5 s away
    assert Deadline.for_invocation(lambda_context).remaining_ms() == 28_500


def test_too_little_time_is_503_before_anything_is_claimed(aws, pipeline, validator, lambda_context, clock):
    # GIVEN 4.9 s left: not enough for claim + hand-off + release even with short settings
    lambda_context.remaining_time_ms = 4_900
    # WHEN / THEN 503, no claim, no hand-off
    assert parsed(validator.handler(make_delivery(), lambda_context)) == OUT_OF_TIME
    assert aws.item_count() == 0 and pipeline.invoke_calls == 0
    # WHEN the sender retries with time to spare THEN accepted
    lambda_context.remaining_time_ms = 30_000
    assert parsed(validator.handler(make_delivery(msg_id="msg_retry"), lambda_context))["statusCode"] == 200


def test_slow_claim_skips_the_hand_off_and_releases_the_claim(aws, pipeline, validator, lambda_context, clock):
    # GIVEN a claim write that takes 15 s, leaving 13.5 s: under hand-off + release (14 s)
    def slow(operation, kwargs):
        clock.advance_ms(15_000)
        return operation(**kwargs)

    from webhook_validator.aws_clients import clients

    clients.dynamodb = FaultyClient(aws.dynamodb, put_item=slow)
    # WHEN
    response = parsed(validator.handler(make_delivery(), lambda_context))
    # THEN 503, no hand-off started, and the claim released so the retry goes through
    assert response == OUT_OF_TIME
    assert pipeline.invoke_calls == 0
    assert aws.item("evt_pay_0001") is None
    assert parsed(validator.handler(make_delivery(msg_id="msg_retry"), lambda_context))["statusCode"] == 200


@pytest.mark.parametrize("remaining_ms", [5_000, 12_000, 21_500, 30_000])
def test_release_always_starts_with_a_whole_call_of_time_left(aws, pipeline, validator, lambda_context, clock, remaining_ms):
    # GIVEN claim and invoke each take their settings' worst case, and the invoke fails
    from webhook_validator.aws_clients import clients, worst_case_call_ms
    from webhook_validator.budget import Deadline

    lambda_context.remaining_time_ms = remaining_ms
    deadline = Deadline.for_invocation(lambda_context)
    call_ms = worst_case_call_ms(deadline.client_config(3))
    seen = {}

    def slow_claim(operation, kwargs):
        clock.advance_ms(call_ms)
        return operation(**kwargs)

    def release(operation, kwargs):
        seen["left_ms"] = deadline.remaining_ms()
        return operation(**kwargs)

    def slow_failing_invoke(**kwargs):
        clock.advance_ms(call_ms)
        return {"StatusCode": 500}

    clients.dynamodb = FaultyClient(aws.dynamodb, put_item=slow_claim, delete_item=release)
    pipeline.invoke = slow_failing_invoke
    # WHEN
    response = parsed(validator.handler(make_delivery(), lambda_context))
    # THEN 502, and when the release started a whole worst-case call still fitted
    assert response["statusCode"] == 502
    assert seen["left_ms"] >= call_ms
    assert aws.item("evt_pay_0001") is None
