"""The DynamoDB table that remembers which event ids were already accepted."""

from dataclasses import dataclass

from cdktf_cdktf_provider_aws.dynamodb_table import (
    DynamodbTable,
    DynamodbTableAttribute,
    DynamodbTablePointInTimeRecovery,
    DynamodbTableServerSideEncryption,
    DynamodbTableTtl,
)
from constructs import Construct

from constructs_lib.iam import Grantee, allow

HASH_KEY = "event_id"
TTL_ATTRIBUTE = "ttl"
BILLING_MODE = "PAY_PER_REQUEST"


@dataclass(frozen=True)
class DedupTableProps:
    table_name: str
    point_in_time_recovery: bool = True


class DedupTable(Construct):
    """An on-demand table keyed on `event_id`, whose items expire via `ttl`.

    Default settings: point-in-time recovery on (opt out with
    `point_in_time_recovery=False`).
    Forced: PAY_PER_REQUEST billing, hash key `event_id` (S), TTL on the
    `ttl` attribute (not a key attribute), server-side encryption with the
    AWS-managed KMS key, and no deletion protection (nothing is retained on
    destroy).
    """

    def __init__(self, scope: Construct, id_: str, props: DedupTableProps) -> None:
        super().__init__(scope, id_)
        if not 3 <= len(props.table_name) <= 255:
            raise ValueError("DedupTableProps: table_name must be 3-255 characters")
        self.table = DynamodbTable(
            self,
            "table",
            name=props.table_name,
            billing_mode=BILLING_MODE,
            hash_key=HASH_KEY,
            attribute=[DynamodbTableAttribute(name=HASH_KEY, type="S")],
            ttl=DynamodbTableTtl(attribute_name=TTL_ATTRIBUTE, enabled=True),
            point_in_time_recovery=DynamodbTablePointInTimeRecovery(enabled=props.point_in_time_recovery),
            server_side_encryption=DynamodbTableServerSideEncryption(enabled=True),
            deletion_protection_enabled=False,
        )

    def grant_claim(self, grantee: Grantee) -> None:
        """Allow claiming, completing and releasing items: conditional writes only, no reads."""
        grantee.add_policy(
            f"claim-{self.node.id}",
            allow(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], [self.table.arn]),
        )
