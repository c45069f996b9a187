"""The API's DynamoDB calls: one conditional put, consistent single-item reads."""

from typing import Any, Dict, Optional, Sequence

from boto3.dynamodb.types import TypeDeserializer

from upload_api.pending_upload import PendingUpload

_deserializer = TypeDeserializer()


def put_pending_upload(dynamodb: Any, table: str, upload: PendingUpload) -> None:
    """Write the PENDING record; never overwrites one (a repeated uuid4 fails, it does not clobber)."""
    dynamodb.put_item(
        TableName=table,
        Item=upload.item(),
        ConditionExpression="attribute_not_exists(upload_id)",
    )


def get_item(dynamodb: Any, table: str, key_name: str, key: str, fields: Sequence[str]) -> Optional[Dict[str, Any]]:
    """The item's ``fields`` as Python values (numbers as Decimal), or None if there is no such item.

    Only ``fields`` are read: whatever else an item may carry never reaches
    this function (nor botocore's debug log). Consistent: a merchant who just
    got an upload_id (or saw its file processed) reads what was written.
    """
    names = {f"#f{index}": field for index, field in enumerate(fields)}  # many are reserved words
    response = dynamodb.get_item(
        TableName=table,
        Key={key_name: {"S": key}},
        ConsistentRead=True,
        ProjectionExpression=", ".join(names),
        ExpressionAttributeNames=names,
    )
    item = response.get("Item")
    if item is None:
        return None
    return {name: _deserializer.deserialize(value) for name, value in item.items()}
