"""Environment profiles: what differs between dev, staging and prod, for every system alike.

Every suffix that is not `staging` or `prod` (dev, pr-42, ...) takes the dev
profile. Systems keep their own values (timeouts, how much concurrency each
function reserves, base log retention); a profile says whether concurrency
is reserved at all, how long logs are kept at least, how hard the APIs are
throttled, whether a web ACL guards them and whether a capacity shortfall
fails the synth.
"""

from dataclasses import dataclass, replace
from enum import Enum

from constructs_lib.defaults import ExecutionLogging
from constructs_lib.waf_rules import RATE_WINDOW_SECONDS


class OnCapacityShortfall(Enum):
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class WebAclSettings:
    """A WAF web ACL in front of every public API (docs/web-acl.md: what it checks and costs)."""

    requests_per_ip: int  # from one client address per RATE_WINDOW_SECONDS, then 429


@dataclass(frozen=True)
class Profile:
    name: str
    reserves_concurrency: bool
    min_log_retention_days: int  # a system's own retention, raised to this
    throttling_rate_limit: int  # requests/s, every method of every API
    throttling_burst_limit: int
    api_key_quota_per_day: int  # requests per API key per day, where an API issues keys
    point_in_time_recovery: bool
    api_logging_level: ExecutionLogging
    alarm_subscriptions: bool
    on_capacity_shortfall: OnCapacityShortfall
    web_acl: WebAclSettings | None  # None: the APIs have no web ACL

    def __post_init__(self) -> None:
        if self.name == "prod" and self.web_acl is None:
            raise ValueError("profile 'prod' must put a web ACL in front of every public API: web_acl is None")
        admitted = self.throttling_rate_limit * RATE_WINDOW_SECONDS
        if self.web_acl is not None and self.web_acl.requests_per_ip >= admitted:
            raise ValueError(
                f"profile {self.name!r}: web_acl.requests_per_ip {self.web_acl.requests_per_ip} per {RATE_WINDOW_SECONDS} s "
                f"is not below what the stage's throttle admits from everyone together ({admitted}): the rule could never fire"
            )

    def reserved(self, concurrency: int) -> int | None:
        """A function's reserved concurrency in this environment: its own number, or none."""
        return concurrency if self.reserves_concurrency else None

    def log_retention(self, system_days: int) -> int:
        return max(system_days, self.min_log_retention_days)


DEV = Profile(
    name="dev",
    reserves_concurrency=False,  # a small-quota account cannot reserve any
    min_log_retention_days=0,
    throttling_rate_limit=1000,
    throttling_burst_limit=1000,
    api_key_quota_per_day=10_000,
    point_in_time_recovery=True,
    api_logging_level=ExecutionLogging.INFO,
    alarm_subscriptions=False,
    on_capacity_shortfall=OnCapacityShortfall.WARN,
    # No web ACL: dev and every pr-* environment would pay its monthly fees
    # for test traffic (docs/web-acl.md); staging runs the same rules as prod.
    web_acl=None,
)
# With 10 reserved executions of ~100 ms each, an API's function absorbs 100
# requests/s and 10 at once; the throttle says so, so excess load gets 429
# from API Gateway instead of 500 from a throttled Lambda.
STAGING = Profile(
    name="staging",
    reserves_concurrency=True,
    min_log_retention_days=0,
    throttling_rate_limit=100,
    throttling_burst_limit=10,
    api_key_quota_per_day=10_000,
    point_in_time_recovery=True,
    api_logging_level=ExecutionLogging.INFO,
    alarm_subscriptions=True,
    on_capacity_shortfall=OnCapacityShortfall.WARN,
    # Half of what the stage's throttle (100 requests/s) admits in 5 minutes:
    # one address cannot take the whole API, and a sender pushing 50
    # requests/s for 5 minutes still gets through.
    web_acl=WebAclSettings(requests_per_ip=15_000),
)
PROD = replace(
    STAGING,
    name="prod",
    min_log_retention_days=90,
    api_key_quota_per_day=1_000_000,
    api_logging_level=ExecutionLogging.ERROR,
    on_capacity_shortfall=OnCapacityShortfall.FAIL,
)

PROFILES = {profile.name: profile for profile in (DEV, STAGING, PROD)}


def profile_for(suffix: str) -> Profile:
    return PROFILES.get(suffix, DEV)
