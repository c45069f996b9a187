"""Identifier checks. Rejections say what a valid id looks like and never echo the value."""

import re
import uuid

from upload_api.errors import BadRequest

# Explicit ASCII classes: ``\w`` and ``\d`` would accept other scripts' letters and digits.
_TRANSACTION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_UPLOAD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def transaction_id(value: str) -> str:
    if not _TRANSACTION_ID.fullmatch(value):
        raise BadRequest("transaction_id must be 1-64 characters of A-Z, a-z, 0-9, _ and -")
    return value


def upload_id(value: str) -> str:
    if not _UPLOAD_ID.fullmatch(value):
        raise BadRequest("upload_id must be a UUID4 in canonical lower-case form")
    return value


def new_upload_id() -> str:
    return str(uuid.uuid4())  # canonical lower-case, as upload_id() accepts
