"""The raw request: body bytes exactly as the sender signed them, and headers."""

import base64
import binascii
from typing import Any, Dict, Mapping

from webhook_validator.errors import BadRequest, PayloadTooLarge

# Anything accepted must fit one asynchronous Lambda invoke (256 KiB).
MAX_BODY_BYTES = 262_144


def raw_body(event: Mapping[str, Any]) -> bytes:
    """Return the body bytes of an API Gateway REST (v1 proxy) event.

    Raises ``BadRequest`` for undecodable bodies and ``PayloadTooLarge`` over 256 KiB.
    """
    body = event.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise BadRequest("Request body must be text")
    if event.get("isBase64Encoded") is True:
        # Base64 is 4/3 the size: refuse a clearly oversized body before decoding it.
        if len(body) > (MAX_BODY_BYTES + 2) // 3 * 4 + 4:
            raise PayloadTooLarge(f"Request body exceeds {MAX_BODY_BYTES} bytes")
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise BadRequest("Request body is not valid base64") from None
    else:
        try:
            raw = body.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRequest("Request body is not valid UTF-8") from None
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"Request body exceeds {MAX_BODY_BYTES} bytes")
    return raw


def headers(event: Mapping[str, Any]) -> Dict[str, str]:
    """Headers with lower-cased names (API Gateway keeps the sender's casing); may be None."""
    raw_headers = event.get("headers") or {}
    if not isinstance(raw_headers, Mapping):
        return {}
    return {
        str(name).lower(): value
        for name, value in raw_headers.items()
        if isinstance(value, str)
    }
