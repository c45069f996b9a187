"""What each profile decides for every system: reserved concurrency, log retention, a web ACL."""

from dataclasses import replace

import pytest

from constructs_lib.defaults import ExecutionLogging
from constructs_lib.waf_rules import RATE_WINDOW_SECONDS
from stacks.profiles import DEV, PROD, STAGING, WebAclSettings


@pytest.mark.parametrize(("profile", "reserved"), [(DEV, None), (STAGING, 10), (PROD, 10)])
def test_reserved_concurrency_only_where_the_environment_asks(profile, reserved):
    assert profile.reserved(10) == reserved


@pytest.mark.parametrize(("profile", "days"), [(DEV, (7, 30)), (STAGING, (7, 30)), (PROD, (90, 90))])
def test_prod_keeps_logs_at_least_90_days(profile, days):
    assert (profile.log_retention(7), profile.log_retention(30)) == days
    assert profile.log_retention(365) == 365


def test_execution_logging_is_an_enum_not_a_string():
    assert (DEV.api_logging_level, PROD.api_logging_level) == (ExecutionLogging.INFO, ExecutionLogging.ERROR)


def test_dev_has_no_web_acl_staging_and_prod_limit_an_address_to_half_the_stage_throttle():
    assert DEV.web_acl is None
    for profile in (STAGING, PROD):
        assert profile.web_acl.requests_per_ip == profile.throttling_rate_limit * RATE_WINDOW_SECONDS // 2


def test_a_prod_profile_without_a_web_acl_is_refused():
    with pytest.raises(ValueError, match="profile 'prod' must put a web ACL in front of every public API"):
        replace(PROD, web_acl=None)


def test_any_other_profile_may_go_without_one():
    assert replace(STAGING, web_acl=None).web_acl is None


@pytest.mark.parametrize("requests_per_ip", [100 * RATE_WINDOW_SECONDS, 10**9])
def test_a_rate_limit_the_stages_throttle_never_lets_one_address_reach_is_refused(requests_per_ip):
    with pytest.raises(ValueError, match="is not below what the stage's throttle admits from everyone together"):
        replace(PROD, web_acl=WebAclSettings(requests_per_ip=requests_per_ip))
