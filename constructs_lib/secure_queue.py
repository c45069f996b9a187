"""One SQS queue with encryption at rest and a TLS-only queue policy."""

import json
from dataclasses import dataclass

from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
from constructs import Construct

from constructs_lib.iam import Grantee, allow, policy_document

MAX_RETENTION_SECONDS = 1_209_600  # 14 days, SQS's ceiling


@dataclass(frozen=True)
class RedriveProps:
    dead_letter_queue_arn: str
    max_receive_count: int


@dataclass(frozen=True)
class SecureQueueProps:
    name: str
    retention_seconds: int
    visibility_timeout_seconds: int | None = None
    redrive: RedriveProps | None = None


class SecureQueue(Construct):
    """An SQS queue that is encrypted and refuses plain-HTTP access.

    Default settings: visibility timeout left to SQS (30 s), no redrive.
    Forced: SQS-managed SSE, and a queue policy denying every `sqs:*` call
    made without TLS (`aws:SecureTransport` false).
    """

    def __init__(self, scope: Construct, id_: str, props: SecureQueueProps) -> None:
        super().__init__(scope, id_)
        if not 60 <= props.retention_seconds <= MAX_RETENTION_SECONDS:
            raise ValueError(f"SecureQueueProps: retention_seconds must be 60-{MAX_RETENTION_SECONDS}")
        self.name = props.name
        redrive = props.redrive
        self.queue = SqsQueue(
            self,
            "queue",
            name=props.name,
            message_retention_seconds=props.retention_seconds,
            visibility_timeout_seconds=props.visibility_timeout_seconds,
            sqs_managed_sse_enabled=True,
            redrive_policy=json.dumps(
                {"deadLetterTargetArn": redrive.dead_letter_queue_arn, "maxReceiveCount": redrive.max_receive_count}
            )
            if redrive
            else None,
        )
        SqsQueuePolicy(
            self,
            "tls-only",
            queue_url=self.queue.url,
            policy=policy_document(
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "sqs:*",
                    "Resource": self.queue.arn,
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ),
        )

    @property
    def arn(self) -> str:
        return self.queue.arn

    @property
    def url(self) -> str:
        return self.queue.url

    def grant_send(self, grantee: Grantee) -> None:
        grantee.add_policy(f"send-{self.name}", allow(["sqs:SendMessage"], [self.queue.arn]))
