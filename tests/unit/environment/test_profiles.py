"""What each profile decides for every system: reserved concurrency, log retention."""

import pytest

from constructs_lib.defaults import ExecutionLogging
from stacks.profiles import DEV, PROD, STAGING


@pytest.mark.parametrize(("profile", "reserved"), [(DEV, None), (STAGING, 10), (PROD, 10)])
def test_reserved_concurrency_only_where_the_environment_asks(profile, reserved):
    assert profile.reserved(10) == reserved


@pytest.mark.parametrize(("profile", "days"), [(DEV, (7, 30)), (STAGING, (7, 30)), (PROD, (90, 90))])
def test_prod_keeps_logs_at_least_90_days(profile, days):
    assert (profile.log_retention(7), profile.log_retention(30)) == days
    assert profile.log_retention(365) == 365


def test_execution_logging_is_an_enum_not_a_string():
    assert (DEV.api_logging_level, PROD.api_logging_level) == (ExecutionLogging.INFO, ExecutionLogging.ERROR)
