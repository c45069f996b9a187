"""anomaly-detection when records or AWS fail, or time runs out: exactly the failing records are reported."""

import json

import pytest

from tests.unit.transaction_processor.anomaly_detection_support import (  # noqa: F401
    detector, fail_for, failures, image, stored_item, stream, stream_context, stream_record,
)
from tools.function_code import load_handler

load_handler("anomaly_detection")  # puts the function's zip root (and lambda_kit) on sys.path

from lambda_kit.batch import MissingItemId  # noqa: E402


def published_ids(tp_aws):
    return [json.loads(m["Body"])["transaction_id"] for m in tp_aws.published()]


def test_a_poison_record_and_an_sns_failure_are_exactly_the_reported_ones(detector, stream, tp_aws):
    # GIVEN a batch: a normal record, a high one whose publish fails, a malformed image, another high one
    normal, failing, good = stream.insert(
        image("t-normal"), image("t-sns-fails", amount="20000"), image("t-good", amount="30000"))
    poison = stream_record("999", {**image("t-poison", amount="20000"), "amount": {"S": "lots"}})
    fail_for("sns", "publish", "t-sns-fails")
    # WHEN the batch is processed
    result = detector([normal, failing, poison, good])
    # THEN exactly those two records are reported, by sequence number
    assert failures(result) == [failing["dynamodb"]["SequenceNumber"], "999"]
    # THEN the others were processed: the good one alerted on and flagged, the failing one left for a retry
    assert published_ids(tp_aws) == ["t-good"]
    assert stored_item(tp_aws, "t-good")["status"] == {"S": "FLAGGED"}
    assert stored_item(tp_aws, "t-sns-fails")["status"] == {"S": "ACCEPTED"}


def test_a_nearly_spent_deadline_reports_the_alerts_left_without_calling_aws(detector, stream, tp_aws):
    # GIVEN 20 s left: less than an alert's three calls in the worst case (36 s)
    records = stream.insert(image("t-1", amount="20000"), image("t-normal"), image("t-2", amount="20000"))
    # WHEN the batch is processed
    result = detector(records, stream_context(remaining_ms=20_000))
    # THEN the two alerts are reported, the normal record is done, and no AWS call started
    assert failures(result) == [records[0]["dynamodb"]["SequenceNumber"], records[2]["dynamodb"]["SequenceNumber"]]
    assert detector.calls == []
    assert tp_aws.published() == []


def test_a_failed_mark_repeats_the_alert_on_redelivery_but_never_loses_it(detector, stream, tp_aws):
    # GIVEN marking FLAGGED failing after the publish succeeded
    records = stream.insert(image("t-1", amount="20000"))
    fail_for("dynamodb", "update_item", "t-1", code="ProvisionedThroughputExceededException")
    # WHEN the record is processed
    # THEN it is reported, its alert is out, the item not yet marked
    assert failures(detector(records)) == [records[0]["dynamodb"]["SequenceNumber"]]
    assert published_ids(tp_aws) == ["t-1"]
    assert stored_item(tp_aws, "t-1")["status"] == {"S": "ACCEPTED"}
    # WHEN it is redelivered and DynamoDB has recovered
    from anomaly_rules import aws_clients

    aws_clients.reset()
    assert failures(detector(records)) == []
    # THEN the alert is repeated once and the item is now FLAGGED
    assert published_ids(tp_aws) == ["t-1"]
    assert stored_item(tp_aws, "t-1")["status"] == {"S": "FLAGGED"}


def test_a_failed_status_read_publishes_nothing(detector, stream, tp_aws):
    records = stream.insert(image("t-1", amount="20000"))
    fail_for("dynamodb", "get_item", "t-1")
    assert failures(detector(records)) == [records[0]["dynamodb"]["SequenceNumber"]]
    assert tp_aws.published() == []


def test_an_item_deleted_before_processing_is_alerted_on_but_never_recreated(detector, stream, tp_aws):
    # GIVEN an inserted high amount whose item an operator deleted before the record was processed
    records = stream.insert(image("t-gone", amount="20000"))
    tp_aws.dynamodb.delete_item(TableName=tp_aws.transactions_table, Key={"transaction_id": {"S": "t-gone"}})
    # WHEN / THEN the alert goes out, the record is done, and no stub item appears
    assert failures(detector(records)) == []
    assert published_ids(tp_aws) == ["t-gone"]
    assert stored_item(tp_aws, "t-gone") == {}


@pytest.mark.parametrize("event", [None, [], "x", {}, {"Records": None}, {"Records": {"a": 1}}])
def test_an_event_without_a_records_list_has_nothing_to_report(detector, tp_aws, event):
    assert detector.module.handler(event, stream_context()) == {"batchItemFailures": []}
    assert detector.calls == []


def test_a_failed_record_without_a_sequence_number_fails_the_whole_batch(detector, tp_aws):
    # GIVEN a malformed record that carries no sequence number to report
    record = {"eventName": "INSERT", "dynamodb": {"NewImage": {}}}
    # WHEN / THEN the batch raises, so Lambda retries all of it rather than dropping the record
    with pytest.raises(MissingItemId):
        detector([record])


@pytest.mark.parametrize(("name", "value"), [("ANOMALY_TOPIC_ARN", None), ("TRANSACTIONS_TABLE", None),
                                             ("HIGH_AMOUNT_THRESHOLD", "ten thousand")])
def test_a_misconfigured_function_raises_so_the_batch_is_retried_and_alarmed(detector, tp_aws, monkeypatch,
                                                                             name, value):
    if value is None:
        monkeypatch.delenv(name)
    else:
        monkeypatch.setenv(name, value)
    from anomaly_rules.settings import Misconfigured

    with pytest.raises(Misconfigured, match=name):
        detector([stream_record("1", image("t-1"))])
