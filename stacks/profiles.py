"""Environment profiles: what differs between dev, staging and prod.

Every suffix that is not `staging` or `prod` (dev, pr-42, ...) takes the dev
profile. Each profile states the request rate it must absorb (its API
throttle) and how long the validator takes per request, and the capacity
check holds those against the validator's concurrency (Little's law).
"""

import math
from dataclasses import dataclass, replace
from enum import Enum

# What an account's unreserved pool offers a function without reserved
# concurrency: AWS's default regional quota.
ACCOUNT_DEFAULT_CONCURRENCY = 1000


class OnCapacityShortfall(Enum):
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Profile:
    name: str
    reserved_concurrency: int | None
    log_retention_days: int
    throttling_rate_limit: int
    throttling_burst_limit: int
    validator_expected_duration_ms: int
    point_in_time_recovery: bool
    api_logging_level: str
    alarm_subscriptions: bool
    on_capacity_shortfall: OnCapacityShortfall

    @property
    def validator_concurrency(self) -> int:
        return self.reserved_concurrency or ACCOUNT_DEFAULT_CONCURRENCY

    @property
    def concurrency_needed(self) -> int:
        """Little's law: requests in flight = arrival rate x time in the system."""
        return math.ceil(self.throttling_rate_limit * self.validator_expected_duration_ms / 1000)

    def capacity_shortfall(self) -> str | None:
        if self.throttling_burst_limit > self.validator_concurrency:
            return (
                f"profile {self.name!r}: the API admits bursts of {self.throttling_burst_limit} "
                f"requests at once, but the validator can run only {self.validator_concurrency}; "
                "Lambda would throttle and API Gateway answer 500. "
                "Lower the burst limit or raise the reserved concurrency."
            )
        if self.concurrency_needed <= self.validator_concurrency:
            return None
        return (
            f"profile {self.name!r}: the API lets through {self.throttling_rate_limit} requests/s and "
            f"the validator takes ~{self.validator_expected_duration_ms} ms, so about "
            f"{self.concurrency_needed} run at once, but the validator can run only "
            f"{self.validator_concurrency}; Lambda would throttle and API Gateway answer 500. "
            "Lower the throttling rate or raise the reserved concurrency."
        )


DEV = Profile(
    name="dev",
    reserved_concurrency=None,  # a small-quota account cannot reserve any
    log_retention_days=30,
    throttling_rate_limit=1000,
    throttling_burst_limit=1000,
    validator_expected_duration_ms=100,
    point_in_time_recovery=True,
    api_logging_level="INFO",
    alarm_subscriptions=False,
    on_capacity_shortfall=OnCapacityShortfall.WARN,
)
# With 10 reserved executions of ~100 ms each, the validator absorbs 100
# requests/s and 10 at once; the throttle says so, so excess load gets 429
# from API Gateway instead of 500 from a throttled Lambda.
STAGING = Profile(
    name="staging",
    reserved_concurrency=10,
    log_retention_days=30,
    throttling_rate_limit=100,
    throttling_burst_limit=10,
    validator_expected_duration_ms=100,
    point_in_time_recovery=True,
    api_logging_level="INFO",
    alarm_subscriptions=True,
    on_capacity_shortfall=OnCapacityShortfall.WARN,
)
PROD = replace(
    STAGING,
    name="prod",
    log_retention_days=90,
    api_logging_level="ERROR",
    on_capacity_shortfall=OnCapacityShortfall.FAIL,
)

PROFILES = {profile.name: profile for profile in (DEV, STAGING, PROD)}


def profile_for(suffix: str) -> Profile:
    return PROFILES.get(suffix, DEV)
