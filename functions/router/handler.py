"""Event router Lambda: send a validated webhook event to its transaction type's queue.

Invoked asynchronously by the validator with the event object as payload.
The message it sends is ``webhook_events.queue_message``'s (the event's JSON,
``event_id`` and ``transaction_type`` as attributes), checked against what
SQS takes before it is sent. An event it cannot route or queue raises
``ValueError``: Lambda's async retry policy then sends it, with the error, to
the router's on-failure destination, where an operator sees it. It is never
dropped or sent to another queue. SQS errors propagate too, so Lambda retries
the invocation.
"""

import json
import logging
import os
from typing import Any, Dict, Optional

import boto3
from botocore.config import Config
from webhook_events.queue_message import message_attributes, message_body, message_problem
from webhook_events.routes import TRANSACTION_TYPES, queue_url_env

logger = logging.getLogger("event_router")
logger.setLevel(logging.INFO)

QUEUE_URL_ENV = {transaction_type: queue_url_env(transaction_type) for transaction_type in TRANSACTION_TYPES}

# Bounded so a stuck SendMessage fails (and Lambda retries the event) well
# inside the 60 s function timeout instead of hanging on botocore's 60 s read
# timeout: at most 3 attempts in total (botocore's "max_attempts" would count
# retries only) x (2 s connect + 5 s read) + backoff ~= 24 s.
CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=5,
    retries={"total_max_attempts": 3, "mode": "standard"},
)

# Built once per container on first use; tests assign a fake or reset to None.
sqs_client: Optional[Any] = None


def get_sqs_client() -> Any:
    global sqs_client
    if sqs_client is None:
        sqs_client = boto3.client("sqs", config=CLIENT_CONFIG)
    return sqs_client


def queue_url_for(event: Any) -> str:
    """The queue URL for a routable event; ``ValueError`` naming the reason otherwise."""
    if not isinstance(event, dict):
        raise ValueError(f"Event must be a JSON object, got {type(event).__name__}")
    event_id = event.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        raise ValueError("Event has no event_id string")
    if "transaction_type" not in event:
        raise ValueError(f"Event {event_id} has no transaction_type")
    transaction_type = event["transaction_type"]
    env_name = QUEUE_URL_ENV.get(transaction_type) if isinstance(transaction_type, str) else None
    if env_name is None:
        raise ValueError(f"Event {event_id} has unknown transaction_type: {transaction_type!r}")
    url = os.environ.get(env_name)
    if not url:
        raise RuntimeError(f"{env_name} is not set")
    return url


def handler(event: Any, context: Any) -> Dict[str, str]:
    queue_url = queue_url_for(event)
    body, attributes = message_body(event), message_attributes(event)
    problem = message_problem(body, attributes)  # e.g. invoked directly, around the validator's checks
    if problem:
        raise ValueError(f"Event {event['event_id'][:100]!r} cannot be queued: {problem}")
    response = get_sqs_client().send_message(QueueUrl=queue_url, MessageBody=body, MessageAttributes=attributes)
    message_id = response["MessageId"]
    logger.info(
        json.dumps(
            {
                "outcome": "routed",
                "event_id": event["event_id"],
                "transaction_type": event["transaction_type"],
                "queue_url": queue_url,
                "message_id": message_id,
            }
        )
    )
    return {"queue_url": queue_url, "message_id": message_id}
