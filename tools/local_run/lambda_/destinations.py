"""Send a record to a Lambda destination or an event source's on-failure destination, by its ARN.

SQS (SendMessage of the record as JSON), SNS (Publish) and Lambda (an
asynchronous invoke) are what AWS accepts here; EventBridge and S3
destinations are not emulated and refused when the stack is loaded.
"""

import json
import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("local_run.destinations")
SUPPORTED = ("sqs", "sns", "lambda")


def service_of(arn: str) -> str:
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn":
        raise ValueError(f"not an ARN: {arn!r}")
    return parts[2]


def check_supported(arn: str, what: str) -> None:
    if service_of(arn) not in SUPPORTED:
        raise NotImplementedError(f"{what}: destination {arn} is not emulated (only {', '.join(SUPPORTED)})")


def queue_url(clients: Callable[[str], Any], arn: str) -> str:
    _, _, _, _, account, name = arn.split(":", 5)
    return clients("sqs").get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]


def send(clients: Callable[[str], Any], arn: str, record: dict[str, Any], invoke_async: Callable | None = None) -> None:
    body = json.dumps(record, default=str)
    service = service_of(arn)
    if service == "sqs":
        clients("sqs").send_message(QueueUrl=queue_url(clients, arn), MessageBody=body)
    elif service == "sns":
        clients("sns").publish(TopicArn=arn, Message=body)
    elif service == "lambda" and invoke_async is not None:
        invoke_async(arn, record)
    else:
        raise NotImplementedError(f"destination {arn} is not emulated")
    logger.info("record sent to %s", arn)
