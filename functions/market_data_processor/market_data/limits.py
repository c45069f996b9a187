"""What an alert can carry: DynamoDB's and SNS's limits, checked before any AWS call.

A message whose extra fields could never be stored or published would fail
on every delivery; it is malformed instead, and goes to the DLQ at once with
the field named. The limits:

- numbers: what boto3 serializes (38 significant digits) within DynamoDB's
  range (0, or 1E-130 <= |n| < 1E+126);
- nesting: DynamoDB allows 32 levels, so the body object and the lists and
  objects inside it nest at most 32 deep;
- names: DynamoDB refuses empty attribute names; strings must be valid
  UTF-8 (a JSON ``\\ud800`` escape alone is not);
- size: the extra fields' JSON text (ASCII, as published) at most 180 KiB,
  so the SNS message (256 KiB) has room for the alert's own fields, and the
  DynamoDB item stays under 400 KB: DynamoDB stores a JSON value in at most
  twice its text (nested empty lists, 2 bytes of text for 4 stored, are the
  worst case).
"""

import decimal
from decimal import Decimal
from typing import Any, Dict, List, Tuple

from boto3.dynamodb.types import DYNAMODB_CONTEXT

from market_data import json_text
from market_data.errors import MalformedMessage, shorten

MAX_NESTING = 32
MAX_EXTRA_FIELDS_BYTES = 180 * 1024
_SMALLEST = Decimal("1E-130")
_TOO_LARGE = Decimal("1E+126")


def is_storable_number(value: Decimal) -> bool:
    """True when DynamoDB (through boto3) stores ``value`` exactly."""
    try:
        DYNAMODB_CONTEXT.create_decimal(value)
    except decimal.DecimalException:
        return False
    return value.is_zero() or _SMALLEST <= abs(value) < _TOO_LARGE


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _problem(value: Any) -> str:
    """What is wrong with one value on its own (containers: with their keys), or ''."""
    if isinstance(value, Decimal) and not is_storable_number(value):
        return f"number {str(value)[:40]} has more than 38 digits or is out of DynamoDB's range"
    if isinstance(value, str) and not _is_utf8(value):
        return "string is not valid UTF-8 (a lone surrogate escape)"
    if isinstance(value, dict):
        for key in value:
            if key == "":
                return "an object has an empty key"
            if not _is_utf8(key):
                return "a key is not valid UTF-8 (a lone surrogate escape)"
    return ""


def check_extra_fields(extras: Dict[str, Any]) -> None:
    """``MalformedMessage`` naming the first extra field DynamoDB or SNS could not take."""
    # Iterative, so a deep value cannot exhaust the stack; level 1 is the body object.
    pending: List[Tuple[str, Any, int]] = [(name, value, 2) for name, value in extras.items()]
    for name in extras:
        if name == "" or not _is_utf8(name):
            raise MalformedMessage(f"extra field name {shorten(name)} cannot be stored")
    while pending:
        name, value, level = pending.pop()
        problem = _problem(value)
        if problem:
            raise MalformedMessage(f"extra field {shorten(name)}: {problem}")
        if isinstance(value, (dict, list)):
            if level > MAX_NESTING:
                raise MalformedMessage(f"extra field {shorten(name)} nests deeper than {MAX_NESTING} levels")
            children = value.values() if isinstance(value, dict) else value
            pending.extend((name, child, level + 1) for child in children)
    size = len(json_text.dumps(extras))  # ASCII: characters are bytes
    if size > MAX_EXTRA_FIELDS_BYTES:
        raise MalformedMessage(f"extra fields take {size} bytes, more than {MAX_EXTRA_FIELDS_BYTES}")
