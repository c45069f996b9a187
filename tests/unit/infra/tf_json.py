"""Reading synthesized Terraform JSON in tests."""

import json

from cdktf import Testing, TerraformStack

# Environments synthesized once per session; each has a snapshot.
# pr-42 stands for every ephemeral suffix.
SYNTHESIZED_SUFFIXES = ("dev", "pr-42", "staging", "prod")


def synth_construct(build) -> dict:
    """Synthesize `build(stack)` alone in a fresh app and return the parsed JSON."""
    stack = TerraformStack(Testing.app(), "test")
    build(stack)
    return json.loads(Testing.synth(stack))


def resources(tf: dict, resource_type: str) -> list[dict]:
    return list(tf.get("resource", {}).get(resource_type, {}).values())


def only(tf: dict, resource_type: str) -> dict:
    found = resources(tf, resource_type)
    assert len(found) == 1, f"expected one {resource_type}, found {len(found)}"
    return found[0]


def named(tf: dict, resource_type: str, name: str, key: str = "name") -> dict:
    found = [r for r in resources(tf, resource_type) if r.get(key) == name]
    assert len(found) == 1, f"expected one {resource_type} with {key}={name!r}, found {len(found)}"
    return found[0]


def address(tf: dict, resource_type: str, name: str, key: str = "name") -> str:
    """The Terraform address (`type.logical_id`) of the resource with that name."""
    for logical_id, body in tf["resource"][resource_type].items():
        if body.get(key) == name:
            return f"{resource_type}.{logical_id}"
    raise AssertionError(f"no {resource_type} with {key}={name!r}")


def policy(resource: dict, key: str = "policy") -> dict:
    return json.loads(resource[key])
