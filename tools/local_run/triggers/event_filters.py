"""Lambda event filtering (event source mappings' filter_criteria): does a record match one of the patterns?

The rules Lambda documents: a pattern's keys must all match; an object
value matches inside the record's object; a list matches when the record's
value (or any of its values, for a list) equals one of its literals or
satisfies one of its operators: prefix, suffix, equals-ignore-case, exists,
anything-but, numeric. For SQS, a body that is JSON is matched as JSON.
A pattern using anything else is refused when the local run starts.
"""

import json
import operator
from collections.abc import Mapping, Sequence
from typing import Any

OPERATORS = {"prefix", "suffix", "equals-ignore-case", "exists", "anything-but", "numeric"}
COMPARISONS = {"=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_MISSING = object()


def check_pattern(pattern: Mapping[str, Any]) -> None:
    """ValueError naming what the local run cannot evaluate."""
    for key, rule in pattern.items():
        if isinstance(rule, Mapping):
            check_pattern(rule)
        elif isinstance(rule, list):
            for item in rule:
                if isinstance(item, Mapping) and (len(item) != 1 or next(iter(item)) not in OPERATORS):
                    raise ValueError(f"filter on {key!r}: {item} is not emulated (only {sorted(OPERATORS)})")
        else:
            raise ValueError(f"filter on {key!r}: a rule must be an object or a list, got {rule!r}")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numeric(value: Any, conditions: Sequence[Any]) -> bool:
    if not _number(value):
        return False
    pairs = zip(conditions[0::2], conditions[1::2])
    return all(COMPARISONS[op](value, bound) for op, bound in pairs)


def _one(value: Any, rule: Any) -> bool:
    if not isinstance(rule, Mapping):  # a literal: equal, with true/false only equal to themselves
        if isinstance(rule, bool) or isinstance(value, bool):
            return value is rule
        return value is not _MISSING and value == rule
    (name, argument), = rule.items()
    if name == "exists":
        return (value is not _MISSING) == bool(argument)
    if value is _MISSING:
        return name == "anything-but"
    if name == "prefix":
        return isinstance(value, str) and value.startswith(argument)
    if name == "suffix":
        return isinstance(value, str) and value.endswith(argument)
    if name == "equals-ignore-case":
        return isinstance(value, str) and value.lower() == str(argument).lower()
    if name == "anything-but":
        excluded = argument if isinstance(argument, list) else [argument]
        return value not in excluded
    return _numeric(value, argument)


def _values_match(value: Any, rules: list) -> bool:
    candidates = value if isinstance(value, list) else [value]
    return any(_one(candidate, rule) for candidate in candidates for rule in rules)


def matches(pattern: Mapping[str, Any], record: Any) -> bool:
    for key, rule in pattern.items():
        value = record.get(key, _MISSING) if isinstance(record, Mapping) else _MISSING
        if isinstance(rule, Mapping):
            if not isinstance(value, Mapping) or not matches(rule, value):
                return False
        elif not _values_match(value, rule):
            return False
    return True


def sqs_view(record: Mapping[str, Any]) -> dict[str, Any]:
    """An SQS record as filters see it: the body parsed when it is a JSON object."""
    try:
        body = json.loads(record.get("body", ""))
    except ValueError:
        return dict(record)
    return {**record, "body": body} if isinstance(body, dict) else dict(record)


def any_matches(patterns: Sequence[Mapping[str, Any]], record: Mapping[str, Any]) -> bool:
    """True without patterns (no filter), else when one pattern matches."""
    return not patterns or any(matches(pattern, record) for pattern in patterns)
