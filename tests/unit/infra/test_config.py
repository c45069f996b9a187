"""Suffix rules, profiles, the capacity check and environment settings (no provider import)."""

from dataclasses import replace

import pytest

from stacks.config import (
    ConfigError,
    RemoteState,
    capacity_warnings,
    config_for,
    configs_from_env,
    validate_suffix,
)
from stacks.profiles import DEV, PROD, STAGING, OnCapacityShortfall


def test_default_environment_is_dev_in_us_east_1_with_local_state():
    [config] = configs_from_env({})
    assert (config.suffix, config.region, config.profile, config.remote_state) == ("dev", "us-east-1", DEV, None)


def test_several_environments_in_one_value():
    assert [c.suffix for c in configs_from_env({"ENVIRONMENT_SUFFIX": "dev, staging,pr-42"})] == [
        "dev", "staging", "pr-42",
    ]


@pytest.mark.parametrize(("suffix", "profile"), [("dev", DEV), ("pr-42", DEV), ("staging", STAGING), ("prod", PROD)])
def test_ephemeral_suffixes_take_the_dev_profile(suffix, profile):
    assert config_for(suffix).profile == profile


@pytest.mark.parametrize(("profile", "reserved"), [(DEV, None), (STAGING, 10), (PROD, 10)])
def test_reserved_concurrency_only_where_the_environment_asks(profile, reserved):
    assert profile.reserved_concurrency == reserved


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


def test_a_suffix_named_twice_is_refused():
    with pytest.raises(ConfigError, match="names an environment twice"):
        configs_from_env({"ENVIRONMENT_SUFFIX": "dev,dev"})


def test_tags_name_the_environment():
    assert config_for("pr-7").tags == {"Environment": "pr-7", "Project": "webhook-pipeline", "ManagedBy": "cdktf"}


# --- Remote state ---------------------------------------------------------------


def test_remote_state_from_the_environment():
    env = {
        "ENVIRONMENT_SUFFIX": "dev,prod",
        "TF_STATE_BUCKET": "tf-state",
        "TF_STATE_REGION": "eu-west-1",
        "TF_STATE_KEY_PREFIX": "teams/payments/",
        "TF_STATE_LOCK_TABLE": "tf-locks",
    }
    dev, prod = configs_from_env(env)
    assert dev.remote_state == prod.remote_state == RemoteState("tf-state", "eu-west-1", "teams/payments/", "tf-locks")
    assert prod.remote_state.key(prod.names.stack_id) == "teams/payments/webhook-pipeline-prod.tfstate"


def test_remote_state_defaults_without_lock_table():
    [config] = configs_from_env({"TF_STATE_BUCKET": "tf-state"})
    assert config.remote_state == RemoteState("tf-state", "us-east-1", "webhook-pipeline/", None)


# --- Alarm subscriptions and the API Gateway account role ---------------------------


def test_alarm_emails_subscribe_only_in_profiles_that_page_people():
    env = {"ENVIRONMENT_SUFFIX": "dev,staging,prod", "ALARM_EMAILS": "ops@example.com, oncall@example.com"}
    assert {c.suffix: c.alarm_emails for c in configs_from_env(env)} == {
        "dev": (),
        "staging": ("ops@example.com", "oncall@example.com"),
        "prod": ("ops@example.com", "oncall@example.com"),
    }


def test_a_malformed_alarm_email_is_refused():
    with pytest.raises(ConfigError, match="ALARM_EMAILS: 'ops' is not an email address"):
        configs_from_env({"ENVIRONMENT_SUFFIX": "prod", "ALARM_EMAILS": "ops"})


def test_only_the_named_environment_manages_the_api_gateway_account():
    env = {"ENVIRONMENT_SUFFIX": "dev,staging,prod", "API_GATEWAY_ACCOUNT_OWNER": "prod"}
    assert {c.suffix: c.manages_api_gateway_account for c in configs_from_env(env)} == {
        "dev": False, "staging": False, "prod": True,
    }
    [dev] = configs_from_env({"API_GATEWAY_ACCOUNT_OWNER": "prod"})
    assert dev.manages_api_gateway_account is False


def test_a_bad_api_gateway_account_owner_is_refused_by_name():
    with pytest.raises(ConfigError, match="API_GATEWAY_ACCOUNT_OWNER 'a b' may only contain"):
        configs_from_env({"API_GATEWAY_ACCOUNT_OWNER": "a b"})


# --- Capacity (Little's law) ---------------------------------------------------------


@pytest.mark.parametrize("profile", [DEV, STAGING, PROD])
def test_shipped_profiles_have_the_capacity_they_promise(profile):
    assert profile.capacity_shortfall() is None
    assert profile.concurrency_needed <= profile.validator_concurrency


def test_concurrency_needed_is_rate_times_duration():
    assert STAGING.concurrency_needed == 10  # 100 requests/s x 0.1 s
    assert DEV.concurrency_needed == 100  # 1000 requests/s x 0.1 s, against the account's 1000


def test_a_dev_shortfall_warns_and_synth_goes_on():
    slow_dev = config_for("dev", profile=replace(DEV, validator_expected_duration_ms=2000))
    [warning] = capacity_warnings([slow_dev])
    assert "about 2000 run at once, but the validator can run only 1000" in warning


def test_a_prod_shortfall_fails():
    fast_prod = config_for("prod", profile=replace(PROD, throttling_rate_limit=1000))
    assert fast_prod.profile.on_capacity_shortfall is OnCapacityShortfall.FAIL
    with pytest.raises(ConfigError, match="capacity check failed for 'prod'.*1000 requests/s.*only 10"):
        capacity_warnings([fast_prod])


def test_a_burst_beyond_concurrency_is_a_shortfall():
    bursty = replace(PROD, throttling_burst_limit=100)
    assert "bursts of 100 requests at once, but the validator can run only 10" in bursty.capacity_shortfall()
