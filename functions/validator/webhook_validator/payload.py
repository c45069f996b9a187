"""Strict JSON parsing of the verified body, and the compact form handed on."""

import json
from typing import Any, Dict, List, NoReturn, Tuple

from webhook_events.queue_message import MAX_MESSAGE_BYTES, message_attributes, message_body, message_size
from webhook_validator.errors import BadRequest, InvalidEvent, PayloadTooLarge
from webhook_validator.event_schema import validate_event
from webhook_validator.handed_on import check_values, read_float

# Lambda's limit for an asynchronous invoke's payload: the router's event.
MAX_EVENT_BYTES = 262_144


class _RejectedJson(ValueError):
    pass


def _reject_constant(name: str) -> NoReturn:
    raise _RejectedJson(f"Request body contains {name}, which is not valid JSON")


def _reject_duplicate_keys(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            # A signed body with duplicate keys means different things to different parsers.
            raise _RejectedJson(f"Request body contains duplicate key: {key}")
        result[key] = value
    return result


def parse_json(raw: bytes) -> Any:
    """Parse UTF-8 JSON; NaN/Infinity constants, duplicate keys and deep nesting are 400s.

    Numbers with a fraction or an exponent are read by ``handed_on.read_float``,
    which marks those a float would change, for ``check_values`` to refuse.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("Request body is not valid UTF-8") from None
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=read_float,
            object_pairs_hook=_reject_duplicate_keys,
        )
    except _RejectedJson as error:
        raise BadRequest(str(error)) from None
    except RecursionError:
        raise BadRequest("Request body is nested too deeply") from None
    except ValueError:  # JSONDecodeError, and ints over Python's digit limit
        raise BadRequest("Request body is not valid JSON") from None


def parse_event(raw: bytes) -> Dict[str, Any]:
    """Parse and validate the body against the event schema and the rule for what is handed on."""
    event = validate_event(parse_json(raw))
    check_values(event)
    return event


def serialize_event(event: Dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON: the router's invoke payload.

    Refused (413) over ``MAX_EVENT_BYTES``, or when the router's queue message
    for it (``webhook_events.queue_message``: the body, whose escapes can make
    it longer, and the attributes, counted as SQS counts them) would not fit
    SQS's limit, so an accepted event always fits the asynchronous invoke and
    the SQS message with its attributes.
    """
    try:
        payload = json.dumps(
            event, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except UnicodeEncodeError:
        # json.loads accepts "\ud800" escapes; such strings have no UTF-8 form.
        raise InvalidEvent("Request body contains an unpaired Unicode surrogate") from None
    except RecursionError:
        raise InvalidEvent("Request body is nested too deeply") from None
    if len(payload) > MAX_EVENT_BYTES:
        raise PayloadTooLarge(f"Event exceeds {MAX_EVENT_BYTES} bytes")
    queued = message_size(message_body(event), message_attributes(event))
    if queued > MAX_MESSAGE_BYTES:
        raise PayloadTooLarge(f"Event exceeds {MAX_MESSAGE_BYTES} bytes as a queue message")
    return payload
