"""Environment configuration: the suffix rules and what each environment sets.

This module imports nothing heavy, so a bad ENVIRONMENT_SUFFIX is refused in
well under a second, before the provider bindings load or anything is written.
"""

import re
from dataclasses import dataclass

PROJECT = "webhook-pipeline"
DEFAULT_SUFFIX = "dev"
DEFAULT_REGION = "us-east-1"

# Characters every name below accepts (SQS, Lambda, DynamoDB, IAM, SNS,
# Secrets Manager, CloudWatch Logs all allow at least these).
SUFFIX_ALPHABET = re.compile(r"[A-Za-z0-9_-]+")

# Environments that ask for reserved concurrency. Reserving it in an account
# whose concurrency quota is small makes the deploy fail, so dev and
# ephemeral (pr-42 ...) environments leave it to the account's pool.
RESERVED_CONCURRENCY_BY_SUFFIX = {"staging": 10, "prod": 10}


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
        *[("CloudWatch log group names are 1-512 characters", names.log_group(f), 1, 512) for f in functions],
        *[("SQS queue names are 1-80 characters", q, 1, 80) for q in [*queues, names.router_failures_queue]],
        ("DynamoDB table names are 3-255 characters", names.dedup_table, 3, 255),
        ("SNS topic names are 1-256 characters", names.alarm_topic, 1, 256),
        ("Secrets Manager secret names are 1-512 characters", names.signing_secret, 1, 512),
        ("API Gateway REST API names are 1-1024 characters", names.rest_api, 1, 1024),
    ]


def validate_suffix(suffix: str) -> None:
    """Raise ConfigError naming the first rule the suffix breaks."""
    if not suffix:
        raise ConfigError("ENVIRONMENT_SUFFIX must not be empty")
    if not SUFFIX_ALPHABET.fullmatch(suffix):
        raise ConfigError(
            f"ENVIRONMENT_SUFFIX {suffix!r} may only contain letters, digits, '-' and '_' "
            "(the characters SQS, Lambda, DynamoDB and IAM names all accept)"
        )
    for rule, name, low, high in _length_rules(ResourceNames(suffix)):
        if not low <= len(name) <= high:
            raise ConfigError(
                f"ENVIRONMENT_SUFFIX {suffix!r} is too long: {rule}, "
                f"and {name!r} would be {len(name)}"
            )


@dataclass(frozen=True)
class EnvironmentConfig:
    """What one deployed environment is built from."""

    suffix: str
    region: str = DEFAULT_REGION
    reserved_concurrency: int | None = None
    log_retention_days: int = 30

    def __post_init__(self) -> None:
        validate_suffix(self.suffix)

    @property
    def names(self) -> ResourceNames:
        return ResourceNames(self.suffix)

    @property
    def tags(self) -> dict[str, str]:
        return {"Environment": self.suffix, "Project": PROJECT, "ManagedBy": "cdktf"}


def config_for(suffix: str) -> EnvironmentConfig:
    return EnvironmentConfig(
        suffix=suffix,
        reserved_concurrency=RESERVED_CONCURRENCY_BY_SUFFIX.get(suffix),
    )


def configs_from_env(value: str | None) -> list[EnvironmentConfig]:
    """ENVIRONMENT_SUFFIX may name several environments: "dev,staging,pr-42"."""
    raw = DEFAULT_SUFFIX if value is None else value
    suffixes = [s.strip() for s in raw.split(",")]
    if len(set(suffixes)) != len(suffixes):
        raise ConfigError(f"ENVIRONMENT_SUFFIX {raw!r} names an environment twice")
    return [config_for(s) for s in suffixes]
