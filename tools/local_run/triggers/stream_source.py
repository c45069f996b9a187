"""A DynamoDB stream event source mapping: read each shard, invoke with batches, retry, then give up.

As Lambda does, per shard and in order: batches of up to `batch_size`
records (records no filter matches are skipped); a function error retries
the batch (split in two first with bisect_batch_on_function_error); with
ReportBatchItemFailures a partial answer retries from the lowest failed
sequence number; after `maximum_retry_attempts` retries (-1: until the
record is `maximum_record_age_seconds` old) the on-failure destination gets
the batch's description (DDBStreamBatchInfo, not the records) and the shard
moves on. Retries follow each other after RETRY_DELAY, not Lambda's backoff.
"""

import base64
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tools.local_run.lambda_ import destinations
from tools.local_run.lambda_.functions import FunctionError, LocalFunction
from tools.local_run.triggers.event_filters import any_matches
from tools.local_run.triggers.stream_batches import Attempt, on_failure_record, split_after_answer

logger = logging.getLogger("local_run.stream_source")
RETRY_DELAY = 0.5


def _plain(value: Any) -> Any:
    """A record from boto3 made JSON-safe as Lambda sends it (times in epoch seconds, binary in base64)."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class StreamMapping:
    function: LocalFunction
    source_arn: str
    batch_size: int
    window_seconds: float
    patterns: list[dict] = field(default_factory=list)
    report_failures: bool = False
    starting_position: str = "LATEST"
    maximum_retry_attempts: int = -1
    maximum_record_age_seconds: int = -1
    bisect_on_error: bool = False
    on_failure: str | None = None
    _iterators: dict[str, str | None] = field(default_factory=dict, repr=False)

    def _refresh_shards(self, streams: Any) -> None:
        shards = streams.describe_stream(StreamArn=self.source_arn)["StreamDescription"]["Shards"]
        for shard in shards:
            if shard["ShardId"] not in self._iterators:
                kind = "TRIM_HORIZON" if self.starting_position == "TRIM_HORIZON" else "LATEST"
                self._iterators[shard["ShardId"]] = streams.get_shard_iterator(
                    StreamArn=self.source_arn, ShardId=shard["ShardId"], ShardIteratorType=kind)["ShardIterator"]

    def start(self, clients: Callable[[str], Any]) -> None:
        """Take the shards' iterators now: LATEST means the records written from here on."""
        self._refresh_shards(clients("dynamodbstreams"))

    def poll_once(self, clients: Callable[[str], Any], region: str) -> bool:
        streams = clients("dynamodbstreams")
        self._refresh_shards(streams)
        worked = False
        for shard_id, iterator in list(self._iterators.items()):
            if iterator is None:
                continue  # a closed shard, read to its end
            answer = streams.get_records(ShardIterator=iterator, Limit=self.batch_size)
            self._iterators[shard_id] = answer.get("NextShardIterator")
            records = [{**_plain(r), "eventSourceARN": self.source_arn} for r in answer.get("Records", [])]
            matching = [r for r in records if any_matches(self.patterns, r)]
            if matching:
                self.deliver(clients, shard_id, matching)
            worked = worked or bool(records)
        return worked

    def deliver(self, clients: Callable[[str], Any], shard_id: str, records: list[dict]) -> None:
        """Invoke until the records are done or given up on."""
        pending = [Attempt(records, 0)]
        while pending:
            attempt = pending.pop(0)
            if self._too_old(attempt.records[0]):
                self._give_up(clients, shard_id, attempt, "RecordAgeExceeded", function_error=False)
                continue
            try:
                answer, error = self.function.invoke({"Records": attempt.records}), False
            except FunctionError:
                answer, error = None, True
            retry = split_after_answer(attempt, answer, error, self.report_failures, self.bisect_on_error)
            if not retry:
                continue
            if 0 <= self.maximum_retry_attempts < retry[0].retries:
                self._give_up(clients, shard_id, Attempt(sum((a.records for a in retry), []), attempt.retries + 1),
                              "RetryAttemptsExhausted", function_error=error)
                continue
            time.sleep(RETRY_DELAY)
            pending[:0] = retry

    def _too_old(self, record: dict) -> bool:
        created = record.get("dynamodb", {}).get("ApproximateCreationDateTime", time.time())
        return 0 <= self.maximum_record_age_seconds < time.time() - created

    def _give_up(self, clients, shard_id: str, attempt: Attempt, condition: str, function_error: bool) -> None:
        logger.warning("%s: %d record(s) given up (%s)", self.function.name, len(attempt.records), condition)
        if self.on_failure:
            record = on_failure_record(self.function.arn, self.source_arn, shard_id, attempt, condition, function_error,
                                       datetime.now(timezone.utc))
            destinations.send(clients, self.on_failure, record)
