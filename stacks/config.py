"""Environment configuration: the suffix rules and what each environment sets.

This module imports nothing heavy, so a bad ENVIRONMENT_SUFFIX is refused in
well under a second, before the provider bindings load or anything is written.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from stacks.profiles import DEV, OnCapacityShortfall, Profile, profile_for

PROJECT = "webhook-pipeline"
DEFAULT_SUFFIX = "dev"
DEFAULT_REGION = "us-east-1"

# Characters every name below accepts (SQS, Lambda, DynamoDB, IAM, SNS,
# Secrets Manager, CloudWatch Logs all allow at least these).
SUFFIX_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")

EMAIL = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")


class ConfigError(ValueError):
    """An environment setting that would produce an invalid AWS resource."""


@dataclass(frozen=True)
class ResourceNames:
    """Every physical name the stack gives, derived from the suffix alone."""

    suffix: str

    @property
    def stack_id(self) -> str:
        return f"{PROJECT}-{self.suffix}"

    @property
    def dedup_table(self) -> str:
        return f"transaction-events-{self.suffix}"

    def queue(self, route: str) -> str:
        return f"{route}-queue-{self.suffix}"

    def dlq(self, route: str) -> str:
        return f"{route}-dlq-{self.suffix}"

    @property
    def validator_function(self) -> str:
        return f"webhook-validator-{self.suffix}"

    @property
    def router_function(self) -> str:
        return f"event-router-{self.suffix}"

    @property
    def router_failures_queue(self) -> str:
        return f"event-router-failures-{self.suffix}"

    @property
    def rest_api(self) -> str:
        return f"webhook-api-{self.suffix}"

    @property
    def alarm_topic(self) -> str:
        return f"webhook-alarms-{self.suffix}"

    @property
    def signing_secret(self) -> str:
        return f"webhook-signing-secret-{self.suffix}"

    @property
    def api_gateway_cloudwatch_role(self) -> str:
        return f"apigw-cloudwatch-{self.suffix}"

    @staticmethod
    def role(function_name: str) -> str:
        return f"{function_name}-role"

    @staticmethod
    def log_group(function_name: str) -> str:
        return f"/aws/lambda/{function_name}"


ROUTES = ("payments", "refunds", "disputes")

# transaction_type -> queue route: the router's routing table.
ROUTE_BY_TRANSACTION_TYPE = {"payment": "payments", "refund": "refunds", "dispute": "disputes"}


def _length_rules(names: ResourceNames) -> list[tuple[str, str, int, int]]:
    """(rule, name, min, max) for every name the suffix ends up in."""
    functions = (names.validator_function, names.router_function)
    queues = [n for r in ROUTES for n in (names.queue(r), names.dlq(r))]
    return [
        *[("Lambda function names are 1-64 characters", f, 1, 64) for f in functions],
        *[("IAM role names are 1-64 characters", names.role(f), 1, 64) for f in functions],
        ("IAM role names are 1-64 characters", names.api_gateway_cloudwatch_role, 1, 64),
        *[("CloudWatch log group names are 1-512 characters", names.log_group(f), 1, 512) for f in functions],
        *[("SQS queue names are 1-80 characters", q, 1, 80) for q in [*queues, names.router_failures_queue]],
        ("DynamoDB table names are 3-255 characters", names.dedup_table, 3, 255),
        ("SNS topic names are 1-256 characters", names.alarm_topic, 1, 256),
        ("Secrets Manager secret names are 1-512 characters", names.signing_secret, 1, 512),
        ("API Gateway REST API names are 1-1024 characters", names.rest_api, 1, 1024),
    ]


def validate_suffix(suffix: str, setting: str = "ENVIRONMENT_SUFFIX") -> None:
    """Raise ConfigError naming the setting and the first rule the suffix breaks."""
    if not suffix:
        raise ConfigError(f"{setting} must not be empty")
    if not SUFFIX_ALPHABET.fullmatch(suffix):
        raise ConfigError(
            f"{setting} {suffix!r} may only contain letters, digits, '-' and '_' "
            "(the characters SQS, Lambda, DynamoDB and IAM names all accept)"
        )
    for rule, name, low, high in _length_rules(ResourceNames(suffix)):
        if not low <= len(name) <= high:
            raise ConfigError(
                f"{setting} {suffix!r} is too long: {rule}, "
                f"and {name!r} would be {len(name)}"
            )


@dataclass(frozen=True)
class RemoteState:
    """An S3 backend: one key per stack, locked with an S3 lockfile or a DynamoDB table."""

    bucket: str
    region: str = DEFAULT_REGION
    key_prefix: str = f"{PROJECT}/"
    lock_table: str | None = None

    def key(self, stack_id: str) -> str:
        return f"{self.key_prefix}{stack_id}.tfstate"


@dataclass(frozen=True)
class EnvironmentConfig:
    """What one deployed environment is built from."""

    suffix: str
    profile: Profile = DEV
    region: str = DEFAULT_REGION
    remote_state: RemoteState | None = None
    alarm_emails: tuple[str, ...] = ()
    # API Gateway's CloudWatch role is one per account and region: only the
    # environment named in API_GATEWAY_ACCOUNT_OWNER manages it.
    manages_api_gateway_account: bool = False

    def __post_init__(self) -> None:
        validate_suffix(self.suffix)
        for email in self.alarm_emails:
            if not EMAIL.fullmatch(email):
                raise ConfigError(f"ALARM_EMAILS: {email!r} is not an email address")

    @property
    def names(self) -> ResourceNames:
        return ResourceNames(self.suffix)

    @property
    def tags(self) -> dict[str, str]:
        return {"Environment": self.suffix, "Project": PROJECT, "ManagedBy": "cdktf"}


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
        key_prefix=env.get("TF_STATE_KEY_PREFIX") or f"{PROJECT}/",
        lock_table=env.get("TF_STATE_LOCK_TABLE") or None,
    )


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def configs_from_env(env: Mapping[str, str]) -> list[EnvironmentConfig]:
    """One config per suffix in ENVIRONMENT_SUFFIX ("dev" or "dev,staging,pr-42").

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
        validate_suffix(owner, "API_GATEWAY_ACCOUNT_OWNER")
    remote_state = _remote_state(env)
    emails = tuple(_split(env.get("ALARM_EMAILS")))
    return [
        config_for(
            suffix,
            remote_state=remote_state,
            alarm_emails=emails if profile_for(suffix).alarm_subscriptions else (),
            manages_api_gateway_account=suffix == owner,
        )
        for suffix in suffixes
    ]


def capacity_warnings(configs: list[EnvironmentConfig]) -> list[str]:
    """Capacity shortfalls: a ConfigError for profiles that must not have one, else warnings."""
    warnings = []
    for config in configs:
        shortfall = config.profile.capacity_shortfall()
        if shortfall is None:
            continue
        if config.profile.on_capacity_shortfall is OnCapacityShortfall.FAIL:
            raise ConfigError(f"capacity check failed for {config.suffix!r}: {shortfall}")
        warnings.append(f"capacity check for {config.suffix!r}: {shortfall}")
    return warnings
