"""What the validator hands on: the rule for every value of an accepted event, beyond the schema.

The event goes to the router as its invoke payload and, unchanged, into the
router's queue message (``webhook_events.queue_message``); every field, extra
fields included, is passed on as sent. An event is handed on only when

- objects and arrays nest at most ``MAX_NESTING`` (64) levels, the event
  object being level 1: far below the recursion limit of any JSON parser on
  the way (the router's runtime, its queue consumers), whatever its stack;
- every number arrives with the value it was sent with: an integer (at most
  4,300 digits, what Python's ``json`` reads: a longer one is already refused
  as invalid JSON), or a number with a fraction or an exponent whose 64-bit
  float has the same value (``read_float``). The router's runtime parses its
  payload with ``simplejson.loads``, which reads such numbers as floats
  whatever the validator hands on: ``12345678901234567.89`` would be queued
  as ``1.2345678901234568e+16``, ``1e-400`` as ``0.0``, ``1e400`` not at all;
- every string and key has a UTF-8 form (``payload.serialize_event``);
- the invoke payload takes at most ``MAX_EVENT_BYTES`` and the router's queue
  message at most 262,144 bytes (``payload.serialize_event``).

Otherwise the request gets a 400 (or 413) naming the field, before anything
is claimed.
"""

import math
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Tuple

from webhook_validator.errors import InvalidEvent

MAX_NESTING = 64


def _field(name: str) -> str:
    """The top-level field's name for a client message: printable ASCII, shortened."""
    text = ascii(name)
    return text if len(text) <= 42 else text[:39] + "..."


class ChangedNumber(float):
    """A JSON number whose float has another value (``read_float``): parsed, then refused by ``check_values``."""


def read_float(text: str) -> float:
    """``json``'s ``parse_float``: the float of ``text``, a ``ChangedNumber`` unless its value is ``text``'s.

    The same value means ``repr`` of the float, which is what the router
    receives, equals ``text`` as a decimal: ``0.1``, ``10.50`` and ``1e308``
    pass; ``12345678901234567.89``, ``1e-400`` (0.0) and ``1e400`` (infinity)
    do not, nor does an exponent too large for ``Decimal`` to read.
    """
    value = float(text)
    try:
        same = math.isfinite(value) and Decimal(repr(value)) == Decimal(text)
    except InvalidOperation:
        same = False
    return value if same else ChangedNumber(value)


def check_values(event: Dict[str, Any]) -> None:
    """``InvalidEvent`` (400) naming the first field that nests too deeply or holds a ``ChangedNumber``."""
    # Iterative: a value nested to the parser's limit must not exhaust the stack here.
    pending: List[Tuple[str, Any, int]] = [(name, value, 2) for name, value in event.items()]
    while pending:
        name, value, level = pending.pop()
        if isinstance(value, ChangedNumber):
            raise InvalidEvent(f"Field {_field(name)} holds a number a 64-bit float cannot carry unchanged "
                               "(too many significant digits, or out of range)")
        if isinstance(value, (dict, list)):
            if level > MAX_NESTING:
                raise InvalidEvent(f"Field {_field(name)} nests deeper than {MAX_NESTING} levels")
            children = value.values() if isinstance(value, dict) else value
            pending.extend((name, child, level + 1) for child in children)
