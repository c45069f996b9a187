"""The message contract: an SQS body is a JSON object with symbol, price and timestamp.

| field       | rule                                                    |
| ----------- | ------------------------------------------------------- |
| ``symbol``    | 1-12 characters of ``A-Z0-9.-``                             |
| ``price``     | a finite number > 0, not a boolean, that DynamoDB holds (``limits``) |
| ``timestamp`` | ISO 8601 with a time zone (see ``timestamps``)              |

Numbers are parsed as ``Decimal``, so a price compares with the thresholds
exactly. NaN/Infinity and duplicate keys are refused (parsers disagree on
them). Every other field is kept, as sent, for the alert when DynamoDB and
SNS can take it, and ignored otherwise (``limits``): an extra field never
makes a tick malformed.
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, NoReturn, Tuple

from market_data.errors import MalformedMessage, json_type_name, shorten
from market_data.limits import UnreadableNumber, keep_storable, read_number, storable_number
from market_data.timestamps import normalize_timestamp

CONTRACT_FIELDS = ("symbol", "price", "timestamp")
_SYMBOL = re.compile(r"[A-Z0-9.\-]{1,12}")


@dataclass(frozen=True)
class Tick:
    symbol: str
    price: Decimal
    timestamp: str  # the instant in UTC, the alert's range key (``timestamps``)
    extras: Dict[str, Any] = field(default_factory=dict)  # the extra fields the alert keeps
    ignored: Dict[str, str] = field(default_factory=dict)  # the others: name -> why


def _reject_constant(name: str) -> NoReturn:
    raise MalformedMessage(f"body contains {name}, which is not valid JSON")


def _reject_duplicate_keys(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise MalformedMessage(f"body contains duplicate key {shorten(key)}")
        result[key] = value
    return result


def parse_json(body: str) -> Any:
    """Strict JSON, numbers as ``Decimal`` (or ``UnreadableNumber``); ``MalformedMessage`` naming why not."""
    try:
        return json.loads(
            body,
            parse_float=read_number,
            parse_int=read_number,
            parse_constant=_reject_constant,
            object_pairs_hook=_reject_duplicate_keys,
        )
    except RecursionError:
        raise MalformedMessage("body is nested too deeply to parse") from None
    except json.JSONDecodeError as error:  # its message names the position, not the text
        raise MalformedMessage(f"body is not valid JSON: {error.msg} at position {error.pos}") from None


def check_symbol(value: Any) -> str:
    if not isinstance(value, str) or not _SYMBOL.fullmatch(value):
        raise MalformedMessage(f"symbol {shorten(value)} is not 1-12 characters of A-Z0-9.-")
    return value


def check_price(value: Any) -> Decimal:
    if isinstance(value, UnreadableNumber):
        raise MalformedMessage(f"price {value.text[:40]} has more than 38 digits or is out of DynamoDB's range")
    if isinstance(value, bool) or not isinstance(value, Decimal):
        raise MalformedMessage(f"price must be a number, not {json_type_name(value)}")
    if not value.is_finite():
        raise MalformedMessage("price must be finite")
    if value <= 0:
        raise MalformedMessage(f"price {str(value)[:40]} is not greater than 0")
    stored = storable_number(value)
    if stored is None:
        raise MalformedMessage(f"price {str(value)[:40]} has more than 38 digits or is out of DynamoDB's range")
    return stored


def parse_tick(body: str) -> Tick:
    """The tick in ``body``, or ``MalformedMessage`` naming the first problem found."""
    document = parse_json(body)
    if not isinstance(document, dict):
        raise MalformedMessage(f"body must be a JSON object, not {json_type_name(document)}")
    missing = [name for name in CONTRACT_FIELDS if name not in document]
    if missing:
        raise MalformedMessage(f"missing field(s): {', '.join(missing)}")
    symbol = check_symbol(document["symbol"])
    price = check_price(document["price"])
    timestamp = normalize_timestamp(document["timestamp"])
    extras, ignored = keep_storable({name: value for name, value in document.items() if name not in CONTRACT_FIELDS})
    return Tick(symbol=symbol, price=price, timestamp=timestamp, extras=extras, ignored=ignored)
