"""Both engines synthesize the same Terraform JSON for every system in every environment, but for the provider pin.

This process's engine (CDK_ENGINE, default cdktf) synthesizes here; the other
one in a subprocess running tests/fixtures/engine_synth.py with CDK_ENGINE set.
The one path allowed to differ is `terraform.required_providers.aws` (its
`source` and `version`), and it must hold what REQUIRED_AWS_PROVIDER pins.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.fixtures.engine_synth import (
    ENVIRONMENTS,
    as_default_engine,
    bindings,
    required_aws_provider,
    stack_keys,
    synthesize_everything,
)

from constructs_lib import cdk

REPO_ROOT = Path(__file__).resolve().parents[3]
OTHER_ENGINE = {"cdktf": "cdktn", "cdktn": "cdktf"}
STACK_KEYS = [key for key, _, _ in stack_keys()]
TIMEOUT_SECONDS = 900


def differences(left, right, path: str = "") -> list[str]:
    """The JSON paths where `left` and `right` differ, each with both values (shortened)."""
    if isinstance(left, dict) and isinstance(right, dict):
        return [d for key in sorted(left.keys() | right.keys()) for d in differences(left.get(key), right.get(key), f"{path}.{key}")]
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        return [d for i, (a, b) in enumerate(zip(left, right, strict=True)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if left == right else [f"{path}: {json.dumps(left)[:200]} != {json.dumps(right)[:200]}"]


@pytest.fixture(scope="module")
def this_engine(synthesized) -> dict[str, dict]:
    """Every stack on this process's engine: the session's profiles, and the other environments synthesized here."""
    profiles = {key: json.loads(synthesized[(system.name, config.suffix)]) for key, system, config in stack_keys(["profiles"])}
    return profiles | synthesize_everything([name for name in ENVIRONMENTS if name != "profiles"])


@pytest.fixture(scope="module")
def other_engine() -> dict:
    """engine_synth's output on the other engine (a subprocess: one engine per process)."""
    env = {**os.environ, cdk.ENGINE_VARIABLE: OTHER_ENGINE[cdk.engine()]}
    result = subprocess.run(
        [sys.executable, "-m", "tests.fixtures.engine_synth"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_the_subprocess_ran_the_other_engine(other_engine):
    assert other_engine["engine"] == OTHER_ENGINE[cdk.engine()]


def test_both_engines_synthesize_the_same_stacks(this_engine, other_engine):
    assert sorted(this_engine) == sorted(other_engine["stacks"]) == sorted(STACK_KEYS)


@pytest.mark.parametrize("key", STACK_KEYS)
def test_each_stack_is_the_same_but_for_the_provider_pin(this_engine, other_engine, key):
    # GIVEN the stack from each engine, each checked to carry its own engine's pin
    here = as_default_engine(this_engine[key], cdk.engine())
    there = as_default_engine(other_engine["stacks"][key], other_engine["engine"])
    # THEN nothing else differs
    assert differences(here, there) == []


def test_the_pins_differ_in_source_spelling_and_version_only(this_engine, other_engine):
    # "aws" and "hashicorp/aws" are one provider to Terraform (registry.terraform.io/hashicorp/aws).
    key = STACK_KEYS[0]
    pins = {cdk.engine(): required_aws_provider(this_engine[key]), other_engine["engine"]: required_aws_provider(other_engine["stacks"][key])}
    assert pins == cdk.REQUIRED_AWS_PROVIDER
    assert {pin["source"].removeprefix("hashicorp/") for pin in pins.values()} == {"aws"}


def expected_bindings(engine: str) -> dict[str, str]:
    found = {name: row[0] for name, row in cdk.AWS_RESOURCES.items()}
    for name, (resource, nested) in cdk.AWS_BLOCKS.items():
        found[name] = name if engine == "cdktf" else f"{cdk.AWS_RESOURCES[resource][3]}.{nested}"
    return found


def test_every_name_binds_on_this_engine_with_the_terraform_type_of_the_table():
    assert bindings() == expected_bindings(cdk.engine())


def test_every_name_binds_on_the_other_engine_with_the_terraform_type_of_the_table(other_engine):
    assert other_engine["bindings"] == expected_bindings(other_engine["engine"])
