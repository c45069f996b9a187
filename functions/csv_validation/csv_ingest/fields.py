"""One pure rule per column of the CSV contract.

Each rule takes the field exactly as written (nothing is trimmed) and returns
the value to store, or raises ``FieldInvalid`` with a reason that never
quotes the value.
"""

import re
from datetime import datetime, timezone
from decimal import Decimal

from csv_ingest.currencies import CURRENCIES_IN_USE

MAX_AMOUNT = Decimal("1000000000")
MAX_ID_LENGTH = 64
MAX_AMOUNT_LENGTH = 32  # far above any valid amount; keeps Decimal work bounded

_TRANSACTION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")
_TOO_PRECISE = re.compile(r"[0-9]+\.[0-9]{3,}")
_CARD = re.compile(r"[0-9]{12,19}")
# Calendar date and time of day, basic or extended, then an optional zone
# (checked separately, to name the problem). Week and ordinal dates, other
# separators than "T" and more than 6 fraction digits (Python keeps
# microseconds) are refused.
_TIMESTAMP = re.compile(
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})"
    r"T[0-9]{2}(?::?[0-9]{2}(?::?[0-9]{2}(?:[.,][0-9]{1,6})?)?)?"
    r"(?P<zone>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)


class FieldInvalid(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _present(value: str) -> str:
    if value == "":
        raise FieldInvalid("missing")
    return value


def transaction_id(value: str) -> str:
    if not _TRANSACTION_ID.fullmatch(_present(value)):
        raise FieldInvalid("must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'")
    return value


def merchant_id(value: str) -> str:
    if len(_present(value)) > MAX_ID_LENGTH:
        raise FieldInvalid("longer than 64 characters")
    if _CONTROL.search(value):
        raise FieldInvalid("contains control characters")
    if value.isspace():
        raise FieldInvalid("blank")
    return value


def amount(value: str) -> str:
    """The exact decimal as a string (``"12.50"``), for a DynamoDB ``N``."""
    _present(value)
    if len(value) <= MAX_AMOUNT_LENGTH and _TOO_PRECISE.fullmatch(value):
        raise FieldInvalid("more than 2 fraction digits")
    if len(value) > MAX_AMOUNT_LENGTH or not _AMOUNT.fullmatch(value):
        raise FieldInvalid("not a decimal number with at most 2 fraction digits")
    exact = Decimal(value)
    if exact <= 0:
        raise FieldInvalid("must be greater than 0")
    if exact > MAX_AMOUNT:
        raise FieldInvalid("must be at most 1000000000")
    return str(exact)  # drops leading zeros only: "007.50" -> "7.50"


def currency(value: str) -> str:
    if _present(value) not in CURRENCIES_IN_USE:
        raise FieldInvalid("not an upper-case ISO 4217 currency code in current use")
    return value


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        number = ord(digit) - 48
        if position % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def card_last4(value: str) -> str:
    """The last four digits of a valid card number; the number itself goes no further."""
    digits = _present(value).replace(" ", "").replace("-", "")
    if not _CARD.fullmatch(digits):
        raise FieldInvalid("must be 12-19 digits (spaces and dashes allowed)")
    if not luhn_valid(digits):
        raise FieldInvalid("fails the Luhn check")
    return digits[-4:]


def timestamp(value: str) -> str:
    """ISO 8601 extended form with the row's own offset (``Z`` becomes ``+00:00``)."""
    match = _TIMESTAMP.fullmatch(_present(value))
    if match is None:
        raise FieldInvalid("not an ISO 8601 date and time")
    if match.group("zone") is None:
        raise FieldInvalid("has no time zone")
    try:
        parsed = datetime.fromisoformat(value)
        parsed.astimezone(timezone.utc)  # 0001-01-01T00:00+01:00 names no instant datetime can hold
    except ValueError:
        raise FieldInvalid("not a valid date and time") from None
    except OverflowError:
        raise FieldInvalid("out of range once converted to UTC") from None
    return parsed.isoformat()
