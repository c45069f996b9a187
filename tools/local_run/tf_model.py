"""A synthesized stack (cdk.tf.json): its resources and outputs, and their ${...} references.

References are Terraform's `${aws_x.y.attr}` and `${data.aws_x.y.attr}`,
whole strings or embedded in longer ones (a bucket name, a JSON policy).
Anything else in `${...}` (a function call) is left alone: the local run
never reads the attributes that use them (deployment triggers).
"""

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

REFERENCE = re.compile(r"\$\{((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}")
WHOLE_REFERENCE = re.compile(r"^" + REFERENCE.pattern + r"$")
# Meta-arguments that do not describe the resource itself.
META = frozenset({"//", "depends_on", "lifecycle", "provider", "count", "for_each", "triggers", "tags"})


class UnresolvedReference(KeyError):
    """A reference to something not created (yet), or to an attribute the local run does not know."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Resource:
    address: str  # "aws_sqs_queue.routed_payments-queue_7B1238D5" or "data.aws_caller_identity.account"
    type: str  # "aws_sqs_queue", or "data.aws_caller_identity" for a data source
    body: Mapping[str, Any] = field(repr=False)

    @property
    def path(self) -> str:
        """The construct path cdktf records (`webhook-pipeline-dev/router/function`), for messages."""
        return self.body.get("//", {}).get("metadata", {}).get("path", self.address)

    def settings(self) -> dict[str, Any]:
        return {name: value for name, value in self.body.items() if name not in META}


def references(value: Any) -> Iterator[str]:
    """Every address `value` refers to."""
    if isinstance(value, str):
        yield from (match.group(1) for match in REFERENCE.finditer(value))
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def resolve(value: Any, attributes: Mapping[str, Mapping[str, Any]]) -> Any:
    """`value` with every reference replaced by the attribute of what was created at that address."""

    def lookup(address: str, attribute: str) -> Any:
        if address not in attributes:
            raise UnresolvedReference(f"${{{address}.{attribute}}}: {address} was not created")
        created = attributes[address]
        if attribute not in created:
            raise UnresolvedReference(f"${{{address}.{attribute}}}: the local run knows {sorted(created)} of {address}")
        return created[attribute]

    if isinstance(value, str):
        whole = WHOLE_REFERENCE.match(value)
        if whole:  # keeps the attribute's own type (a number, a list)
            return lookup(whole.group(1), whole.group(2))
        return REFERENCE.sub(lambda match: str(lookup(match.group(1), match.group(2))), value)
    if isinstance(value, Mapping):
        return {key: resolve(item, attributes) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, attributes) for item in value]
    return value


class StackModel:
    """One stack's cdk.tf.json."""

    def __init__(self, stack_id: str, document: Mapping[str, Any]) -> None:
        self.stack_id = stack_id
        self.document = document
        self.resources: dict[str, Resource] = {}
        for kind, prefix in (("data", "data."), ("resource", "")):
            for type_, named in document.get(kind, {}).items():
                for name, body in named.items():
                    address = f"{prefix}{type_}.{name}"
                    self.resources[address] = Resource(address, prefix + type_, body)
        self.outputs: dict[str, Any] = {name: output["value"] for name, output in document.get("output", {}).items()}

    @classmethod
    def from_json(cls, stack_id: str, text: str) -> "StackModel":
        return cls(stack_id, json.loads(text))

    @property
    def region(self) -> str:
        providers = self.document.get("provider", {}).get("aws", [{}])
        return providers[0].get("region", "us-east-1")

    def of_type(self, type_: str) -> list[Resource]:
        return [resource for resource in self.resources.values() if resource.type == type_]

    def dependencies(self, resource: Resource) -> set[str]:
        """The addresses of this stack that `resource`'s settings refer to."""
        return {address for address in references(resource.settings()) if address in self.resources}
