"""JSON text for parsed message values, numbers kept exact.

Messages are parsed with numbers as ``Decimal`` (so ``150.0000000001`` stays
what the producer sent), which ``json.dumps`` cannot write. Output is ASCII
(``\\uXXXX`` escapes), so SNS and any SQS subscriber accept every character.
Callers bound the nesting first (``limits``); the recursion is that deep at most.
"""

import json
from decimal import Decimal
from typing import Any


def dumps(value: Any) -> str:
    """Compact JSON for dicts, lists, str, bool, None, int and finite ``Decimal``."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(key))}:{dumps(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("JSON has no NaN or Infinity")
        return str(value)  # e.g. "150.0000000001", "1E+5": valid JSON numbers
    return json.dumps(value)
