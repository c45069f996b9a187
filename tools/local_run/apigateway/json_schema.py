"""The part of JSON Schema draft 4 that API Gateway request models use here, checked as API Gateway does.

A model using a keyword outside SUPPORTED is refused when the local run
starts (`unsupported_keywords`), so no body is ever let through unchecked by
a rule the local run does not know.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

ANNOTATIONS = {"$schema", "title", "description", "id", "default", "format"}  # format: not checked by API Gateway
SUPPORTED = ANNOTATIONS | {
    "type", "required", "properties", "additionalProperties", "enum", "minLength", "maxLength", "pattern",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "items", "minItems", "maxItems",
}
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def unsupported_keywords(schema: Mapping[str, Any]) -> set[str]:
    found = set(schema) - SUPPORTED
    for sub in list(schema.get("properties", {}).values()) + [schema.get("items"), schema.get("additionalProperties")]:
        if isinstance(sub, Mapping):
            found |= unsupported_keywords(sub)
    return found


def errors(schema: Mapping[str, Any], value: Any, where: str = "$") -> Iterator[str]:
    """Each reason `value` does not match `schema` (none: it matches)."""
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(TYPES[name](value) for name in names):
            yield f"{where}: not of type {'/'.join(names)}"
            return
    if "enum" in schema and value not in schema["enum"]:
        yield f"{where}: not one of {schema['enum']}"
    if isinstance(value, str):
        yield from _string_errors(schema, value, where)
    if TYPES["number"](value):
        yield from _number_errors(schema, value, where)
    if isinstance(value, list):
        yield from _array_errors(schema, value, where)
    if isinstance(value, dict):
        yield from _object_errors(schema, value, where)


def _string_errors(schema: Mapping[str, Any], value: str, where: str) -> Iterator[str]:
    if len(value) < schema.get("minLength", 0):
        yield f"{where}: shorter than {schema['minLength']}"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        yield f"{where}: longer than {schema['maxLength']}"
    if "pattern" in schema and not re.search(schema["pattern"], value):
        yield f"{where}: does not match {schema['pattern']}"


def _number_errors(schema: Mapping[str, Any], value: float, where: str) -> Iterator[str]:
    if "minimum" in schema:
        low = schema["minimum"]
        if value < low or (schema.get("exclusiveMinimum") and value == low):
            yield f"{where}: below the minimum {low}"
    if "maximum" in schema:
        high = schema["maximum"]
        if value > high or (schema.get("exclusiveMaximum") and value == high):
            yield f"{where}: above the maximum {high}"


def _array_errors(schema: Mapping[str, Any], value: list, where: str) -> Iterator[str]:
    if len(value) < schema.get("minItems", 0):
        yield f"{where}: fewer than {schema['minItems']} items"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield f"{where}: more than {schema['maxItems']} items"
    if isinstance(schema.get("items"), Mapping):
        for index, item in enumerate(value):
            yield from errors(schema["items"], item, f"{where}[{index}]")


def _object_errors(schema: Mapping[str, Any], value: dict, where: str) -> Iterator[str]:
    for name in schema.get("required", []):
        if name not in value:
            yield f"{where}: missing required property {name}"
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            yield from errors(properties[name], item, f"{where}.{name}")
        elif extra is False:
            yield f"{where}: property {name} is not allowed"
        elif isinstance(extra, Mapping):
            yield from errors(extra, item, f"{where}.{name}")
