"""process_partial_batch reports exactly the records that raised, by their own id."""

import logging

import pytest

from lambda_kit.batch import MissingItemId, process_partial_batch, sqs_message_id, stream_sequence_number

LOGGER = logging.getLogger("test_batch")


def fail_odd(record):
    if record["n"] % 2:
        raise ValueError(f"odd {record['n']}")


def test_only_failed_records_are_reported():
    records = [{"messageId": f"m{n}", "n": n} for n in range(5)]
    handled = []

    def handle(record):
        handled.append(record["n"])
        fail_odd(record)

    result = process_partial_batch(records, handle, sqs_message_id, LOGGER)
    assert result == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m3"}]}
    assert handled == [0, 1, 2, 3, 4]  # a failure does not stop the batch


def test_all_succeeded_reports_an_empty_list():
    records = [{"messageId": "m0", "n": 0}]
    assert process_partial_batch(records, fail_odd, sqs_message_id, LOGGER) == {"batchItemFailures": []}


@pytest.mark.parametrize("record", [{"n": 1}, {"messageId": "", "n": 1}, {"messageId": None, "n": 1}])
def test_a_failed_record_without_an_id_fails_the_whole_batch(record):
    with pytest.raises(MissingItemId):
        process_partial_batch([{"messageId": "m0", "n": 0}, record], fail_odd, sqs_message_id, LOGGER)


def test_a_failure_is_logged_with_its_id(caplog):
    with caplog.at_level(logging.WARNING, logger="test_batch"):
        process_partial_batch([{"messageId": "m1", "n": 1}], fail_odd, sqs_message_id, LOGGER)
    assert '"item_id": "m1"' in caplog.text and '"error": "ValueError"' in caplog.text


def test_stream_records_are_identified_by_sequence_number():
    assert stream_sequence_number({"dynamodb": {"SequenceNumber": "42"}}) == "42"
    assert stream_sequence_number({"dynamodb": "bad"}) is None
    assert stream_sequence_number({}) is None
