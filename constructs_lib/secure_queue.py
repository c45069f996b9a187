"""One SQS queue with encryption at rest and a TLS-only policy, optionally owning its DLQ."""

from __future__ import annotations

import json
from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.defaults import FOURTEEN_DAYS_SECONDS
from constructs_lib.iam import Grantee, allow, deny_insecure_transport, policy_document
from constructs_lib.naming import dead_letter_label

MIN_RETENTION_SECONDS = 60
MAX_VISIBILITY_SECONDS = 43_200  # 12 hours
MAX_RECEIVE_COUNT = 1000
CONSUME_ACTIONS = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes")


@dataclass(frozen=True)
class DeadLetter:
    """The queue's own DLQ: SQS moves a message there after `max_receive_count` receives.

    `name` defaults to `<queue name>-dlq`. A message keeps its original
    enqueue time when it moves, so the DLQ keeps messages 14 days (SQS's
    maximum) unless told otherwise, and never less long than the queue.
    """

    max_receive_count: int
    name: str | None = None
    retention_seconds: int = FOURTEEN_DAYS_SECONDS
    # A redrive-allow policy on the DLQ naming only this queue as a source.
    allow_only_this_source: bool = True


@dataclass(frozen=True)
class SecureQueueProps:
    name: str
    retention_seconds: int
    visibility_timeout_seconds: int | None = None
    dead_letter: DeadLetter | None = None


def _check(props: SecureQueueProps) -> None:
    problems = []
    for label, seconds in (("retention_seconds", props.retention_seconds),
                           ("dead_letter.retention_seconds", props.dead_letter and props.dead_letter.retention_seconds)):
        if seconds is not None and not MIN_RETENTION_SECONDS <= seconds <= FOURTEEN_DAYS_SECONDS:
            problems.append(f"{label} must be {MIN_RETENTION_SECONDS}-{FOURTEEN_DAYS_SECONDS}, got {seconds}")
    if props.visibility_timeout_seconds is not None and not 0 <= props.visibility_timeout_seconds <= MAX_VISIBILITY_SECONDS:
        problems.append(f"visibility_timeout_seconds must be 0-{MAX_VISIBILITY_SECONDS}, got {props.visibility_timeout_seconds}")
    if props.dead_letter:
        if not 1 <= props.dead_letter.max_receive_count <= MAX_RECEIVE_COUNT:
            problems.append(f"dead_letter.max_receive_count must be 1-{MAX_RECEIVE_COUNT}")
        if props.dead_letter.retention_seconds < props.retention_seconds:
            problems.append(
                "dead_letter.retention_seconds must be at least retention_seconds "
                "(a message keeps its enqueue time when it moves to the DLQ)"
            )
    if problems:
        raise ValueError("SecureQueueProps: " + "; ".join(problems))


class SecureQueue(cdk.Construct):
    """An SQS queue that is encrypted and refuses plain-HTTP access.

    Default settings: visibility timeout left to SQS (30 s), no DLQ. With
    `dead_letter`, the construct creates the DLQ (`.dlq`, itself a
    SecureQueue, label `<label without -queue>-dlq`) and redrives to it;
    the DLQ accepts only this queue as a source unless told otherwise.
    Forced: SQS-managed SSE, and a queue policy denying every `sqs:*` call
    made without TLS (`aws:SecureTransport` false).
    `label` (the construct id) names alarms and policies, never a physical name.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: SecureQueueProps, label: str | None = None) -> None:
        super().__init__(scope, id_)
        _check(props)
        self.name = props.name
        self.visibility_timeout_seconds = props.visibility_timeout_seconds
        self.label = label or id_
        self.dlq: SecureQueue | None = None
        dead_letter = props.dead_letter
        if dead_letter:
            self.dlq = SecureQueue(
                self,
                "dlq",
                SecureQueueProps(
                    name=dead_letter.name or f"{props.name}-dlq", retention_seconds=dead_letter.retention_seconds
                ),
                label=dead_letter_label(self.label),
            )
        self.queue = cdk.SqsQueue(
            self,
            "queue",
            name=props.name,
            message_retention_seconds=props.retention_seconds,
            visibility_timeout_seconds=props.visibility_timeout_seconds,
            sqs_managed_sse_enabled=True,
            redrive_policy=json.dumps(
                {"deadLetterTargetArn": self.dlq.arn, "maxReceiveCount": dead_letter.max_receive_count}
            )
            if dead_letter
            else None,
        )
        cdk.SqsQueuePolicy(
            self,
            "tls-only",
            queue_url=self.queue.url,
            policy=policy_document(deny_insecure_transport("sqs:*", self.queue.arn)),
        )
        if dead_letter and dead_letter.allow_only_this_source:
            # Its own resource: on the DLQ itself it would make a cycle with the redrive policy.
            cdk.SqsQueueRedriveAllowPolicy(
                self,
                "dlq-redrive-allow",
                queue_url=self.dlq.url,
                redrive_allow_policy=json.dumps({"redrivePermission": "byQueue", "sourceQueueArns": [self.arn]}),
            )

    @property
    def arn(self) -> str:
        return self.queue.arn

    @property
    def url(self) -> str:
        return self.queue.url

    def grant_send(self, grantee: Grantee) -> None:
        grantee.add_policy(f"send-{self.label}", allow(["sqs:SendMessage"], [self.queue.arn]))

    def grant_consume(self, grantee: Grantee) -> None:
        """What an event source mapping needs to poll this queue and delete what it processed."""
        grantee.add_policy(f"consume-{self.label}", allow(CONSUME_ACTIONS, [self.queue.arn]))
