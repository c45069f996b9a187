"""The alerts table: a conditional write of the PENDING alert, then the SENT mark.

Key: ``symbol`` (S) and ``timestamp`` (S, the instant in UTC, see
``timestamps``). The write returns what was stored before
(``ReturnValuesOnConditionCheckFailure=ALL_OLD``), so a redelivery learns the
alert's status in the same single call.
"""

from typing import Any, Dict, Mapping, Optional

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError

from market_data.alert import STATUS_SENT, alert_key
from market_data.errors import aws_error_code

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


def _to_attribute_values(item: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: _serializer.serialize(value) for name, value in item.items()}


def _from_attribute_values(item: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def put_pending(dynamodb: Any, table: str, item: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """Write ``item`` unless its key exists: None if written, else the stored alert.

    The stored alert is ``{}`` in the unexpected case that DynamoDB returns no
    old item; the caller then treats the alert as not yet sent (at least once).
    """
    try:
        dynamodb.put_item(
            TableName=table,
            Item=_to_attribute_values(item),
            ConditionExpression="attribute_not_exists(#symbol)",
            ExpressionAttributeNames={"#symbol": "symbol"},
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if aws_error_code(error) != "ConditionalCheckFailedException":
            raise
        return _from_attribute_values(error.response.get("Item") or {})
    return None


def mark_sent(dynamodb: Any, table: str, item: Mapping[str, Any]) -> None:
    """Set ``status`` SENT on the stored alert (never creates one: the write came first)."""
    dynamodb.update_item(
        TableName=table,
        Key=_to_attribute_values(alert_key(item)),
        UpdateExpression="SET #status = :sent",
        ConditionExpression="attribute_exists(#symbol)",
        ExpressionAttributeNames={"#status": "status", "#symbol": "symbol"},
        ExpressionAttributeValues={":sent": {"S": STATUS_SENT}},
    )
