"""AWS failures in a batch: only the messages they hit are reported, the rest are done."""

import json
import logging

from botocore.exceptions import ClientError

from market_data.aws_clients import clients

from tests.unit.market_data_processor.market_data_support import failures, published_bodies, sqs_event, tick


def symbol_in(params) -> str:
    """The alert's symbol in PutItem, UpdateItem or Publish parameters ('' for others)."""
    key = params.get("Item") or params.get("Key") or {}
    if "symbol" in key:
        return key["symbol"]["S"]
    return params.get("MessageAttributes", {}).get("symbol", {}).get("StringValue", "")


def fail_for(symbol: str, operation: str):
    """A botocore hook failing ``operation`` for one symbol (any, if ''), as after every retry."""

    def hook(params, **_kwargs):
        if not symbol or symbol_in(params) == symbol:
            raise ClientError({"Error": {"Code": "InternalServerError", "Message": "injected"}}, operation)

    return hook


def inject(service: str, operation: str, symbol: str) -> None:
    events = clients.get(service).meta.events
    events.register(f"before-parameter-build.{service}.{operation}", fail_for(symbol, operation))


def test_one_dynamodb_and_one_sns_failure_report_only_their_messages(md_aws, md_handler, md_context, caplog):
    # GIVEN a batch where the write of FAILDB's alert and the publish of FAILSNS's alert fail
    inject("dynamodb", "PutItem", "FAILDB")
    inject("sns", "Publish", "FAILSNS")
    event = sqs_event([tick("OK", "151"), tick("FAILDB", "151"), tick("FAILSNS", "49"), tick("CALM", "100"), "{}"])
    # WHEN the handler runs
    with caplog.at_level(logging.INFO, logger="market_data_processor"):
        result = md_handler(event, md_context)
    # THEN exactly those two messages are reported for redelivery
    assert result == failures("msg-1", "msg-2")
    # AND the others are done: OK stored SENT and published, the malformed one dead-lettered
    assert [(a["symbol"], a["status"]) for a in md_aws.alerts()] == [("FAILSNS", "PENDING"), ("OK", "SENT")]
    assert [m["symbol"] for m in published_bodies(md_aws.published())] == ["OK"]
    assert [m["MessageAttributes"]["source_message_id"]["StringValue"] for m in md_aws.dead_letters()] == ["msg-4"]
    # AND each failure is logged with its step and AWS error code
    failed = [json.loads(r.getMessage()) for r in caplog.records if '"outcome": "failed"' in r.getMessage()]
    assert [(f["message_id"], f["step"], f["error"]) for f in failed] == [
        ("msg-1", "put", "InternalServerError"), ("msg-2", "publish", "InternalServerError")]


def test_redelivery_after_the_failures_completes_both_alerts(md_aws, md_handler, md_context):
    # GIVEN the failures above, then healthy AWS for the redelivery of the two reported messages
    inject("dynamodb", "PutItem", "FAILDB")
    inject("sns", "Publish", "FAILSNS")
    event = sqs_event([tick("FAILDB", "151"), tick("FAILSNS", "49")])
    assert md_handler(event, md_context) == failures("msg-0", "msg-1")
    clients.reset()
    # WHEN SQS redelivers them
    assert md_handler(event, md_context) == failures()
    # THEN both are SENT and each was published once
    assert [(a["symbol"], a["status"]) for a in md_aws.alerts()] == [("FAILDB", "SENT"), ("FAILSNS", "SENT")]
    assert sorted(m["symbol"] for m in published_bodies(md_aws.published())) == ["FAILDB", "FAILSNS"]


def test_a_failed_mark_is_reported_and_the_redelivery_publishes_a_second_copy(md_aws, md_handler, md_context):
    # GIVEN the SENT mark fails after the publish
    inject("dynamodb", "UpdateItem", "MARK")
    event = sqs_event([tick("MARK", "151")])
    # WHEN the message is handled, then redelivered with the mark working
    first = md_handler(event, md_context)
    clients.reset()
    second = md_handler(event, md_context)
    # THEN the first delivery is reported, and the alert went out twice (at least once), then SENT
    assert (first, second) == (failures("msg-0"), failures())
    assert [m["symbol"] for m in published_bodies(md_aws.published())] == ["MARK", "MARK"]
    assert [(a["symbol"], a["status"]) for a in md_aws.alerts()] == [("MARK", "SENT")]


def test_a_failed_move_to_the_dlq_is_reported_for_redelivery(md_aws, md_handler, md_context):
    # GIVEN SendMessage to the DLQ fails
    inject("sqs", "SendMessage", "")
    # WHEN a malformed message and a good one are handled
    result = md_handler(sqs_event(["not json", tick("OK", "151")]), md_context)
    # THEN the malformed one is reported (SQS redelivers it; its receive count still leads to the DLQ)
    assert result == failures("msg-0")
    assert md_aws.dead_letters() == []
    assert [a["symbol"] for a in md_aws.alerts()] == ["OK"]
