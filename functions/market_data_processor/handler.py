"""Market data processor Lambda (SQS event source, batches of up to 25 ticks).

Each message is a price tick (``market_data.message``). A price strictly
above HIGH_PRICE_THRESHOLD or below LOW_PRICE_THRESHOLD becomes an alert:
written PENDING to ALERTS_TABLE, published to ALERTS_TOPIC_ARN, marked SENT.
A malformed message, or a tick whose symbol and instant already hold another
tick's alert, is moved to DLQ_URL at once with its reason. Extra fields that
DynamoDB or SNS could not take are left out of the alert (``market_data.limits``).

Returns ``{"batchItemFailures": [...]}`` naming exactly the messages SQS must
redeliver (``lambda_kit.batch``). A wrong environment raises ``Misconfigured``
before any message is touched: the whole batch is retried, nothing is lost.
"""

from typing import Any, Dict, List

from lambda_kit.batch import process_partial_batch, sqs_message_id
from lambda_kit.deadline import Deadline

from market_data.processing import Invocation, logger, process_message
from market_data.settings import Settings


def handler(event: Any, context: Any) -> Dict[str, List[Dict[str, str]]]:
    invocation = Invocation(settings=Settings.from_env(), deadline=Deadline.from_context(context))
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        raise ValueError("event is not an SQS batch: it has no Records list")
    return process_partial_batch(records, lambda record: process_message(record, invocation), sqs_message_id, logger)
