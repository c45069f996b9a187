"""A customer-managed KMS key with rotation and an alias, and the statements its users need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.iam import allow, policy_document

DEFAULT_DELETION_WINDOW_DAYS = 7
# What CloudWatch Logs needs to encrypt a log group's events and read them
# back: AWS's documented `kms:Encrypt*`, `kms:Decrypt*`, `kms:ReEncrypt*`,
# `kms:GenerateDataKey*` and `kms:Describe*`, named one by one, without the
# asymmetric data-key-pair actions a log group never uses.
LOGS_SERVICE_ACTIONS = (
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
)


@dataclass(frozen=True)
class LogGroupEncryption:
    """Log groups of this account in `region` that CloudWatch Logs encrypts under the key."""

    region: str
    log_group_names: Sequence[str]


@dataclass(frozen=True)
class EncryptionKeyProps:
    alias: str  # "alias/<name>"
    description: str
    deletion_window_days: int = DEFAULT_DELETION_WINDOW_DAYS
    log_groups: LogGroupEncryption | None = None


def _check(props: EncryptionKeyProps) -> None:
    problems = []
    if not props.alias.startswith("alias/") or props.alias.startswith("alias/aws/"):
        problems.append(f"alias must start with 'alias/' and not 'alias/aws/', got {props.alias!r}")
    if not 7 <= props.deletion_window_days <= 30:
        problems.append(f"deletion_window_days must be 7-30, got {props.deletion_window_days}")
    if props.log_groups is not None and not props.log_groups.log_group_names:
        problems.append("log_groups must name at least one log group")
    if problems:
        raise ValueError("EncryptionKeyProps: " + "; ".join(problems))


class EncryptionKey(cdk.Construct):
    """A symmetric KMS key other constructs encrypt with.

    Default settings: deletion window 7 days, no log group.
    Forced: automatic rotation, the alias, and a key policy that keeps the
    account root's administration (so IAM policies decide who uses the key)
    and otherwise names only CloudWatch Logs of the key's region, for the
    `log_groups` given: the actions encrypting a log group needs, only in
    the encryption context of those log groups of this account. No service
    role is ever granted `kms:*`. Users of resources under the key get their
    key actions from those resources' grants, through `allow_use`.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: EncryptionKeyProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        account_id = cdk.DataAwsCallerIdentity(self, "account").account_id
        administration = {
            "Sid": "AccountAdministration",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account_id}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
        statements = [administration]
        if props.log_groups is not None:
            statements.append(_logs_service_use(props.log_groups, account_id))
        self.key = cdk.KmsKey(
            self,
            "key",
            description=props.description,
            enable_key_rotation=True,
            deletion_window_in_days=props.deletion_window_days,
            policy=policy_document(*statements),
        )
        self.alias = cdk.KmsAlias(self, "alias", name=props.alias, target_key_id=self.key.key_id)

    @property
    def arn(self) -> str:
        return self.key.arn

    def allow_use(self, actions: Sequence[str], via_service: str | None = None) -> dict:
        """A statement allowing `actions` on this key, only through `via_service` when given.

        `via_service` is the service's prefix (`dynamodb`, `sns`, `s3`); the
        condition matches its endpoint in any region (`<service>.*.amazonaws.com`):
        the key itself lives in one region, so only that region's endpoint can use it.
        """
        condition = None
        if via_service:
            condition = {"StringLike": {"kms:ViaService": f"{via_service}.*.amazonaws.com"}}
        return allow(actions, [self.arn], condition)


def _logs_service_use(log_groups: LogGroupEncryption, account_id: str) -> dict:
    """CloudWatch Logs may use the key for exactly these log groups (the context it encrypts them under)."""
    arns = [f"arn:aws:logs:{log_groups.region}:{account_id}:log-group:{name}" for name in log_groups.log_group_names]
    return {
        "Sid": "CloudWatchLogsUse",
        "Effect": "Allow",
        "Principal": {"Service": f"logs.{log_groups.region}.amazonaws.com"},
        "Action": list(LOGS_SERVICE_ACTIONS),
        "Resource": "*",
        "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": arns}},
    }
