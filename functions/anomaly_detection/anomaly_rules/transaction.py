"""The transaction an INSERT stream record carries, read from its NewImage (DynamoDB JSON).

What an alert may carry, the one rule checked before any call: only the
fields an alert needs are read, each of the type the CSV contract stores and
within its bounds, so the SNS message stays a few KB whatever the image holds:

| attribute        | rule                                              |
| ---------------- | ------------------------------------------------- |
| transaction_id   | S, 1-64 characters                                |
| upload_id        | S, 1-1024 characters (an S3 key's file name)      |
| merchant_id      | S, 1-64 characters                                |
| amount           | N, within DynamoDB's number range                 |
| currency         | S, three letters A-Z                              |
| card_last4       | S, four digits (never more of a card)             |
| timestamp        | S, at most 64 characters, ISO 8601 with a zone    |

Any other attribute is ignored. A record that breaks the rule can never be
evaluated: it raises ``MalformedRecord`` naming the attribute (never its
value, which could be anything), and is reported.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping, Optional

_LAST4 = re.compile(r"[0-9]{4}")
_CURRENCY = re.compile(r"[A-Z]{3}")
MAX_CHARACTERS = {"transaction_id": 64, "upload_id": 1024, "merchant_id": 64, "timestamp": 64}  # others: patterns
# DynamoDB numbers: up to 38 significant digits, magnitude 1E-130 to under 1E+126.
_MAX_DIGITS, _MIN_EXPONENT, _MAX_EXPONENT = 38, -130, 125
TEXT_FIELDS = ("transaction_id", "upload_id", "merchant_id", "currency", "card_last4", "timestamp")


class MalformedRecord(ValueError):
    """The record can never be processed: reported, so the mapping's retries end in its failure queue."""


@dataclass(frozen=True)
class Transaction:
    transaction_id: str
    upload_id: str
    merchant_id: str
    amount: Decimal
    currency: str
    card_last4: str
    timestamp: str  # as stored
    occurred_at: datetime  # the timestamp, parsed, in UTC


def _text(image: Mapping[str, Any], name: str) -> str:
    attribute = image.get(name)
    value = attribute.get("S") if isinstance(attribute, dict) else None
    if not isinstance(value, str) or not value:
        raise MalformedRecord(f"NewImage.{name} is not a non-empty string")
    if len(value) > MAX_CHARACTERS.get(name, len(value)):
        raise MalformedRecord(f"NewImage.{name} is longer than {MAX_CHARACTERS[name]} characters")
    return value


def _amount(image: Mapping[str, Any]) -> Decimal:
    attribute = image.get("amount")
    text = attribute.get("N") if isinstance(attribute, dict) else None
    try:
        amount = Decimal(text) if isinstance(text, str) else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise MalformedRecord("NewImage.amount is not a number")
    if len(amount.as_tuple().digits) > _MAX_DIGITS or not (
        amount.is_zero() or _MIN_EXPONENT <= amount.adjusted() <= _MAX_EXPONENT
    ):
        raise MalformedRecord("NewImage.amount is outside DynamoDB's number range")
    return amount


def _occurred_at(timestamp: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(timestamp)
        if parsed.tzinfo is None:
            raise ValueError("no time zone")
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError) as error:
        raise MalformedRecord("NewImage.timestamp is not ISO 8601 with a time zone") from error


def inserted_transaction(record: Any) -> Optional[Transaction]:
    """The inserted transaction; None for any record but an INSERT (the mapping filters those out)."""
    if not isinstance(record, dict):
        raise MalformedRecord("record is not an object")
    if record.get("eventName") != "INSERT":
        return None
    change = record.get("dynamodb")
    image = change.get("NewImage") if isinstance(change, dict) else None
    if not isinstance(image, dict):
        raise MalformedRecord("INSERT record has no dynamodb.NewImage")
    text = {name: _text(image, name) for name in TEXT_FIELDS}
    if not _LAST4.fullmatch(text["card_last4"]):
        raise MalformedRecord("NewImage.card_last4 is not four digits")  # never publish more of a card
    if not _CURRENCY.fullmatch(text["currency"]):
        raise MalformedRecord("NewImage.currency is not three letters A-Z")
    return Transaction(amount=_amount(image), occurred_at=_occurred_at(text["timestamp"]), **text)
