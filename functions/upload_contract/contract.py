"""Where an upload goes and which routes the API serves: the one source.

The stack imports this module too (as ``functions.upload_contract.contract``),
so the bucket's notification filter and lifecycle, the grants scoped to the
prefix, the API's routes and the two functions cannot drift apart: a key
csv-validation would not take for an upload never triggers it.
"""

from typing import Dict, Optional, Tuple

UPLOAD_PREFIX = "uploads/"
UPLOAD_SUFFIX = ".csv"

CREATE_UPLOAD = "create_upload"
TRANSACTION_STATUS = "transaction_status"
UPLOAD_RESULT = "upload_result"
# (method, resource template as API Gateway names it) -> action
ROUTES: Dict[Tuple[str, str], str] = {
    ("POST", "/upload"): CREATE_UPLOAD,
    ("GET", "/status/{transaction_id}"): TRANSACTION_STATUS,
    ("GET", "/uploads/{upload_id}"): UPLOAD_RESULT,
}


def object_key(upload_id: str) -> str:
    return f"{UPLOAD_PREFIX}{upload_id}{UPLOAD_SUFFIX}"


def upload_id_of(key: str) -> Optional[str]:
    """The upload id a (decoded) object key names, or None when it is not an upload's key."""
    if not (key.startswith(UPLOAD_PREFIX) and key.endswith(UPLOAD_SUFFIX)):
        return None
    return key[len(UPLOAD_PREFIX):-len(UPLOAD_SUFFIX)] or None
