"""main.py refuses bad settings before writing anything.

A good synth through main.py, byte-identical across processes, is proven in
tests/unit/review/test_cdktf_cli_synth.py (the CLI runs main.py too).
"""

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import main
import pytest

import stacks.environment
from constructs_lib import cdk
from stacks.environment import ConfigError, config_for, configs_from_env, longest_suffix
from stacks.profiles import PROD
from stacks.registry import SYSTEMS

REPO_ROOT = Path(__file__).resolve().parents[3]


def run_main(suffix: str, outdir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ENVIRONMENT_SUFFIX": suffix, "CDKTF_OUTDIR": str(outdir)}
    return subprocess.run(
        [sys.executable, "main.py"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    ("suffix", "message"),
    [
        ("", "must not be empty"),
        ("pr 42", "must be lower-case letters, digits and hyphens"),
        ("Pr-42", "must be lower-case letters, digits and hyphens"),
        ("pr_42", "must be lower-case letters, digits and hyphens"),
        ("x" * (longest_suffix(SYSTEMS)[0] + 1), "is too long"),
        ("dev,dev", "names an environment twice"),
    ],
)
def test_bad_suffix_fails_naming_the_rule_and_writes_nothing(tmp_path, suffix, message):
    outdir = tmp_path / "out"
    result = run_main(suffix, outdir)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not outdir.exists()


def test_a_prod_capacity_shortfall_fails_before_anything_is_written(tmp_path, monkeypatch, capsys):
    # GIVEN a prod profile whose throttle lets through more than 10 validators can take
    monkeypatch.setattr(stacks.environment, "profile_for", lambda suffix: replace(PROD, throttling_rate_limit=1000))
    monkeypatch.setenv("ENVIRONMENT_SUFFIX", "prod")
    monkeypatch.setenv("CDKTF_OUTDIR", str(tmp_path / "out"))
    # WHEN main runs
    status = main.main()
    # THEN it exits 2 naming the check, and writes nothing
    assert status == 2
    assert "error: capacity check failed for 'webhook-pipeline-prod'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_suffix_exactly_at_the_limit_synthesizes_every_system():
    # In this process (the provider bindings are loaded once per test run); main.py's own
    # synth is proven end to end by tests/unit/review/test_cdktf_cli_synth.py.
    suffix = "x" * longest_suffix(SYSTEMS)[0]
    configs_from_env({"ENVIRONMENT_SUFFIX": suffix}, SYSTEMS)  # accepted by the same checks main.py runs
    app = cdk.Testing.app()
    synthesized = {system.name: json.loads(cdk.Testing.synth(system.load_stack()(app, config_for(suffix)))) for system in SYSTEMS}
    assert sorted(synthesized) == sorted(system.name for system in SYSTEMS)
    [bucket] = synthesized["transaction-processor"]["resource"]["aws_s3_bucket"].values()
    assert len(bucket["bucket"].replace("${data.aws_caller_identity.account.account_id}", "0" * 12)) == 63


def test_a_stack_refuses_a_suffix_its_own_names_cannot_take():
    """config_for checks the character rule only; each stack checks its names' limits before it builds anything."""

    for system in SYSTEMS:
        too_long = "x" * (longest_suffix([system])[0] + 1)
        with pytest.raises(ConfigError, match=f"ENVIRONMENT_SUFFIX '{too_long}' is too long"):
            system.load_stack()(cdk.Testing.app(), config_for(too_long))
