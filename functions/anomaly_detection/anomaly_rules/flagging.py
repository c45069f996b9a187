"""Alert once on a flagged transaction: check, publish, then mark FLAGGED.

Publish before mark: a crash in between repeats the alert on redelivery but
never loses it. An item already FLAGGED (a redelivered record) is not alerted
again. AWS errors propagate (after botocore's bounded retries), so the record
is reported and redelivered.
"""

from typing import Any, List

from botocore.exceptions import ClientError

from anomaly_rules import aws_clients
from anomaly_rules.alert import alert_attributes, alert_body
from anomaly_rules.aws_clients import ALERT_CLIENT_CONFIG
from anomaly_rules.settings import Settings
from anomaly_rules.transaction import Transaction
from lambda_kit.deadline import Deadline

FLAGGED = "FLAGGED"
CALLS_PER_ALERT = 3
ALERTED, ALREADY_FLAGGED, ALERTED_ITEM_GONE = "alerted", "already_flagged", "alerted_item_gone"


def _is_flagged(dynamodb: Any, table: str, transaction_id: str) -> bool:
    item = dynamodb.get_item(
        TableName=table,
        Key={"transaction_id": {"S": transaction_id}},
        ConsistentRead=True,
        ProjectionExpression="#status",
        ExpressionAttributeNames={"#status": "status"},
    ).get("Item", {})
    return item.get("status", {}).get("S") == FLAGGED


def _mark_flagged(dynamodb: Any, table: str, transaction_id: str, reasons: List[str]) -> bool:
    """True once marked; False if the item no longer exists (never re-created as a stub)."""
    try:
        dynamodb.update_item(
            TableName=table,
            Key={"transaction_id": {"S": transaction_id}},
            UpdateExpression="SET #status = :flagged, anomaly_reasons = :reasons",
            ConditionExpression="attribute_exists(transaction_id)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":flagged": {"S": FLAGGED},
                ":reasons": {"L": [{"S": reason} for reason in reasons]},
            },
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


def alert_once(transaction: Transaction, reasons: List[str], settings: Settings, deadline: Deadline) -> str:
    """Outcome of one alert; ``OutOfTime`` before any call if the three could not all finish."""
    dynamodb = aws_clients.client("dynamodb")
    table, transaction_id = settings.transactions_table, transaction.transaction_id
    deadline.require(CALLS_PER_ALERT, ALERT_CLIENT_CONFIG)
    if _is_flagged(dynamodb, table, transaction_id):
        return ALREADY_FLAGGED
    deadline.require(CALLS_PER_ALERT - 1, ALERT_CLIENT_CONFIG)
    aws_clients.client("sns").publish(
        TopicArn=settings.topic_arn,
        Message=alert_body(transaction, reasons),
        MessageAttributes=alert_attributes(reasons),
    )
    deadline.require(1, ALERT_CLIENT_CONFIG)
    return ALERTED if _mark_flagged(dynamodb, table, transaction_id, reasons) else ALERTED_ITEM_GONE
