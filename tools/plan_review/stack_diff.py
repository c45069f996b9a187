"""What changed between two synthesized stacks, by Terraform address and attribute path."""

from dataclasses import dataclass, field

from .attribute_paths import flatten
from .stack_json import Resource, resources, stack_name

ABSENT = object()
# Top-level blocks compared as "stack settings" (resources and data are compared one by one).
SETTINGS_BLOCKS = ("terraform", "provider", "variable", "locals", "module", "output")
# Resources that hold data: replacing or removing one loses it (messages, items, objects, keys, logs).
STATEFUL_TYPES = (
    "aws_dynamodb_table",
    "aws_sqs_queue",
    "aws_s3_bucket",
    "aws_kms_key",
    "aws_secretsmanager_secret",
    "aws_cloudwatch_log_group",
    "aws_sns_topic",
)


@dataclass(frozen=True)
class Change:
    path: str
    old: object  # ABSENT when the attribute is new
    new: object  # ABSENT when the attribute is gone


@dataclass(frozen=True)
class ResourceChange:
    address: str
    aws_name: str | None
    changes: tuple[Change, ...]
    old_address: str | None = None  # set when the resource moved to a new address


@dataclass
class StackDiff:
    stack: str
    added: list[Resource] = field(default_factory=list)
    removed: list[Resource] = field(default_factory=list)
    changed: list[ResourceChange] = field(default_factory=list)
    moved: list[ResourceChange] = field(default_factory=list)  # by a `moved` block: updated in place
    replaced: list[ResourceChange] = field(default_factory=list)  # same AWS name, new address, no `moved` block
    settings: tuple[Change, ...] = ()
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved or self.replaced or self.settings)

    @property
    def stateful_losses(self) -> list[str]:
        """Addresses of stateful resources this change destroys: removed, or replaced for want of a move."""
        lost = [r.address for r in self.removed if r.type in STATEFUL_TYPES]
        lost += [r.old_address for r in self.replaced if r.old_address.split(".")[0] in STATEFUL_TYPES]
        return sorted(lost)


def compare(old: object, new: object) -> tuple[Change, ...]:
    before, after = flatten(old), flatten(new)
    return tuple(
        Change(path, before.get(path, ABSENT), after.get(path, ABSENT))
        for path in sorted(before.keys() | after.keys())
        if before.get(path, ABSENT) != after.get(path, ABSENT)
    )


def pair_moves(removed: list[Resource], added: list[Resource]) -> list[tuple[Resource, Resource]]:
    """A removed and an added resource of one type with one AWS name: a new address."""
    def by_name(found: list[Resource]) -> dict[tuple, list[Resource]]:
        keyed: dict[tuple, list[Resource]] = {}
        for resource in found:
            if resource.aws_name:
                keyed.setdefault((resource.type, resource.aws_name), []).append(resource)
        return keyed

    gone, new = by_name(removed), by_name(added)
    return [
        (gone[key][0], new[key][0])
        for key in sorted(gone.keys() & new.keys())
        if len(gone[key]) == len(new[key]) == 1
    ]


def stack_settings(tf: dict) -> dict:
    return {block: tf[block] for block in SETTINGS_BLOCKS if block in tf}


def declared_moves(tf: dict) -> dict[str, str]:
    """The stack's `moved` blocks: old address -> new address."""
    return {move["from"]: move["to"] for move in tf.get("moved", [])}


def diff_stacks(old: dict, new: dict) -> StackDiff:
    before, after = resources(old), resources(new)
    diff = StackDiff(stack=stack_name(new))
    diff.added = [after[a] for a in sorted(after.keys() - before.keys())]
    diff.removed = [before[a] for a in sorted(before.keys() - after.keys())]

    def pair(gone: Resource, arrived: Resource, into: list[ResourceChange]) -> None:
        diff.removed.remove(gone)
        diff.added.remove(arrived)
        changes = compare(gone.body, arrived.body)
        into.append(ResourceChange(arrived.address, arrived.aws_name, changes, gone.address))

    for source, target in declared_moves(new).items():
        if source in before and source not in after and target in after and target not in before:
            pair(before[source], after[target], diff.moved)
    for gone, arrived in pair_moves(diff.removed, diff.added):
        pair(gone, arrived, diff.replaced)
    for address in sorted(before.keys() & after.keys()):
        changes = compare(before[address].body, after[address].body)
        if changes:
            diff.changed.append(ResourceChange(address, after[address].aws_name, changes))
        else:
            diff.unchanged += 1
    diff.settings = compare(stack_settings(old), stack_settings(new))
    return diff
