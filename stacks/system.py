"""What a system is to the project: a name, the names it derives from a suffix, a stack, its operational facts."""

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from constructs_lib.naming import NameLimit
from stacks.capacity import ApiCapacity
from stacks.parking import ParkingPlace


class SystemNames(Protocol):
    """A system's resource names for one suffix."""

    def checked(self) -> list[tuple[NameLimit, str]]:
        """Every name the suffix ends up in, with the AWS limit it must meet."""


@dataclass(frozen=True)
class System:
    name: str  # stack ids `<name>-<suffix>`, the Project tag, the default state key prefix
    names: Callable[[str], SystemNames]
    stack: str  # "module:Class", imported only after every setting was checked
    api: ApiCapacity | None = None  # the function behind its API, for the capacity check
    # Where it parks what it could not finish: (system name, suffix) -> its places (stacks/<system>/parking.py).
    places: Callable[[str, str], Sequence[ParkingPlace]] | None = None
    # Its smoke check and local-run sample: a module under tools/smoke/ (boto3 runtime code, so named here,
    # never imported by stacks/); `python -m tools smoke <name>` and the local run find it through the registry.
    smoke: str | None = None

    def stack_id(self, suffix: str) -> str:
        return f"{self.name}-{suffix}"

    def parking(self, suffix: str) -> tuple[ParkingPlace, ...]:
        """Its parking places for a suffix, for the operator command; none when it declares none."""
        return tuple(self.places(self.name, suffix)) if self.places else ()

    def load_stack(self) -> type:
        module, _, class_name = self.stack.partition(":")
        return getattr(importlib.import_module(module), class_name)
