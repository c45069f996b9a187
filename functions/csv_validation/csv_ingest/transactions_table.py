"""One conditional PutItem per valid row; an existing item is never changed.

When the id is taken, DynamoDB hands back the stored item with the refusal
(``ReturnValuesOnConditionCheckFailure=ALL_OLD``), so no second call is
needed to tell the cases apart:

- the item is exactly what this row would store (same upload, same row
  number, same values): a redelivery, or botocore retrying a write whose
  first attempt succeeded. The row counts as accepted; nothing changes,
  whatever anomaly-detection added since (``status``, ``anomaly_reasons``).
- anything else (another row of this upload, a row of another upload, or
  this row with other values in a new version of the file): the row is
  rejected as ``duplicate transaction_id`` and the stored item is kept.

Any other AWS error (after botocore's bounded retries) propagates: the
upload cannot be finished and the invocation fails.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Optional

from botocore.exceptions import ClientError

from csv_ingest.model import RowError, Transaction
from transaction_metrics.metrics import RowRejection

ACCEPTED = "ACCEPTED"
DUPLICATE = "duplicate transaction_id"
_SAME_STRINGS = ("upload_id", "merchant_id", "currency", "card_last4", "timestamp")

Item = Dict[str, Dict[str, Any]]


@dataclass(frozen=True)
class WriteOutcome:
    row_number: int
    error: Optional[RowError] = None  # None: the row is stored (now or before, identically)


def transaction_item(upload_id: str, row: Transaction) -> Item:
    return {
        "transaction_id": {"S": row.transaction_id},
        "upload_id": {"S": upload_id},
        "merchant_id": {"S": row.merchant_id},
        "amount": {"N": row.amount},
        "currency": {"S": row.currency},
        "card_last4": {"S": row.card_last4},
        "timestamp": {"S": row.timestamp},
        "row_number": {"N": str(row.row_number)},
        "status": {"S": ACCEPTED},
    }


def _number(attribute: Any) -> Optional[Decimal]:
    try:
        return Decimal(attribute["N"])
    except (KeyError, TypeError, InvalidOperation):
        return None


def is_same_row(stored: Item, item: Item) -> bool:
    """``stored`` is what ``item`` would have stored (DynamoDB normalizes numbers: "12.50" == "12.5")."""
    return (
        all(stored.get(name) == item[name] for name in _SAME_STRINGS)
        and _number(stored.get("row_number")) == _number(item["row_number"])
        and _number(stored.get("amount")) == _number(item["amount"])
    )


def put_transaction(client: Any, table: str, upload_id: str, row: Transaction) -> WriteOutcome:
    item = transaction_item(upload_id, row)
    try:
        client.put_item(
            TableName=table,
            Item=item,
            ConditionExpression="attribute_not_exists(transaction_id)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise
        if is_same_row(error.response.get("Item") or {}, item):
            return WriteOutcome(row.row_number)
        return WriteOutcome(row.row_number, RowError(row.row_number, "transaction_id", DUPLICATE,
                                                     RowRejection.DUPLICATE_TRANSACTION_ID))
    return WriteOutcome(row.row_number)
