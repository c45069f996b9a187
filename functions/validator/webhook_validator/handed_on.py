"""What the validator hands on: the rule for every value of an accepted event, beyond the schema.

The event goes to the router as its invoke payload and, unchanged, into the
router's queue message (``webhook_events.queue_message``); every field, extra
fields included, is passed on as sent. An event is handed on only when

- objects and arrays nest at most ``MAX_NESTING`` (64) levels, the event
  object being level 1: far below the recursion limit of any JSON parser on
  the way (the router's runtime, its queue consumers), whatever its stack;
- every number is an integer (at most 4,300 digits, what Python's ``json``
  reads: a longer one is already refused as invalid JSON) or a finite float
  (``1e400`` reads as infinity, which JSON cannot write);
- every string and key has a UTF-8 form (``payload.serialize_event``);
- the invoke payload takes at most ``MAX_EVENT_BYTES`` and the router's queue
  message at most 262,144 bytes (``payload.serialize_event``).

Otherwise the request gets a 400 (or 413) naming the field, before anything
is claimed.
"""

import math
from typing import Any, Dict, List, Tuple

from webhook_validator.errors import BadRequest

MAX_NESTING = 64


def _field(name: str) -> str:
    """The top-level field's name for a client message: printable ASCII, shortened."""
    text = ascii(name)
    return text if len(text) <= 42 else text[:39] + "..."


def check_values(event: Dict[str, Any]) -> None:
    """``BadRequest`` naming the first field that nests too deeply or holds a non-finite number."""
    # Iterative: a value nested to the parser's limit must not exhaust the stack here.
    pending: List[Tuple[str, Any, int]] = [(name, value, 2) for name, value in event.items()]
    while pending:
        name, value, level = pending.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise BadRequest(f"Field {_field(name)} holds a number out of range (JSON has no infinity)")
        if isinstance(value, (dict, list)):
            if level > MAX_NESTING:
                raise BadRequest(f"Field {_field(name)} nests deeper than {MAX_NESTING} levels")
            children = value.values() if isinstance(value, dict) else value
            pending.extend((name, child, level + 1) for child in children)
