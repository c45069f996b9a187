"""Suffix rules, environment settings and remote state (no provider import)."""

import pytest

from constructs_lib.naming import NameLimit
from stacks.environment import (
    ConfigError,
    RemoteState,
    api_gateway_account_system,
    config_for,
    configs_from_env,
    longest_suffix,
    validate_suffix,
)
from stacks.profiles import DEV, PROD, STAGING
from stacks.registry import SYSTEMS
from stacks.system import System


def test_default_environment_is_dev_in_us_east_1_with_local_state():
    [config] = configs_from_env({}, SYSTEMS)
    assert (config.suffix, config.region, config.profile, config.remote_state) == ("dev", "us-east-1", DEV, None)


def test_several_environments_in_one_value():
    assert [c.suffix for c in configs_from_env({"ENVIRONMENT_SUFFIX": "dev, staging,pr-42"}, SYSTEMS)] == [
        "dev", "staging", "pr-42",
    ]


@pytest.mark.parametrize(("suffix", "profile"), [("dev", DEV), ("pr-42", DEV), ("staging", STAGING), ("prod", PROD)])
def test_ephemeral_suffixes_take_the_dev_profile(suffix, profile):
    assert config_for(suffix).profile == profile


# --- The suffix rule ----------------------------------------------------------------


def test_the_longest_suffix_is_derived_from_the_tightest_name_of_every_system():
    most, pattern = longest_suffix(SYSTEMS)
    names = [(limit, name) for system in SYSTEMS for limit, name in system.names("{suffix}").checked()]
    budgets = sorted(limit.high - len(name) + len("{suffix}") for limit, name in names)
    assert most == budgets[0]
    assert pattern in {name for _, name in names}


def test_a_suffix_exactly_at_the_limit_is_accepted_and_one_more_is_refused():
    most, pattern = longest_suffix(SYSTEMS)
    validate_suffix("x" * most, systems=SYSTEMS)
    with pytest.raises(ConfigError, match=f"is too long: .*at most {most} characters fit every system"):
        validate_suffix("x" * (most + 1), systems=SYSTEMS)


def test_the_message_names_the_rule_and_the_name_that_breaks_it():
    most, pattern = longest_suffix(SYSTEMS)
    too_long = "x" * (most + 1)
    with pytest.raises(ConfigError) as refused:
        validate_suffix(too_long, systems=SYSTEMS)
    assert pattern.replace("{suffix}", too_long) in str(refused.value)
    assert "characters, and" in str(refused.value)


def test_the_limit_follows_the_registered_systems():
    tight = System(
        name="tight",
        names=lambda suffix: _Names([(NameLimit("test names", 1, 20), f"tight-{suffix}-name")]),
        stack="unused:Unused",
    )
    assert longest_suffix([*SYSTEMS, tight]) == (20 - len("tight--name"), "tight-{suffix}-name")
    with pytest.raises(ConfigError, match="test names are 1-20 characters"):
        validate_suffix("x" * 10, systems=[*SYSTEMS, tight])


class _Names:
    def __init__(self, checked):
        self._checked = checked

    def checked(self):
        return self._checked


@pytest.mark.parametrize("suffix", ["pr-42", "a", "feature-x-1", "0day", "dev-"])
def test_ordinary_suffixes_are_accepted(suffix):
    validate_suffix(suffix, systems=SYSTEMS)


@pytest.mark.parametrize("suffix", ["PR-42", "Dev", "pr_42", "-pr", "pr 42", "pr.42", "pr/42", "ünïcode", "a:b", "dev\n"])
def test_upper_case_underscores_and_other_characters_are_refused(suffix):
    with pytest.raises(ConfigError, match="must be lower-case letters, digits and hyphens, starting with a letter or digit"):
        validate_suffix(suffix, systems=SYSTEMS)


def test_an_empty_suffix_is_refused():
    with pytest.raises(ConfigError, match="ENVIRONMENT_SUFFIX must not be empty"):
        validate_suffix("", systems=SYSTEMS)


def test_a_suffix_named_twice_is_refused():
    with pytest.raises(ConfigError, match="names an environment twice"):
        configs_from_env({"ENVIRONMENT_SUFFIX": "dev,dev"}, SYSTEMS)


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda s: s.name)
def test_tags_name_the_environment_and_the_system(system):
    assert config_for("pr-7").tags(system.name) == {"Environment": "pr-7", "Project": system.name, "ManagedBy": "cdktf"}


# --- Remote state ---------------------------------------------------------------


def test_remote_state_from_the_environment():
    env = {
        "ENVIRONMENT_SUFFIX": "dev,prod",
        "TF_STATE_BUCKET": "tf-state",
        "TF_STATE_REGION": "eu-west-1",
        "TF_STATE_KEY_PREFIX": "teams/payments/",
        "TF_STATE_LOCK_TABLE": "tf-locks",
    }
    dev, prod = configs_from_env(env, SYSTEMS)
    assert dev.remote_state == prod.remote_state == RemoteState("tf-state", "eu-west-1", "teams/payments/", "tf-locks")
    assert prod.remote_state.key("webhook-pipeline", "webhook-pipeline-prod") == "teams/payments/webhook-pipeline-prod.tfstate"


def test_remote_state_defaults_to_one_folder_per_system():
    [config] = configs_from_env({"TF_STATE_BUCKET": "tf-state"}, SYSTEMS)
    assert config.remote_state == RemoteState("tf-state", "us-east-1", None, None)
    # The webhook pipeline's keys are where they were before there were several systems.
    assert config.remote_state.key("webhook-pipeline", "webhook-pipeline-dev") == "webhook-pipeline/webhook-pipeline-dev.tfstate"
    assert config.remote_state.key("other", "other-dev") == "other/other-dev.tfstate"


# --- Alarm subscriptions and the API Gateway account role ---------------------------


def test_alarm_emails_subscribe_only_in_profiles_that_page_people():
    env = {"ENVIRONMENT_SUFFIX": "dev,staging,prod", "ALARM_EMAILS": "ops@example.com, oncall@example.com"}
    assert {c.suffix: c.alarm_emails for c in configs_from_env(env, SYSTEMS)} == {
        "dev": (),
        "staging": ("ops@example.com", "oncall@example.com"),
        "prod": ("ops@example.com", "oncall@example.com"),
    }


def test_a_malformed_alarm_email_is_refused():
    with pytest.raises(ConfigError, match="ALARM_EMAILS: 'ops' is not an email address"):
        configs_from_env({"ENVIRONMENT_SUFFIX": "prod", "ALARM_EMAILS": "ops"}, SYSTEMS)


def test_only_the_named_environment_manages_the_api_gateway_account():
    env = {"ENVIRONMENT_SUFFIX": "dev,staging,prod", "API_GATEWAY_ACCOUNT_OWNER": "prod"}
    assert {c.suffix: c.api_gateway_account_system for c in configs_from_env(env, SYSTEMS)} == {
        "dev": None, "staging": None, "prod": "webhook-pipeline",
    }
    [dev] = configs_from_env({"API_GATEWAY_ACCOUNT_OWNER": "prod"}, SYSTEMS)
    assert dev.api_gateway_account_system is None


def test_the_account_role_goes_to_the_first_system_with_an_api():
    assert api_gateway_account_system(SYSTEMS) == next(system.name for system in SYSTEMS if system.api is not None)
    without_api = [system for system in SYSTEMS if system.api is None]
    assert without_api and api_gateway_account_system(without_api) is None


def test_a_bad_api_gateway_account_owner_is_refused_by_name():
    with pytest.raises(ConfigError, match="API_GATEWAY_ACCOUNT_OWNER 'a b' must be lower-case"):
        configs_from_env({"API_GATEWAY_ACCOUNT_OWNER": "a b"}, SYSTEMS)
