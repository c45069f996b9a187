"""Standard Webhooks signature verification (https://www.standardwebhooks.com/).

Pure functions: the secret, the headers, the raw body and the time come in as
arguments. Failures raise ``SignatureError`` (HTTP 401) naming the problem.
"""

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Mapping

from webhook_validator.errors import SignatureError

SECRET_PREFIX = "whsec_"
TOLERANCE_SECONDS = 300
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
SIGNATURE_VERSION = "v1"

_TIMESTAMP_RE = re.compile(r"[0-9]{1,15}\Z", re.ASCII)


class InvalidSecret(ValueError):
    """The configured secret is not ``whsec_`` + base64(key)."""


@dataclass(frozen=True)
class SignedHeaders:
    msg_id: str
    timestamp: str
    signatures: str


def decode_secret(secret: str) -> bytes:
    """Key bytes of ``whsec_<base64>``; the prefix is optional, padding may be omitted."""
    if secret.startswith(SECRET_PREFIX):
        secret = secret[len(SECRET_PREFIX):]
    secret = secret.strip()
    try:
        key = base64.b64decode(secret + "=" * (-len(secret) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidSecret("signing secret is not base64") from None
    if not key:
        raise InvalidSecret("signing secret is empty")
    return key


def read_headers(headers: Mapping[str, str], now: float) -> SignedHeaders:
    """Check the three headers (names already lower-cased) and the timestamp window.

    Needs no secret, so an unsigned request is refused without any AWS call.
    """
    values = {}
    for name in (ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER):
        value = headers.get(name)
        if not isinstance(value, str) or not value.strip():
            raise SignatureError(f"Missing {name} header")
        values[name] = value.strip()
    timestamp = values[TIMESTAMP_HEADER]
    if not _TIMESTAMP_RE.match(timestamp):
        raise SignatureError(f"Invalid {TIMESTAMP_HEADER} header: expected Unix seconds")
    age = now - int(timestamp)
    if age > TOLERANCE_SECONDS:
        raise SignatureError("Webhook timestamp too old")
    if age < -TOLERANCE_SECONDS:
        raise SignatureError("Webhook timestamp too new")
    return SignedHeaders(values[ID_HEADER], timestamp, values[SIGNATURE_HEADER])


def expected_signature(key: bytes, msg_id: str, timestamp: str, raw_body: bytes) -> bytes:
    signed_content = f"{msg_id}.{timestamp}.".encode("utf-8") + raw_body
    return hmac.new(key, signed_content, hashlib.sha256).digest()


def check_signature(secret: str, signed: SignedHeaders, raw_body: bytes) -> None:
    """Accept if any ``v1,<base64>`` entry matches; other versions are ignored."""
    key = decode_secret(secret)
    expected = expected_signature(key, signed.msg_id, signed.timestamp, raw_body)
    for entry in signed.signatures.split():
        version, sep, encoded = entry.partition(",")
        if not sep or version != SIGNATURE_VERSION:
            continue
        try:
            candidate = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            continue
        if hmac.compare_digest(expected, candidate):
            return
    raise SignatureError("No valid webhook signature")


def verify(secret: str, headers: Mapping[str, str], raw_body: bytes, now: float) -> None:
    """Verify a delivery; returns None or raises ``SignatureError`` (or ``InvalidSecret``)."""
    lowered = {str(name).lower(): value for name, value in headers.items()}
    check_signature(secret, read_headers(lowered, now), raw_body)
