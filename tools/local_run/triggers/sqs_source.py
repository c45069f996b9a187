"""An SQS event source mapping: poll the queue, invoke with batches, delete what succeeded.

As Lambda does: up to `batch_size` messages, gathered for at most the
batching window; messages no filter matches are deleted without an invoke;
after a successful invoke every message is deleted except, with
ReportBatchItemFailures, those the answer names in batchItemFailures (an
answer naming an unknown or empty id fails the whole batch). A function
error deletes nothing. What is not deleted becomes visible again after the
queue's visibility timeout, and SQS's redrive policy (maxReceiveCount)
moves it to the DLQ: the mapping's retries and on-failure destination are
the queue's own. Batches run one at a time (MaximumConcurrency is not
emulated: handlers run one at a time anyway).
"""

import hashlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tools.local_run.lambda_.functions import FunctionError, LocalFunction
from tools.local_run.triggers.event_filters import any_matches, sqs_view

logger = logging.getLogger("local_run.sqs_source")
MAX_PER_RECEIVE = 10


def record(message: Mapping[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """A message as Lambda hands it to the function."""
    attributes = {
        name: {"stringValue": value.get("StringValue"), "binaryValue": value.get("BinaryValue"),
               "stringListValues": value.get("StringListValues", []),
               "binaryListValues": value.get("BinaryListValues", []), "dataType": value["DataType"]}
        for name, value in message.get("MessageAttributes", {}).items()
    }
    return {
        "messageId": message["MessageId"], "receiptHandle": message["ReceiptHandle"], "body": message["Body"],
        "attributes": message.get("Attributes", {}), "messageAttributes": attributes,
        "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),  # noqa: S324
        "eventSource": "aws:sqs", "eventSourceARN": queue_arn, "awsRegion": region,
    }


def failed_ids(answer: Any, batch_ids: Sequence[str]) -> set[str] | None:
    """The ids a partial batch response names; None when it is malformed (the whole batch failed)."""
    if not isinstance(answer, dict) or answer.get("batchItemFailures") is None:
        return set()
    failures = answer["batchItemFailures"]
    if not isinstance(failures, list):
        return None
    ids = {item.get("itemIdentifier") if isinstance(item, dict) else None for item in failures}
    return ids if all(isinstance(i, str) and i in batch_ids for i in ids) else None


@dataclass
class SqsMapping:
    function: LocalFunction
    source_arn: str
    batch_size: int
    window_seconds: float
    patterns: list[dict] = field(default_factory=list)
    report_failures: bool = False
    _url: str | None = field(default=None, repr=False)

    def queue_url(self, clients: Callable[[str], Any]) -> str:
        if self._url is None:
            _, _, _, _, account, name = self.source_arn.split(":", 5)
            self._url = clients("sqs").get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        return self._url

    def receive(self, sqs: Any, url: str) -> list[dict]:
        """A batch: up to batch_size messages, waiting at most the window after the first."""
        messages: list[dict] = []
        window_ends = None
        while len(messages) < self.batch_size:
            wanted = min(MAX_PER_RECEIVE, self.batch_size - len(messages))
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=wanted, AttributeNames=["All"],
                                      MessageAttributeNames=["All"]).get("Messages", [])
            messages += got
            if not messages:
                return []
            window_ends = window_ends or time.monotonic() + self.window_seconds
            if time.monotonic() >= window_ends:
                break
            if not got:
                time.sleep(min(0.1, max(0.0, window_ends - time.monotonic())))
        return messages

    def poll_once(self, clients: Callable[[str], Any], region: str) -> bool:
        """One batch through the function; False when the queue had nothing."""
        sqs = clients("sqs")
        url = self.queue_url(clients)
        messages = self.receive(sqs, url)
        if not messages:
            return False
        records = [record(message, self.source_arn, region) for message in messages]
        matching = [r for r in records if any_matches(self.patterns, sqs_view(r))]
        done = [r for r in records if r not in matching]  # filtered out: deleted unseen, as Lambda does
        if matching:
            try:
                answer = self.function.invoke({"Records": matching})
            except FunctionError:
                answer = None
                logger.info("%s: batch of %d failed, messages left to the queue", self.function.name, len(matching))
            else:
                failed = failed_ids(answer, [r["messageId"] for r in matching]) if self.report_failures else set()
                if failed is None:
                    logger.warning("%s: malformed batchItemFailures, whole batch failed", self.function.name)
                else:
                    done += [r for r in matching if r["messageId"] not in failed]
        for start in range(0, len(done), MAX_PER_RECEIVE):
            chunk = done[start:start + MAX_PER_RECEIVE]
            entries = [{"Id": str(i), "ReceiptHandle": r["receiptHandle"]} for i, r in enumerate(chunk)]
            sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        return True
