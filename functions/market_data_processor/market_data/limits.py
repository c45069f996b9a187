"""What an alert stores and publishes: the one rule, checked before any AWS call.

The alert's own fields come from the tick and the function (``alert``):
``symbol`` (1-12 of A-Z0-9.-), ``timestamp`` (the UTC range key), ``price``
(a number DynamoDB holds, see below; anything else makes the message
malformed), ``alert_type`` (HIGH or LOW), ``threshold``, ``status`` (PENDING,
SENT) and ``ttl``. An extra field named like one of them is never stored.

Every other field of the message is kept as sent when DynamoDB and SNS can
take it, and otherwise ignored: left out of the alert, named in the log line,
never a reason to refuse the tick or to fail a write. An extra field is kept
when

- every number in it is one DynamoDB holds: at most 38 significant digits
  (leading and trailing zeros do not count), 0 or 1E-130 <= |n| < 1E+126;
- every string and object key in it is valid UTF-8 (a JSON ``\\ud800``
  escape alone is not), every key is 1-65,535 bytes, none empty;
- it nests at most 32 levels, the message object being level 1 (DynamoDB's
  limit is 32);
- it fits: extra fields are taken in name order while their JSON text (ASCII,
  as published) stays within 180 KiB, so the SNS message (256 KiB) has room
  for the own fields, and the DynamoDB item stays under 400 KB: DynamoDB
  stores a JSON value in at most twice its text (nested empty lists, 2 bytes
  of text for 4 stored, are the worst case).
"""

import decimal
import json
from decimal import Decimal
from typing import Any, Dict, Optional, Tuple

from boto3.dynamodb.types import DYNAMODB_CONTEXT

from market_data import json_text
from market_data.errors import shorten

MAX_NESTING = 32
MAX_EXTRA_FIELDS_BYTES = 180 * 1024
MAX_NAME_BYTES = 65_535
MAX_SIGNIFICANT_DIGITS = 38
_SMALLEST = Decimal("1E-130")
_TOO_LARGE = Decimal("1E+126")
_PLAIN = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


class UnreadableNumber:
    """A JSON number ``Decimal`` cannot hold (an exponent beyond 10**18): kept as text to be refused."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"UnreadableNumber({self.text[:40]!r})"


def read_number(text: str) -> Any:
    """``parse_float`` / ``parse_int`` for messages: the exact ``Decimal``, or ``UnreadableNumber``."""
    try:
        return Decimal(text)
    except decimal.DecimalException:
        mantissa = text.lower().partition("e")[0]
        if not mantissa.strip("-0."):  # 0e999999999999999999999 is 0 all the same
            return Decimal("-0" if text.startswith("-") else "0")
        return UnreadableNumber(text)


def storable_number(value: Any) -> Optional[Decimal]:
    """``value`` as DynamoDB (through boto3) stores it, or None when it cannot.

    Trailing zeros beyond 38 digits are dropped (``1`` and 40 zeros is
    ``1E+40``, 150 and 40 zeros after the point is ``150``: the same
    numbers); the value is otherwise unchanged.
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        return None
    if not value.is_zero() and not _SMALLEST <= value.copy_abs() < _TOO_LARGE:  # abs() would round to 28 digits
        return None
    if len(value.as_tuple().digits) > MAX_SIGNIFICANT_DIGITS:
        value = value.normalize(_PLAIN)
        if 0 < value.as_tuple().exponent <= MAX_SIGNIFICANT_DIGITS - len(value.as_tuple().digits):
            value = value.quantize(Decimal(1), context=_PLAIN)  # 1.5E+2 back to 150
    try:
        return DYNAMODB_CONTEXT.create_decimal(value)
    except decimal.DecimalException:
        return Decimal(0) if value.is_zero() else None  # 0E-200 is 0; anything else lost digits


class _Unstorable(ValueError):
    pass


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_name(name: str, what: str) -> None:
    if name == "":
        raise _Unstorable(f"{what} is empty")
    if not _is_utf8(name):
        raise _Unstorable(f"{what} is not valid UTF-8 (a lone surrogate escape)")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise _Unstorable(f"{what} is longer than {MAX_NAME_BYTES} bytes")


def _storable(value: Any, level: int) -> Any:
    """``value`` with its numbers in stored form; ``_Unstorable`` naming the first problem."""
    if isinstance(value, (dict, list)) and level > MAX_NESTING:
        raise _Unstorable(f"nests deeper than {MAX_NESTING} levels")
    if isinstance(value, dict):
        for key in value:
            _check_name(key, "a key")
        return {key: _storable(item, level + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item, level + 1) for item in value]
    if isinstance(value, (Decimal, UnreadableNumber)):
        number = storable_number(value)
        if number is None:
            text = value.text if isinstance(value, UnreadableNumber) else str(value)
            raise _Unstorable(f"number {text[:40]} has more than 38 digits or is out of DynamoDB's range")
        return number
    if isinstance(value, str) and not _is_utf8(value):
        raise _Unstorable("string is not valid UTF-8 (a lone surrogate escape)")
    return value  # bool, None, str


def keep_storable(extras: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """The extra fields an alert keeps (in name order), and the ignored ones with the reason, by name."""
    kept: Dict[str, Any] = {}
    ignored: Dict[str, str] = {}
    room = MAX_EXTRA_FIELDS_BYTES - 2  # the braces
    for name in sorted(extras):
        try:
            _check_name(name, "the name")
            value = _storable(extras[name], level=2)  # level 1 is the message object
        except _Unstorable as problem:
            ignored[name] = str(problem)
            continue
        size = len(json.dumps(name)) + 1 + len(json_text.dumps(value)) + (1 if kept else 0)  # ASCII: bytes
        if size > room:
            ignored[name] = f"does not fit in the {MAX_EXTRA_FIELDS_BYTES} bytes an alert keeps for extra fields"
            continue
        kept[name] = value
        room -= size
    return kept, ignored


def describe_ignored(ignored: Dict[str, str], limit: int = 10) -> Dict[str, str]:
    """For the log line: up to ``limit`` ignored fields, names shortened to printable ASCII."""
    return {shorten(name): reason for name, reason in list(ignored.items())[:limit]}
