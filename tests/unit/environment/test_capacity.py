"""The capacity check (Little's law) for every system with an API, in every profile."""

from dataclasses import replace

import pytest

from stacks.capacity import ACCOUNT_DEFAULT_CONCURRENCY, ApiCapacity, CapacityError, capacity_shortfall, capacity_warnings
from stacks.environment import capacity_checks, config_for
from stacks.profiles import DEV, PROD, STAGING, OnCapacityShortfall
from stacks.registry import SYSTEMS

API_SYSTEMS = [s for s in SYSTEMS if s.api is not None]
VALIDATOR = ApiCapacity("the validator", expected_duration_ms=100, reserved_concurrency=10)


@pytest.mark.parametrize("profile", [DEV, STAGING, PROD], ids=lambda p: p.name)
@pytest.mark.parametrize("system", API_SYSTEMS, ids=lambda s: s.name)
def test_shipped_profiles_have_the_capacity_they_promise(system, profile):
    assert capacity_shortfall(profile, system.api) is None
    assert system.api.concurrency_needed(profile) <= system.api.concurrency(profile)


def test_concurrency_needed_is_rate_times_duration():
    assert VALIDATOR.concurrency_needed(STAGING) == 10  # 100 requests/s x 0.1 s
    assert VALIDATOR.concurrency_needed(DEV) == 100  # 1000 requests/s x 0.1 s, against the account's pool
    assert VALIDATOR.concurrency(DEV) == ACCOUNT_DEFAULT_CONCURRENCY
    assert VALIDATOR.concurrency(PROD) == 10


def test_a_dev_shortfall_warns_and_synth_goes_on():
    slow = replace(VALIDATOR, expected_duration_ms=2000)
    [warning] = capacity_warnings([("webhook-pipeline-dev", DEV, slow)])
    assert "capacity check for 'webhook-pipeline-dev'" in warning
    assert "about 2000 run at once, but the validator can run only 1000" in warning


def test_a_prod_shortfall_fails():
    fast_prod = replace(PROD, throttling_rate_limit=1000)
    assert fast_prod.on_capacity_shortfall is OnCapacityShortfall.FAIL
    with pytest.raises(CapacityError, match="capacity check failed for 'x-prod'.*1000 requests/s.*only 10"):
        capacity_warnings([("x-prod", fast_prod, VALIDATOR)])


def test_a_burst_beyond_concurrency_is_a_shortfall():
    bursty = replace(PROD, throttling_burst_limit=100)
    assert "bursts of 100 requests at once, but the validator can run only 10" in capacity_shortfall(bursty, VALIDATOR)


def test_every_api_of_every_environment_is_checked():
    configs = [config_for("dev"), config_for("prod")]
    checked = [(stack_id, profile.name, api) for stack_id, profile, api in capacity_checks(configs, SYSTEMS)]
    assert checked == [
        (system.stack_id(config.suffix), config.profile.name, system.api) for config in configs for system in API_SYSTEMS
    ]
    assert len(checked) == 2 * len(API_SYSTEMS) >= 2
