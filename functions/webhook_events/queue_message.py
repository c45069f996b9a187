"""The queue message the router sends for an event: one rule, in both zips.

The validator refuses (413) an event whose message would not fit; the router
builds and sends exactly this message, after the same check.

Body: the event as compact JSON in UTF-8, non-ASCII kept, with U+FFFE and
U+FFFF written as ``\\u`` escapes (SQS refuses those characters; ``json.dumps``
already escapes the controls, and the validator refuses lone surrogates).
Attributes: ``event_id`` and ``transaction_type``, as strings. SQS takes a
message whose body and attribute values hold only #x9 #xA #xD #x20-#xD7FF
#xE000-#xFFFD #x10000-#x10FFFF and whose body and attributes (names, types
and values, in UTF-8) take at most 262,144 bytes.
"""

import json
import re
from typing import Any, Dict, Mapping, Optional

MAX_MESSAGE_BYTES = 262_144
_UNSAFE_ESCAPES = {0xFFFE: "\\ufffe", 0xFFFF: "\\uffff"}
# The XML 1.0 characters, SQS's documented set; lone surrogates (#xD800-#xDFFF) are outside it.
_SQS_TEXT = re.compile("[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def sqs_can_carry(text: str) -> bool:
    """Whether SQS takes every character of ``text`` in a message body or a String attribute value."""
    return _SQS_TEXT.fullmatch(text) is not None


def message_body(event: Mapping[str, Any]) -> str:
    """The event as compact UTF-8 JSON that SQS accepts."""
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).translate(_UNSAFE_ESCAPES)


def message_attributes(event: Mapping[str, Any]) -> Dict[str, Dict[str, str]]:
    return {
        "event_id": {"DataType": "String", "StringValue": event["event_id"]},
        "transaction_type": {"DataType": "String", "StringValue": event["transaction_type"]},
    }


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def message_size(body: str, attributes: Mapping[str, Mapping[str, str]]) -> int:
    """Bytes SQS counts: the body and each attribute's name, type and value."""
    return _utf8_size(body) + sum(
        _utf8_size(name) + _utf8_size(attribute["DataType"]) + _utf8_size(attribute["StringValue"])
        for name, attribute in attributes.items()
    )


def message_problem(body: str, attributes: Mapping[str, Mapping[str, str]]) -> Optional[str]:
    """Why SQS would refuse this message, or None."""
    for name, text in [("body", body)] + [(name, a["StringValue"]) for name, a in attributes.items()]:
        if not text or not sqs_can_carry(text):
            return f"message {name} is empty or holds characters SQS refuses"
    size = message_size(body, attributes)
    if size > MAX_MESSAGE_BYTES:
        return f"message takes {size} bytes, more than {MAX_MESSAGE_BYTES}"
    return None
