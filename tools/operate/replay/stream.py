"""Replay stream on-failure records (anomaly detection): read the batch again from the stream, run the function.

The record names a shard and a range of sequence numbers. While the stream still holds them (24 hours): a shard
iterator AT_SEQUENCE_NUMBER the range's start, GetRecords up to its end, the INSERT records among them (the
mapping's filter) sent to the function in batches of the mapping's size (the place's batch_size). When it no longer does
(TrimmedDataAccessException, an expired iterator, a stream gone, or nothing found in the range), only
`--from-table` re-checks the items (table_recheck.py); without it the record stays parked and the run says so.

The invoke is synchronous (RequestResponse), as the mapping's is: the replay is accepted only when the function
answered without an error and with no batchItemFailures; then the record is deleted. A FLAGGED item is not
alerted again (the function checks the status first), so a replay of records that did go through is harmless.
"""

import json
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from stacks.parking import ParkingPlace
from tools.operate import records
from tools.operate.aws import invoke_seconds
from tools.operate.masking import short
from tools.operate.replay import table_recheck
from tools.operate.replay.loop import Outcome, failed, replayed

GONE = {"TrimmedDataAccessException", "ExpiredIteratorException", "ResourceNotFoundException"}
MAX_PAGES, MAX_EMPTY_PAGES = 100, 5  # an open shard may answer a few empty pages before its records


class ReplayRefused(Exception):
    """The function failed or reported failed records: the record stays parked."""


def read_range(streams: Any, info: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The records of the range still in the stream; None when the stream no longer holds them."""
    start, end = int(info["startSequenceNumber"]), int(info["endSequenceNumber"])
    found: list[dict[str, Any]] = []
    try:
        iterator = streams.get_shard_iterator(
            StreamArn=info["streamArn"], ShardId=info["shardId"], ShardIteratorType="AT_SEQUENCE_NUMBER",
            SequenceNumber=str(info["startSequenceNumber"]),
        ).get("ShardIterator")
        empty = 0
        for _ in range(MAX_PAGES):
            if not iterator:
                break
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in page.get("Records", [])]
            found += [r for r, n in zip(page.get("Records", []), numbers) if start <= n <= end]
            empty = 0 if numbers else empty + 1
            if (numbers and max(numbers) >= end) or empty >= MAX_EMPTY_PAGES:
                break
            iterator = page.get("NextShardIterator")
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in GONE:
            return None
        raise
    return found or None


def as_delivered(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A GetRecords record as the mapping hands it to Lambda: JSON numbers for times, the stream's ARN."""
    change = dict(record["dynamodb"])
    if isinstance(change.get("ApproximateCreationDateTime"), datetime):
        change["ApproximateCreationDateTime"] = int(change["ApproximateCreationDateTime"].timestamp())
    return {**record, "dynamodb": change, "eventSourceARN": stream_arn}


class StreamReplay:
    def __init__(self, place: ParkingPlace, lambda_client: Any, streams: Any, dynamodb: Any, *,
                 from_table: bool = False, upload_ids: list[str] | None = None) -> None:
        self.place, self.lambda_client, self.streams, self.dynamodb = place, lambda_client, streams, dynamodb
        self.seconds_per_replay = float(invoke_seconds(place.function_timeout_seconds))  # synchronous, per record
        self.from_table, self.upload_ids = from_table, upload_ids or None
        self._batches: dict[str, tuple[list[dict[str, Any]] | None, str]] = {}  # read once per message and run

    def _batch(self, message: dict[str, Any], keep: bool) -> tuple[list[dict[str, Any]] | None, str]:
        """What `describe` read is what `replay` sends: the stream or the table is read once per message."""
        found = self._batches.pop(message["MessageId"], None) or self._read_batch(message)
        if keep:
            self._batches[message["MessageId"]] = found
        return found

    def _read_batch(self, message: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, str]:
        """(records to send, where from); (None, why not) when there is nothing this run may send."""
        try:
            info = records.failure_record(message["Body"]).get("DDBStreamBatchInfo")
        except records.NotARecord as error:
            return None, str(error)
        if not isinstance(info, dict) or "startSequenceNumber" not in info:
            return None, "the record carries no DDBStreamBatchInfo"
        held = read_range(self.streams, info)
        span = f"sequence {info['startSequenceNumber']}..{info['endSequenceNumber']}"
        if held is not None:
            inserts = [as_delivered(r, info["streamArn"]) for r in held if r.get("eventName") == "INSERT"]
            return (inserts, f"{len(inserts)} INSERT records of {span} from the stream") if inserts else (
                None, f"the stream holds no INSERT record in {span}")
        if not self.from_table:
            return None, (f"the stream no longer holds {span}: re-check from the table with --from-table "
                          "(try --dry-run --from-table first)")
        items, uploads, scope = table_recheck.candidates(
            self.dynamodb, self.place.table, self.place.lookup_table, info, self.upload_ids)
        if not items:
            return None, f"the stream no longer holds {span}, and no ACCEPTED item found in {len(uploads)} {scope}"
        batch = [table_recheck.insert_record(item, n, info["streamArn"]) for n, item in enumerate(items)]
        ids = ", ".join(item["transaction_id"]["S"] for item in items[:10]) + (" ..." if len(items) > 10 else "")
        return batch, f"table re-check of {len(items)} ACCEPTED items ({ids}) of {len(uploads)} {scope}"

    def describe(self, message: dict[str, Any]) -> str:
        batch, where = self._batch(message, keep=True)
        verb = f"invoke {self.place.function} with" if batch else "leave parked:"
        return short(f"{verb} {where} (record {message['MessageId']})", 600)

    def _invoke(self, batch: list[dict[str, Any]]) -> None:
        response = self.lambda_client.invoke(FunctionName=self.place.function, InvocationType="RequestResponse",
                                             Payload=json.dumps({"Records": batch}, default=str).encode("utf-8"))
        body = response["Payload"].read() if response.get("Payload") is not None else b""
        if response.get("FunctionError") or response.get("StatusCode") != 200:
            raise ReplayRefused(f"{self.place.function} answered {response.get('StatusCode')} "
                                f"{response.get('FunctionError') or ''} {short(body, 160)}")
        answer = json.loads(body or b"{}")
        failures = answer.get("batchItemFailures") if isinstance(answer, dict) else None
        if failures:
            raise ReplayRefused(f"{self.place.function} reported {len(failures)} of {len(batch)} records failed")

    def replay(self, message: dict[str, Any]) -> Outcome:
        batch, where = self._batch(message, keep=False)
        if batch is None:
            return failed(f"left parked: {where}", stop=False)
        try:
            for start in range(0, len(batch), self.place.batch_size):
                self._invoke(batch[start:start + self.place.batch_size])
        except ReplayRefused as error:
            return failed(f"{short(error)}: left parked")
        return replayed(f"{self.place.function} answered without failures for {len(batch)} records")
