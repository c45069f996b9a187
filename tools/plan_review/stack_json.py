"""Reading one synthesized stack: its resources, their AWS names, its backend."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

# The attribute that holds a resource's AWS-side name, in the order tried.
NAME_KEYS = (
    "name",
    "function_name",
    "alarm_name",
    "stage_name",
    "path_part",
    "statement_id",
    "bucket",
    "http_method",
    "response_type",
    "method_path",
    "description",  # a KMS key's only name-like attribute
)
METADATA_KEY = "//"
REFERENCE = re.compile(r"\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.]+\}")


@dataclass(frozen=True)
class Resource:
    """One resource or data source: `address` is what Terraform calls it."""

    address: str
    type: str
    body: dict

    @property
    def aws_name(self) -> str | None:
        for key in NAME_KEYS:
            value = self.body.get(key)
            if isinstance(value, str) and value and not REFERENCE.fullmatch(value):
                return value
        return None


def load_stack(path: str | Path) -> dict:
    return json.loads(Path(path).read_text())


def stack_name(tf: dict) -> str:
    return tf.get(METADATA_KEY, {}).get("metadata", {}).get("stackName", "(unnamed stack)")


def resources(tf: dict) -> dict[str, Resource]:
    """Every resource and data source by address, without cdktf's `//` metadata."""
    found = {}
    for block, prefix in (("resource", ""), ("data", "data.")):
        for resource_type, by_id in tf.get(block, {}).items():
            for logical_id, body in by_id.items():
                address = f"{prefix}{resource_type}.{logical_id}"
                clean = {k: v for k, v in body.items() if k != METADATA_KEY}
                found[address] = Resource(address, f"{prefix}{resource_type}", clean)
    return dict(sorted(found.items()))


def backend(tf: dict) -> tuple[str, dict]:
    """(backend type, its settings); Terraform's default is local state."""
    backends = tf.get("terraform", {}).get("backend", {})
    if not backends:
        return "local", {}
    kind, settings = next(iter(backends.items()))
    return kind, settings


def referenced_name(all_resources: dict[str, Resource], value: object) -> str | None:
    """`${aws_sqs_queue.x.arn}` -> the AWS name of aws_sqs_queue.x, when it has one."""
    if not isinstance(value, str):
        return None
    match = REFERENCE.fullmatch(value)
    if not match:
        return None
    data, resource_type, logical_id = match.groups()
    target = all_resources.get(f"{data or ''}{resource_type}.{logical_id}")
    return target.aws_name if target else None
