"""The capacity check: an API must not admit more requests than its function can run at once.

A Lambda that hits its concurrency limit is throttled, and API Gateway then
answers 500, not 429. By Little's law, requests in flight = arrival rate x
time each takes; the API's throttle must keep that, and its burst, within
the function's concurrency (its reserved concurrency, or the account's
default pool when it reserves none).
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stacks.profiles import OnCapacityShortfall, Profile

# What an account's unreserved pool offers a function without reserved
# concurrency: AWS's default regional quota.
ACCOUNT_DEFAULT_CONCURRENCY = 1000


class CapacityError(ValueError):
    """A profile that must not have a shortfall has one."""


@dataclass(frozen=True)
class ApiCapacity:
    """The function behind a system's API, as the capacity check sees it."""

    function: str  # a label for messages, e.g. "the validator"
    expected_duration_ms: int
    reserved_concurrency: int  # when the profile reserves concurrency

    def concurrency(self, profile: Profile) -> int:
        return profile.reserved(self.reserved_concurrency) or ACCOUNT_DEFAULT_CONCURRENCY

    def concurrency_needed(self, profile: Profile) -> int:
        """Little's law: requests in flight = arrival rate x time in the system."""
        return math.ceil(profile.throttling_rate_limit * self.expected_duration_ms / 1000)


def capacity_shortfall(profile: Profile, api: ApiCapacity) -> str | None:
    available = api.concurrency(profile)
    if profile.throttling_burst_limit > available:
        return (
            f"profile {profile.name!r}: the API admits bursts of {profile.throttling_burst_limit} "
            f"requests at once, but {api.function} can run only {available}; "
            "Lambda would throttle and API Gateway answer 500. "
            "Lower the burst limit or raise the reserved concurrency."
        )
    needed = api.concurrency_needed(profile)
    if needed <= available:
        return None
    return (
        f"profile {profile.name!r}: the API lets through {profile.throttling_rate_limit} requests/s and "
        f"{api.function} takes ~{api.expected_duration_ms} ms, so about {needed} run at once, but "
        f"{api.function} can run only {available}; Lambda would throttle and API Gateway answer 500. "
        "Lower the throttling rate or raise the reserved concurrency."
    )


def capacity_warnings(checks: Sequence[tuple[str, Profile, ApiCapacity]]) -> list[str]:
    """For each (stack id, profile, API): a CapacityError where the profile fails on a shortfall, else warnings."""
    warnings = []
    for stack_id, profile, api in checks:
        shortfall = capacity_shortfall(profile, api)
        if shortfall is None:
            continue
        if profile.on_capacity_shortfall is OnCapacityShortfall.FAIL:
            raise CapacityError(f"capacity check failed for {stack_id!r}: {shortfall}")
        warnings.append(f"capacity check for {stack_id!r}: {shortfall}")
    return warnings
