"""Suffix rules and environment settings (no provider import needed)."""

import pytest

from stacks.config import ConfigError, EnvironmentConfig, config_for, configs_from_env, validate_suffix


def test_default_environment_is_dev_in_us_east_1():
    [config] = configs_from_env(None)
    assert config == EnvironmentConfig(suffix="dev", region="us-east-1", reserved_concurrency=None)


def test_several_environments_in_one_value():
    assert [c.suffix for c in configs_from_env("dev, staging,pr-42")] == ["dev", "staging", "pr-42"]


@pytest.mark.parametrize(("suffix", "reserved"), [("dev", None), ("pr-42", None), ("staging", 10), ("prod", 10)])
def test_reserved_concurrency_only_where_the_environment_asks(suffix, reserved):
    assert config_for(suffix).reserved_concurrency == reserved


def test_longest_accepted_suffix_fits_every_name():
    validate_suffix("x" * 41)  # webhook-validator-<41>-role is exactly 64
    with pytest.raises(ConfigError, match="IAM role names are 1-64 characters"):
        validate_suffix("x" * 42)


@pytest.mark.parametrize("suffix", ["pr-42", "PR_42", "a", "feature-x-1"])
def test_ordinary_suffixes_are_accepted(suffix):
    validate_suffix(suffix)


@pytest.mark.parametrize("suffix", ["", "pr 42", "pr.42", "pr/42", "ünïcode", "a:b", "dev\n"])
def test_bad_suffixes_are_refused(suffix):
    with pytest.raises(ConfigError, match="ENVIRONMENT_SUFFIX"):
        validate_suffix(suffix)


def test_tags_name_the_environment():
    assert config_for("pr-7").tags == {"Environment": "pr-7", "Project": "webhook-pipeline", "ManagedBy": "cdktf"}
