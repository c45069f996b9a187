"""No AWS call starts unless it can finish before the deadline; what cannot is reported, not lost.

lambda_kit's worst case for one call (3 attempts of 2 s + 5 s, plus backoff)
is 24 s, and the handler keeps 0.5 s in reserve. The clock is a fake moved by
a botocore ``after-call`` hook, so "time passes" exactly where the test says.
"""

import json
import logging
from types import SimpleNamespace

import lambda_kit.deadline as deadline_module
import pytest
from lambda_kit.deadline import CLIENT_CONFIG, worst_case_call_ms

from market_data.aws_clients import clients

from tests.unit.market_data_processor.market_data_support import failures, published_bodies, sqs_event, tick

BATCH = [tick("FIRST", "151"), tick("CALM", "100"), tick("SECOND", "151"), "not json", tick("THIRD", "49"),
         tick("QUIET", "50")]


@pytest.fixture
def clock(monkeypatch):
    """A monotonic clock the test moves by hand."""
    now = SimpleNamespace(value=1_000.0)
    monkeypatch.setattr(deadline_module, "time", SimpleNamespace(monotonic=lambda: now.value))
    return now


def after_first_alert_spend(clock, seconds: float) -> None:
    """Move the clock ``seconds`` on as soon as the first alert is marked SENT."""

    def spend(**_kwargs):
        if clock.value == 1_000.0:
            clock.value += seconds

    clients.get("dynamodb").meta.events.register("after-call.dynamodb.UpdateItem", spend)


def test_the_worst_case_the_tests_rely_on():
    assert worst_case_call_ms(CLIENT_CONFIG) == 24_000


def test_a_nearly_spent_deadline_reports_the_rest_without_aws_calls(md_aws, md_calls, md_handler, md_context,
                                                                    clock, caplog):
    # GIVEN 60 s at the start, and 40 s gone once the first alert is done (19.5 s left: less than one call)
    after_first_alert_spend(clock, 40)
    # WHEN the batch is handled
    with caplog.at_level(logging.INFO, logger="market_data_processor"):
        result = md_handler(sqs_event(BATCH), md_context)
    # THEN every later message that needs AWS is reported; those needing none are done
    assert result == failures("msg-2", "msg-3", "msg-4")
    # AND the only AWS calls are the first alert's three
    assert md_calls == ["dynamodb:PutItem", "sns:Publish", "dynamodb:UpdateItem"]
    assert [a["symbol"] for a in md_aws.alerts()] == ["FIRST"]
    assert md_aws.dead_letters() == []
    failed = [json.loads(r.getMessage()) for r in caplog.records if '"outcome": "failed"' in r.getMessage()]
    assert [(f["message_id"], f["step"], f["error"]) for f in failed] == [
        ("msg-2", "put", "OutOfTime"), ("msg-3", "dead_letter", "OutOfTime"), ("msg-4", "put", "OutOfTime")]


def test_a_publish_starts_only_if_the_sent_mark_can_follow_it(md_aws, md_calls, md_handler, md_context, clock):
    # GIVEN 30 s gone after the first alert: 29.5 s left, room for one call (24 s) but not two (48 s)
    after_first_alert_spend(clock, 30)
    # WHEN the batch is handled
    result = md_handler(sqs_event(BATCH), md_context)
    # THEN later alerts are written PENDING but not published (so the deadline never causes a second
    # copy) and reported; the malformed message, one call, is still moved to the DLQ
    assert result == failures("msg-2", "msg-4")
    assert md_calls == ["dynamodb:PutItem", "sns:Publish", "dynamodb:UpdateItem",
                        "dynamodb:PutItem", "sqs:SendMessage", "dynamodb:PutItem"]
    assert [(a["symbol"], a["status"]) for a in md_aws.alerts()] == [
        ("FIRST", "SENT"), ("SECOND", "PENDING"), ("THIRD", "PENDING")]
    assert [m["symbol"] for m in published_bodies(md_aws.published())] == ["FIRST"]
    assert [m["MessageAttributes"]["source_message_id"]["StringValue"] for m in md_aws.dead_letters()] == ["msg-3"]


def test_an_invocation_without_time_for_one_call_makes_none(md_aws, md_calls, md_handler, md_context, clock):
    # GIVEN 20 s left at the start
    md_context.remaining_time_ms = 20_000
    # WHEN the batch is handled
    result = md_handler(sqs_event(BATCH), md_context)
    # THEN no AWS call is made, and every message needing one is reported
    assert result == failures("msg-0", "msg-2", "msg-3", "msg-4")
    assert md_calls == []
