"""An on-demand DynamoDB table with the keys, TTL, stream and encryption a system asks for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from constructs_lib import cdk
from constructs_lib.encryption_key import EncryptionKey
from constructs_lib.iam import Grantee, allow
from constructs_lib.naming import DYNAMODB_TABLE

BILLING_MODE = "PAY_PER_REQUEST"
READ_ACTIONS = ("dynamodb:GetItem",)  # items by key; no queries, no scans
# Conditional writes need no read permission: a failed condition returns the old item.
WRITE_ACTIONS = ("dynamodb:PutItem", "dynamodb:UpdateItem")
CLAIM_ACTIONS = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
STREAM_ACTIONS = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator")
KEY_READ_ACTIONS = ("kms:Decrypt", "kms:DescribeKey")
KEY_WRITE_ACTIONS = ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey")


class AttributeType(Enum):
    STRING = "S"
    NUMBER = "N"
    BINARY = "B"


class StreamView(Enum):
    NEW_AND_OLD_IMAGES = "NEW_AND_OLD_IMAGES"
    NEW_IMAGE = "NEW_IMAGE"
    OLD_IMAGE = "OLD_IMAGE"
    KEYS_ONLY = "KEYS_ONLY"


@dataclass(frozen=True)
class Key:
    name: str
    type: AttributeType = AttributeType.STRING


@dataclass(frozen=True)
class TableProps:
    name: str
    hash_key: Key
    range_key: Key | None = None
    ttl_attribute: str | None = None
    stream: StreamView | None = None
    kms_key: EncryptionKey | None = None  # None: the AWS-managed DynamoDB key
    point_in_time_recovery: bool = True


def _check(props: TableProps) -> None:
    problems = []
    name_problem = DYNAMODB_TABLE.problem(props.name)
    if name_problem:
        problems.append(f"name: {name_problem}")
    key_names = [props.hash_key.name] + ([props.range_key.name] if props.range_key else [])
    if len(set(key_names)) != len(key_names):
        problems.append(f"hash and range key must differ, got {key_names}")
    if props.ttl_attribute in key_names:
        problems.append(f"ttl_attribute {props.ttl_attribute!r} must not be a key attribute")
    if problems:
        raise ValueError("TableProps: " + "; ".join(problems))


class Table(cdk.Construct):
    """An on-demand table: `.table`, and `.stream_arn` when it has a stream.

    Default settings: no range key, no TTL, no stream, SSE with the AWS-managed
    KMS key, point-in-time recovery on (opt out with `point_in_time_recovery=False`).
    Forced: PAY_PER_REQUEST billing, server-side encryption always on (with
    `kms_key` when given), TTL attribute never a key attribute, and no
    deletion protection (nothing is retained on destroy). Grants on a table
    under `kms_key` include the key actions, only through DynamoDB.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: TableProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self._kms_key = props.kms_key
        keys = [props.hash_key] + ([props.range_key] if props.range_key else [])
        self.table = cdk.DynamodbTable(
            self,
            "table",
            name=props.name,
            billing_mode=BILLING_MODE,
            hash_key=props.hash_key.name,
            range_key=props.range_key.name if props.range_key else None,
            attribute=[cdk.DynamodbTableAttribute(name=k.name, type=k.type.value) for k in keys],
            ttl=cdk.DynamodbTableTtl(attribute_name=props.ttl_attribute, enabled=True) if props.ttl_attribute else None,
            stream_enabled=True if props.stream else None,
            stream_view_type=props.stream.value if props.stream else None,
            point_in_time_recovery=cdk.DynamodbTablePointInTimeRecovery(enabled=props.point_in_time_recovery),
            server_side_encryption=cdk.DynamodbTableServerSideEncryption(
                enabled=True, kms_key_arn=props.kms_key.arn if props.kms_key else None
            ),
            deletion_protection_enabled=False,
        )
        self.stream_arn: str | None = self.table.stream_arn if props.stream else None

    def grant_read(self, grantee: Grantee) -> None:
        self._grant(grantee, "read", READ_ACTIONS, KEY_READ_ACTIONS)

    def grant_write(self, grantee: Grantee) -> None:
        """Conditional puts and updates; no reads, no deletes."""
        self._grant(grantee, "write", WRITE_ACTIONS, KEY_WRITE_ACTIONS)

    def grant_put(self, grantee: Grantee) -> None:
        """New items only (conditional puts); no updates, no reads."""
        self._grant(grantee, "put", ("dynamodb:PutItem",), KEY_WRITE_ACTIONS)

    def grant_update(self, grantee: Grantee) -> None:
        """Updates of items (conditional updates); no puts, no reads."""
        self._grant(grantee, "update", ("dynamodb:UpdateItem",), KEY_WRITE_ACTIONS)

    def grant_claim(self, grantee: Grantee) -> None:
        """Claiming, completing and releasing items: conditional writes and deletes, no reads."""
        self._grant(grantee, "claim", CLAIM_ACTIONS, KEY_WRITE_ACTIONS)

    def grant_stream_read(self, grantee: Grantee) -> None:
        """What a stream event source needs; ListStreams takes no resource."""
        if self.stream_arn is None:
            raise ValueError(f"{self.node.path} has no stream to read")
        statements = [allow(STREAM_ACTIONS, [self.stream_arn]), allow(["dynamodb:ListStreams"], ["*"])]
        if self._kms_key:
            statements.append(self._kms_key.allow_use(KEY_READ_ACTIONS, via_service="dynamodb"))
        grantee.add_policy(f"stream-read-{self.node.id}", *statements)

    def _grant(self, grantee: Grantee, verb: str, actions, key_actions) -> None:
        statements = [allow(actions, [self.table.arn])]
        if self._kms_key:
            statements.append(self._kms_key.allow_use(key_actions, via_service="dynamodb"))
        grantee.add_policy(f"{verb}-{self.node.id}", *statements)
