"""What every system shares about an environment: the suffix, its profile, state, tags, settings.

Names no system, and imports no registry: the systems are handed in
(main.py passes stacks.registry.SYSTEMS). Imports nothing heavy, so a bad
ENVIRONMENT_SUFFIX is refused in well under a second, before the provider
bindings load or anything is written.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stacks.profiles import DEV, Profile, profile_for
from stacks.system import System

DEFAULT_SUFFIX = "dev"
DEFAULT_REGION = "us-east-1"
# S3 bucket names (every system's suffix may end up in one) allow nothing else.
SUFFIX_RULE = re.compile(r"[a-z0-9][a-z0-9-]*")
SUFFIX_RULE_TEXT = "lower-case letters, digits and hyphens, starting with a letter or digit"
EMAIL = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")
_PLACEHOLDER = "{suffix}"


class ConfigError(ValueError):
    """An environment setting that would produce an invalid AWS resource."""


def longest_suffix(systems: Sequence[System]) -> tuple[int, str]:
    """The longest suffix every name of every system accepts, and the tightest name's pattern."""
    budgets = [
        (limit.high - (len(pattern) - len(_PLACEHOLDER)), pattern)
        for system in systems
        for limit, pattern in system.names(_PLACEHOLDER).checked()
    ]
    return min(budgets)


def check_suffix_rule(suffix: str, setting: str = "ENVIRONMENT_SUFFIX") -> None:
    """Raise ConfigError naming the setting when the suffix is empty or breaks the character rule."""
    if not suffix:
        raise ConfigError(f"{setting} must not be empty")
    if not SUFFIX_RULE.fullmatch(suffix):
        raise ConfigError(f"{setting} {suffix!r} must be {SUFFIX_RULE_TEXT} (S3 bucket names allow nothing else)")


def validate_suffix(suffix: str, setting: str = "ENVIRONMENT_SUFFIX", *, systems: Sequence[System]) -> None:
    """Raise ConfigError naming the setting, the rule the suffix breaks and the name (of `systems`) that breaks it."""
    check_suffix_rule(suffix, setting)
    for system in systems:
        for limit, name in system.names(suffix).checked():
            problem = limit.problem(name)
            if problem:
                most, pattern = longest_suffix(systems)
                raise ConfigError(
                    f"{setting} {suffix!r} is too long: {problem} "
                    f"(at most {most} characters fit every system; the tightest name is {pattern!r})"
                )


@dataclass(frozen=True)
class RemoteState:
    """An S3 backend: one key per stack, locked with an S3 lockfile or a DynamoDB table.

    Keys are `<key_prefix><stack id>.tfstate`; without a prefix, each system
    keeps its states under `<system>/`.
    """

    bucket: str
    region: str = DEFAULT_REGION
    key_prefix: str | None = None
    lock_table: str | None = None

    def key(self, system: str, stack_id: str) -> str:
        prefix = self.key_prefix if self.key_prefix is not None else f"{system}/"
        return f"{prefix}{stack_id}.tfstate"


@dataclass(frozen=True)
class EnvironmentConfig:
    """What one deployed environment is built from, for every system."""

    suffix: str
    profile: Profile = DEV
    region: str = DEFAULT_REGION
    remote_state: RemoteState | None = None
    alarm_emails: tuple[str, ...] = ()
    # API Gateway's CloudWatch role is one per account and region: in the environment named in
    # API_GATEWAY_ACCOUNT_OWNER, the system named here sets it; in every other environment, none.
    api_gateway_account_system: str | None = None

    def __post_init__(self) -> None:
        # The names' lengths depend on the systems: configs_from_env and each SystemStack check those.
        check_suffix_rule(self.suffix)
        for email in self.alarm_emails:
            if not EMAIL.fullmatch(email):
                raise ConfigError(f"ALARM_EMAILS: {email!r} is not an email address")

    def tags(self, system: str) -> dict[str, str]:
        return {"Environment": self.suffix, "Project": system, "ManagedBy": "cdktf"}


def config_for(suffix: str, profile: Profile | None = None, **settings) -> EnvironmentConfig:
    """The config for a suffix, with its profile unless another is given."""
    return EnvironmentConfig(suffix=suffix, profile=profile or profile_for(suffix), **settings)


def _remote_state(env: Mapping[str, str]) -> RemoteState | None:
    bucket = env.get("TF_STATE_BUCKET")
    if not bucket:
        return None
    return RemoteState(
        bucket=bucket,
        region=env.get("TF_STATE_REGION") or DEFAULT_REGION,
        key_prefix=env.get("TF_STATE_KEY_PREFIX") or None,
        lock_table=env.get("TF_STATE_LOCK_TABLE") or None,
    )


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def api_gateway_account_system(systems: Sequence[System]) -> str | None:
    """The system that sets API Gateway's account-wide CloudWatch role: the first with an API (None: none has one)."""
    return next((system.name for system in systems if system.api is not None), None)


def configs_from_env(env: Mapping[str, str], systems: Sequence[System]) -> list[EnvironmentConfig]:
    """One config per suffix in ENVIRONMENT_SUFFIX ("dev" or "dev,staging,pr-42"), each checked for `systems`.

    Also reads TF_STATE_BUCKET (+ TF_STATE_REGION, TF_STATE_KEY_PREFIX,
    TF_STATE_LOCK_TABLE), ALARM_EMAILS and API_GATEWAY_ACCOUNT_OWNER.
    """
    raw = env.get("ENVIRONMENT_SUFFIX", DEFAULT_SUFFIX)
    suffixes = [s.strip() for s in raw.split(",")]
    if len(set(suffixes)) != len(suffixes):
        raise ConfigError(f"ENVIRONMENT_SUFFIX {raw!r} names an environment twice")
    # May name an environment not synthesized in this run: that one owns it then.
    owner = env.get("API_GATEWAY_ACCOUNT_OWNER") or None
    if owner is not None:
        validate_suffix(owner, "API_GATEWAY_ACCOUNT_OWNER", systems=systems)
    for suffix in suffixes:
        validate_suffix(suffix, systems=systems)
    remote_state = _remote_state(env)
    emails = tuple(_split(env.get("ALARM_EMAILS")))
    return [
        config_for(
            suffix,
            remote_state=remote_state,
            alarm_emails=emails if profile_for(suffix).alarm_subscriptions else (),
            api_gateway_account_system=api_gateway_account_system(systems) if suffix == owner else None,
        )
        for suffix in suffixes
    ]


def capacity_checks(configs: Sequence[EnvironmentConfig], systems: Sequence[System]) -> list:
    """(stack id, profile, API) for every system with an API, in every environment: for capacity_warnings."""
    return [
        (system.stack_id(config.suffix), config.profile, system.api)
        for config in configs
        for system in systems
        if system.api is not None
    ]
