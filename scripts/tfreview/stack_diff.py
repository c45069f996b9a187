"""What changed between two synthesized stacks, by Terraform address and attribute path."""

from dataclasses import dataclass, field

from .attribute_paths import flatten
from .stack_json import Resource, resources, stack_name

ABSENT = object()
# Top-level blocks compared as "stack settings" (resources and data are compared one by one).
SETTINGS_BLOCKS = ("terraform", "provider", "variable", "locals", "module", "output")


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
    moved: list[ResourceChange] = field(default_factory=list)
    settings: tuple[Change, ...] = ()
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved or self.settings)


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


def diff_stacks(old: dict, new: dict) -> StackDiff:
    before, after = resources(old), resources(new)
    diff = StackDiff(stack=stack_name(new))
    diff.added = [after[a] for a in sorted(after.keys() - before.keys())]
    diff.removed = [before[a] for a in sorted(before.keys() - after.keys())]
    for gone, arrived in pair_moves(diff.removed, diff.added):
        diff.removed.remove(gone)
        diff.added.remove(arrived)
        changes = compare(gone.body, arrived.body)
        diff.moved.append(ResourceChange(arrived.address, arrived.aws_name, changes, gone.address))
    for address in sorted(before.keys() & after.keys()):
        changes = compare(before[address].body, after[address].body)
        if changes:
            diff.changed.append(ResourceChange(address, after[address].aws_name, changes))
        else:
            diff.unchanged += 1
    diff.settings = compare(stack_settings(old), stack_settings(new))
    return diff
