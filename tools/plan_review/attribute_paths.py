"""Flattening nested Terraform JSON into `path -> value` leaves, and hiding secrets."""

import json
import re

SIMPLE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# An attribute whose name says it holds a secret is never printed.
SENSITIVE_KEY = re.compile(
    r"password|passwd|passphrase|private_key|access_key|secret_key|token|credential"
    r"|secret(?!_?arn|_?id|_?name)",
    re.IGNORECASE,
)
SENSITIVE = "(sensitive value hidden)"


def child_path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    step = key if SIMPLE_KEY.fullmatch(key) else json.dumps(key)
    if not parent:
        return step
    return f"{parent}.{step}" if SIMPLE_KEY.fullmatch(key) else f"{parent}[{step}]"


def as_json_document(value: object) -> object | None:
    """A string holding a JSON object or array (IAM policies, redrive policies), parsed."""
    if not isinstance(value, str) or value[:1] not in "{[":
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, (dict, list)) else None


def is_sensitive(path: str) -> bool:
    last = re.split(r"[.\[]", path)[-1].strip('"]')
    return bool(SENSITIVE_KEY.search(last))


def is_scalar_list(value: object) -> bool:
    return isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)


def flatten(value: object, path: str = "") -> dict[str, object]:
    """Leaves by path. Lists of scalars stay whole; JSON-in-a-string is opened up."""
    document = as_json_document(value)
    if document is not None:
        value = document
    if isinstance(value, dict) and value:
        leaves = {}
        for key, child in value.items():
            leaves.update(flatten(child, child_path(path, key)))
        return leaves
    if isinstance(value, list) and value and not is_scalar_list(value):
        leaves = {}
        for index, child in enumerate(value):
            leaves.update(flatten(child, child_path(path, index)))
        return leaves
    return {path: value}


def lookup(value: object, path: str) -> object | None:
    """Follow a dotted path; a JSON string is stepped through, and so is a list with one
    element holding the key (a one-element list, or e.g. the one metric query with an expression)."""
    for key in path.split("."):
        document = as_json_document(value)
        value = document if document is not None else value
        if isinstance(value, list):
            holding = [v for v in value if isinstance(v, dict) and key in v]
            value = holding[0] if len(holding) == 1 else None
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
