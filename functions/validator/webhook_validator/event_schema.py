"""Field checks derived from ``event_schema.json``, the API Gateway request model.

The schema file is the single source of truth for the event's shape. This
module reads ``required`` and, per property, ``type``, ``enum``, ``minLength``,
``maxLength`` and ``pattern`` from it; a keyword it does not know how to
enforce makes loading fail, so the schema cannot silently outgrow the checks.
On top, the checks JSON schema cannot express: ``amount`` must be finite,
``timestamp`` must parse with ``datetime.fromisoformat`` and carry an offset,
and ``event_id`` must use only characters an SQS message attribute can carry
(the router sends it as one; an accepted event must be routable:
``webhook_events.queue_message.sqs_can_carry``).
"""

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Pattern, Tuple

from webhook_events.queue_message import sqs_can_carry
from webhook_events.routes import SCHEMA_PATH
from webhook_validator.errors import InvalidEvent

_TOP_LEVEL_KEYWORDS = {"$schema", "title", "description", "type", "required", "properties"}
_PROPERTY_KEYWORDS = {"type", "enum", "minLength", "maxLength", "pattern", "description"}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPE_CHECKS: Dict[str, Tuple[str, Callable[[Any], bool]]] = {
    "string": ("a string", lambda v: isinstance(v, str)),
    "number": ("a number", _is_number),
    "integer": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "boolean": ("a boolean", lambda v: isinstance(v, bool)),
    "object": ("an object", lambda v: isinstance(v, dict)),
    "array": ("an array", lambda v: isinstance(v, list)),
    "null": ("null", lambda v: v is None),
}


def ecma_pattern_to_python(pattern: str) -> str:
    """Translate an ECMA 262 pattern (what JSON schema uses) for Python's ``re``.

    Only the difference that matters here: outside a character class, ECMA ``$``
    matches only at the very end, Python's also before a final newline, so it
    becomes ``\\Z``. (Compiled with ``re.ASCII`` so ``\\d`` means ``[0-9]`` too.)
    """
    out = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
            out.append(char)
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return "".join(out)


@dataclass(frozen=True)
class FieldRule:
    """What the schema says about one property."""

    name: str
    type: Optional[str] = None
    enum: Optional[Tuple[Any, ...]] = None
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    pattern: Optional[str] = None


@dataclass(frozen=True)
class EventSchema:
    required: Tuple[str, ...]
    rules: Tuple[FieldRule, ...]

    def rule(self, name: str) -> FieldRule:
        return next(rule for rule in self.rules if rule.name == name)


def load_schema(path: Path = SCHEMA_PATH) -> EventSchema:
    """Read the schema file; raise ``ValueError`` for keywords this module can't enforce."""
    document = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(document) - _TOP_LEVEL_KEYWORDS
    if unknown:
        raise ValueError(f"event schema keywords not enforced by the validator: {sorted(unknown)}")
    if document.get("type") != "object":
        raise ValueError("event schema must describe an object")
    rules = []
    for name, spec in document.get("properties", {}).items():
        unknown = set(spec) - _PROPERTY_KEYWORDS
        if unknown:
            raise ValueError(f"event schema keywords on {name} not enforced: {sorted(unknown)}")
        if "type" in spec and (not isinstance(spec["type"], str) or spec["type"] not in _TYPE_CHECKS):
            raise ValueError(f"event schema type of {name} not supported: {spec['type']!r}")
        rules.append(
            FieldRule(
                name=name,
                type=spec.get("type"),
                enum=tuple(spec["enum"]) if "enum" in spec else None,
                min_length=spec.get("minLength"),
                max_length=spec.get("maxLength"),
                pattern=spec.get("pattern"),
            )
        )
    return EventSchema(required=tuple(document.get("required", ())), rules=tuple(rules))


SCHEMA = load_schema()


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> Pattern[str]:
    return re.compile(ecma_pattern_to_python(pattern), re.ASCII)


def _check_rule(rule: FieldRule, value: Any) -> None:
    field = rule.name
    if rule.type is not None:
        description, is_type = _TYPE_CHECKS[rule.type]
        if not is_type(value):
            raise InvalidEvent(f"Field {field} must be {description}")
    if rule.enum is not None and value not in rule.enum:
        raise InvalidEvent(f"Field {field} must be one of: {', '.join(map(str, rule.enum))}")
    if isinstance(value, str):
        if rule.min_length is not None and len(value) < rule.min_length:
            if rule.min_length == 1:
                raise InvalidEvent(f"Field {field} must not be empty")
            raise InvalidEvent(f"Field {field} must be at least {rule.min_length} characters long")
        if rule.max_length is not None and len(value) > rule.max_length:
            raise InvalidEvent(f"Field {field} must be at most {rule.max_length} characters long")
        if rule.pattern is not None and not _compiled(rule.pattern).search(value):
            raise InvalidEvent(f"Field {field} does not match the required format")


def _check_amount(value: Any) -> None:
    # ints are always finite; math.isfinite would overflow on very large ones.
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidEvent("Field amount must be a finite number")


def _check_timestamp(value: Any) -> None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidEvent("Field timestamp must be a valid ISO 8601 date-time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise InvalidEvent("Field timestamp must include a time zone offset")


def _check_event_id(value: Any) -> None:
    # The router sends it as a message attribute: the one rule of what SQS takes, shared with the router.
    if not sqs_can_carry(value):
        raise InvalidEvent("Field event_id contains characters a queue message cannot carry")


# Checks JSON schema cannot express, run after the schema-derived ones.
EXTRA_CHECKS: Dict[str, Callable[[Any], None]] = {
    "event_id": _check_event_id,
    "amount": _check_amount,
    "timestamp": _check_timestamp,
}


def validate_event(event: Any, schema: EventSchema = SCHEMA) -> Dict[str, Any]:
    """Return the event unchanged (extra fields kept) or raise ``InvalidEvent`` (400)."""
    if not isinstance(event, dict):
        raise InvalidEvent("Request body must be a JSON object")
    for name in schema.required:
        if name not in event:
            raise InvalidEvent(f"Missing required field: {name}")
    for rule in schema.rules:
        if rule.name in event:
            _check_rule(rule, event[rule.name])
            extra = EXTRA_CHECKS.get(rule.name)
            if extra is not None:
                extra(event[rule.name])
    return event
