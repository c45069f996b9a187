"""A deployed market data processor in process, for its smoke test's tests (tools/smoke/market_data_processor.py).

moto cannot run Lambda, so ``DeployedFunction`` plays the event source
mapping: each time the smoke command sleeps between polls, it receives a
batch from the market data queue, runs the real handler on it and deletes
what the handler did not report as failed (failures become visible again at
once, as after their visibility timeout).
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List

from tests.unit.market_data_processor.market_data_support import sqs_record

SUFFIX = "unittest"
STACK_ID = f"market-data-processor-{SUFFIX}"
QUEUE_NAME = f"market-data-queue-{SUFFIX}"


@dataclass
class DeployedFunction:
    """data-processor behind its queue: runs ``handler`` on what the queue holds, when asked."""

    sqs: Any
    queue_url: str
    handler: Callable[[Dict[str, Any], Any], Dict[str, List[Dict[str, str]]]]
    context: Any
    invocations: int = 0

    def process(self) -> None:
        while True:
            messages = self.sqs.receive_message(
                QueueUrl=self.queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]
            ).get("Messages", [])
            if not messages:
                return
            event = {"Records": [sqs_record(m["Body"], m["MessageId"]) for m in messages]}
            self.invocations += 1
            failed = {f["itemIdentifier"] for f in self.handler(event, self.context)["batchItemFailures"]}
            for message in messages:
                handle = message["ReceiptHandle"]
                if message["MessageId"] in failed:
                    self.sqs.change_message_visibility(
                        QueueUrl=self.queue_url, ReceiptHandle=handle, VisibilityTimeout=0
                    )
                else:
                    self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=handle)
            if failed:
                return  # redelivered on the next poll, as after a visibility timeout


def write_outputs(path: Path, queue_url: str, dlq_url: str, table: str, topic_arn: str) -> Path:
    """An outputs file as `cdktf output --outputs-file` writes it for the stack."""
    outputs = {
        "queue_url": queue_url,
        "dlq_url": dlq_url,
        "alerts_table_name": table,
        "alerts_topic_arn": topic_arn,
        "data_processor_lambda_arn": f"arn:aws:lambda:us-east-1:123456789012:function:data-processor-{SUFFIX}",
        "kms_key_arn": "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
    }
    path.write_text(json.dumps({STACK_ID: outputs}))
    return path


def dead_letters_held(sqs: Any, dlq_url: str) -> int:
    """Messages in the DLQ, visible or not (a message received but not deleted still counts)."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    attributes = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=names)["Attributes"]
    return sum(int(attributes[name]) for name in names)


def dead_letter_bodies(sqs: Any, dlq_url: str) -> List[str]:
    """Every body in the DLQ, sorted (all received, then made visible again)."""
    received: List[Dict[str, Any]] = []
    while True:
        batch = sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10, VisibilityTimeout=60).get("Messages", [])
        if not batch:
            break
        received += batch
    for message in received:
        sqs.change_message_visibility(QueueUrl=dlq_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
    return sorted(m["Body"] for m in received)
