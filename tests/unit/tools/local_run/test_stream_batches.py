"""A stream mapping's retries: whole batch, halves with bisect, from the first reported failure; the failure record."""

from datetime import datetime, timezone

from tools.local_run.triggers.stream_batches import Attempt, on_failure_record, split_after_answer

RECORDS = [{"dynamodb": {"SequenceNumber": str(n), "ApproximateCreationDateTime": 1_790_000_000 + n}} for n in range(4)]


def test_success_retries_nothing():
    assert split_after_answer(Attempt(RECORDS, 0), {"batchItemFailures": []}, False, True, True) == []
    assert split_after_answer(Attempt(RECORDS, 0), None, False, False, False) == []


def test_a_partial_answer_retries_from_the_lowest_failed_sequence_number():
    answer = {"batchItemFailures": [{"itemIdentifier": "3"}, {"itemIdentifier": "1"}]}
    assert split_after_answer(Attempt(RECORDS, 0), answer, False, True, True) == [Attempt(RECORDS[1:], 1)]


def test_a_function_error_retries_the_batch_or_its_halves():
    assert split_after_answer(Attempt(RECORDS, 1), None, True, True, False) == [Attempt(RECORDS, 2)]
    halves = [Attempt(RECORDS[:2], 2), Attempt(RECORDS[2:], 2)]
    assert split_after_answer(Attempt(RECORDS, 1), None, True, True, True) == halves


def test_the_on_failure_record_describes_the_batch_without_its_data():
    record = on_failure_record("arn:fn", "arn:stream", "shard-1", Attempt(RECORDS[1:3], 3), "RetryAttemptsExhausted",
                               True, datetime(2026, 11, 24, tzinfo=timezone.utc))
    assert record["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 4
    assert record["responseContext"]["functionError"] == "Unhandled"
    info = record["DDBStreamBatchInfo"]
    assert (info["shardId"], info["startSequenceNumber"], info["endSequenceNumber"]) == ("shard-1", "1", "2")
    assert info["batchSize"] == 2
    assert "Records" not in record
