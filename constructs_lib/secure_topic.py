"""An SNS topic encrypted with a customer key, TLS-only, that only the functions granted may publish to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from constructs_lib import cdk
from constructs_lib.encryption_key import EncryptionKey
from constructs_lib.iam import allow, deny_insecure_transport, policy_document

# What publishing to a topic under a customer key needs, through SNS only.
PUBLISH_KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")


class Publisher(Protocol):
    """A grantee with a role (a TracedLambda, for one): the topic policy names its role."""

    role: object  # `.arn`

    def add_policy(self, name: str, *statements: dict) -> object: ...


@dataclass(frozen=True)
class SecureTopicProps:
    name: str
    kms_key: EncryptionKey


class SecureTopic(cdk.Construct):
    """`.topic`, `.arn`; `grant_publish(fn)` allows a function and names it in the topic policy.

    Forced: SSE with `kms_key`; a topic policy that denies every request
    made without TLS and denies `sns:Publish` to every principal but the
    roles granted through `grant_publish` (`aws:PrincipalArn`), so only
    they can publish whatever else the account's IAM allows.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: SecureTopicProps) -> None:
        super().__init__(scope, id_)
        self._kms_key = props.kms_key
        self._publisher_arns: list[str] = []
        self.topic = cdk.SnsTopic(self, "topic", name=props.name, kms_master_key_id=props.kms_key.arn)
        self._policy = cdk.SnsTopicPolicy(self, "policy", arn=self.topic.arn, policy=self._document())

    @property
    def arn(self) -> str:
        return self.topic.arn

    def grant_publish(self, publisher: Publisher) -> None:
        publisher.add_policy(
            f"publish-{self.node.id}",
            allow(["sns:Publish"], [self.topic.arn]),
            self._kms_key.allow_use(PUBLISH_KEY_ACTIONS, via_service="sns"),
        )
        self._publisher_arns.append(publisher.role.arn)
        self._policy.policy = self._document()

    def _document(self) -> str:
        statements = [deny_insecure_transport("sns:*", self.topic.arn)]
        only_granted = {
            "Sid": "OnlyGrantedPublishers",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sns:Publish",
            "Resource": self.topic.arn,
        }
        if self._publisher_arns:  # else nobody may publish
            only_granted["Condition"] = {"ArnNotEquals": {"aws:PrincipalArn": list(self._publisher_arns)}}
        return policy_document(*statements, only_granted)
