"""What a system counts: one namespace, and per metric its unit and at most one business dimension.

Every metric also carries the ``Environment`` dimension (the stack's suffix,
read from ``METRICS_ENVIRONMENT``). A business dimension takes its values
from a fixed set (an Enum of short codes), never from free text, so the
number of custom metrics stays bounded: CloudWatch bills each combination of
name and dimension values as one metric.
"""

import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional, Tuple, Type

ENVIRONMENT = "Environment"
ENVIRONMENT_VARIABLE = "METRICS_ENVIRONMENT"

# Metric and dimension names start upper case: the log line's own members
# (Python's LogRecord attributes, Lambda's timestamp/level/message/requestId)
# all start lower case, so a metric member can never overwrite one of them.
_NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,254}")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# CloudWatch reserves AWS/ for its services; a namespace is at most 255 characters.
_NAMESPACE = re.compile(r"(?!AWS/)[A-Za-z0-9][A-Za-z0-9./#_-]{0,254}")


class Unit(str, Enum):
    COUNT = "Count"


@dataclass(frozen=True)
class Dimension:
    name: str
    values: Tuple[str, ...]  # every value it may take

    @classmethod
    def of(cls, name: str, codes: Type[Enum]) -> "Dimension":
        return cls(name, tuple(code.value for code in codes))

    def problems(self) -> list:
        found = []
        if not _NAME.fullmatch(self.name) or self.name == ENVIRONMENT:
            found.append(f"dimension name {self.name!r} must be CamelCase and not {ENVIRONMENT}")
        if not self.values or len(set(self.values)) != len(self.values):
            found.append(f"dimension {self.name} needs distinct values, got {self.values}")
        found += [f"dimension {self.name} value {value!r} is not a short code (letters, digits, _ and -)"
                  for value in self.values if not isinstance(value, str) or not _CODE.fullmatch(value)]
        return found


@dataclass(frozen=True)
class Metric:
    name: str
    unit: Unit
    dimension: Optional[Dimension] = None  # the business dimension, besides Environment

    @property
    def dimension_names(self) -> Tuple[str, ...]:
        """The metric's dimension set, in the order the log line declares it."""
        return (ENVIRONMENT, self.dimension.name) if self.dimension else (ENVIRONMENT,)


@dataclass(frozen=True)
class Catalogue:
    namespace: str
    metrics: Tuple[Metric, ...]

    def __post_init__(self) -> None:
        problems = []
        if not _NAMESPACE.fullmatch(self.namespace):
            problems.append(f"namespace {self.namespace!r} must be 1-255 characters, not under AWS/")
        names = [metric.name for metric in self.metrics]
        if not names or len(set(names)) != len(names):
            problems.append(f"metric names must be distinct and at least one, got {names}")
        for metric in self.metrics:
            if not _NAME.fullmatch(metric.name) or metric.name == ENVIRONMENT:
                problems.append(f"metric name {metric.name!r} must be CamelCase and not {ENVIRONMENT}")
            if not isinstance(metric.unit, Unit):
                problems.append(f"metric {metric.name} unit must be a Unit, got {metric.unit!r}")
            if metric.dimension is not None:
                problems += metric.dimension.problems()
                if metric.dimension.name in names:
                    problems.append(f"dimension {metric.dimension.name} has a metric's name")
        if problems:
            raise ValueError(f"Catalogue {self.namespace}: " + "; ".join(problems))
