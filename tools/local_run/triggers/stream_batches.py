"""The pure part of a stream mapping's retries: what to try again after an answer, and the on-failure record."""

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from tools.local_run.triggers.sqs_source import failed_ids


@dataclass
class Attempt:
    records: list[dict]
    retries: int  # how many times these records were retried already


def _sequence(record: dict) -> str:
    return record.get("dynamodb", {}).get("SequenceNumber", "")


def split_after_answer(attempt: Attempt, answer: Any, function_error: bool, report_failures: bool,
                       bisect: bool) -> list[Attempt]:
    """What to retry: nothing after a success; the whole batch (or its halves, with bisect) after an error;
    from the lowest failed sequence number on after a partial batch response."""
    records = attempt.records
    if not function_error:
        if not report_failures:
            return []
        failed = failed_ids(answer, [_sequence(r) for r in records])
        if failed == set():
            return []
        if failed is not None:  # checkpoint: everything before the first failure is done
            first = min(index for index, r in enumerate(records) if _sequence(r) in failed)
            return [Attempt(records[first:], attempt.retries + 1)]
    if bisect and len(records) > 1:
        middle = len(records) // 2
        return [Attempt(records[:middle], attempt.retries + 1), Attempt(records[middle:], attempt.retries + 1)]
    return [Attempt(records, attempt.retries + 1)]


def _arrival(record: dict) -> str:
    created = record.get("dynamodb", {}).get("ApproximateCreationDateTime", 0)
    return datetime.fromtimestamp(created, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def on_failure_record(function_arn: str, stream_arn: str, shard_id: str, attempt: Attempt, condition: str,
                      function_error: bool, now: datetime) -> dict[str, Any]:
    """What Lambda sends to a stream mapping's on-failure destination: where the batch is, not its records."""
    response = {"statusCode": 200, "executedVersion": "$LATEST"}
    if function_error:
        response["functionError"] = "Unhandled"
    return {
        "requestContext": {"requestId": "", "functionArn": function_arn, "condition": condition,
                           "approximateInvokeCount": attempt.retries + 1},
        "responseContext": response,
        "version": "1.0",
        "timestamp": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "DDBStreamBatchInfo": {
            "shardId": shard_id, "startSequenceNumber": _sequence(attempt.records[0]),
            "endSequenceNumber": _sequence(attempt.records[-1]),
            "approximateArrivalOfFirstRecord": _arrival(attempt.records[0]),
            "approximateArrivalOfLastRecord": _arrival(attempt.records[-1]),
            "batchSize": len(attempt.records), "streamArn": stream_arn,
        },
    }
