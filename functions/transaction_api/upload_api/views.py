"""Stored items (as boto3's TypeDeserializer gives them) -> JSON bodies.

Only the fields of the API contract leave: anything else an item may carry
(bookkeeping of other functions) stays internal. Numbers never become floats:
amounts are strings of the exact decimal, counts and row numbers ints.
"""

import base64
import re
from decimal import Context, Decimal
from typing import Any, Dict, Mapping

TRANSACTION_TEXT_FIELDS = ("transaction_id", "upload_id", "merchant_id", "currency", "timestamp", "status")
TRANSACTION_FIELDS = TRANSACTION_TEXT_FIELDS + ("amount", "card_last4", "row_number", "anomaly_reasons")
UPLOAD_FIELDS = (
    "upload_id", "status", "object_key", "created_at", "rows_total", "rows_accepted", "rows_rejected",
    "errors", "failure_reason", "ttl",
)
_LAST4 = re.compile(r"[0-9]{4}")
_EXACT = Context(prec=100)  # normalize() rounds to the context's precision; DynamoDB keeps 38 digits


def decimal_string(value: Decimal) -> str:
    """``Decimal("1234.50")`` -> ``"1234.5"``, ``Decimal("1E+3")`` -> ``"1000"``.

    Exact, plain notation, no trailing zeros: the form DynamoDB itself returns
    (it trims them), whatever store or fake the item came from.
    """
    return format(value.normalize(_EXACT), "f")


def plain(value: Any) -> Any:
    """A deserialized DynamoDB value as plain JSON: integral numbers as ints, others as exact strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else decimal_string(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(item) for item in value), key=str)
    if isinstance(value, (str, bool)) or value is None:
        return value
    raw = getattr(value, "value", value)  # boto3's Binary wraps bytes
    return base64.b64encode(raw).decode() if isinstance(raw, bytes) else str(value)


def transaction_view(item: Mapping[str, Any]) -> Dict[str, Any]:
    """The transaction as the API serves it: ``card_last4`` and nothing else of the card."""
    view: Dict[str, Any] = {name: item[name] for name in TRANSACTION_TEXT_FIELDS if isinstance(item.get(name), str)}
    amount = item.get("amount")
    if isinstance(amount, Decimal):
        view["amount"] = decimal_string(amount)
    last4 = item.get("card_last4")
    if isinstance(last4, str) and _LAST4.fullmatch(last4):  # anything longer could be more of the card
        view["card_last4"] = last4
    row_number = plain(item.get("row_number"))
    if isinstance(row_number, int) and not isinstance(row_number, bool):
        view["row_number"] = row_number
    reasons = item.get("anomaly_reasons")
    if isinstance(reasons, (list, set)):
        view["anomaly_reasons"] = [reason for reason in plain(reasons) if isinstance(reason, str)]
    return view


def upload_view(item: Mapping[str, Any]) -> Dict[str, Any]:
    """The upload result as stored, in plain JSON (``errors`` as stored, numbers as ints)."""
    return {name: plain(item[name]) for name in UPLOAD_FIELDS if name in item}
