"""One encrypted queue per route, each with its own dead-letter queue."""

from collections.abc import Sequence
from dataclasses import dataclass

from constructs import Construct

from constructs_lib.iam import Grantee, allow
from constructs_lib.secure_queue import RedriveProps, SecureQueue, SecureQueueProps

DEFAULT_RETENTION_SECONDS = 604_800  # 7 days
DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 300
# A message keeps its original enqueue time when it moves to a DLQ, so the
# DLQ must keep messages longer than the queue did: SQS's maximum, 14 days.
DEFAULT_DLQ_RETENTION_SECONDS = 1_209_600
DLQ_MAX_RECEIVE_COUNT = 3


@dataclass(frozen=True)
class Route:
    key: str
    queue_name: str
    dlq_name: str


@dataclass(frozen=True)
class RoutedQueuesProps:
    routes: Sequence[Route]
    retention_seconds: int = DEFAULT_RETENTION_SECONDS
    visibility_timeout_seconds: int = DEFAULT_VISIBILITY_TIMEOUT_SECONDS
    dlq_retention_seconds: int = DEFAULT_DLQ_RETENTION_SECONDS
    max_receive_count: int = DLQ_MAX_RECEIVE_COUNT


def _check(props: RoutedQueuesProps) -> None:
    problems = []
    if not props.routes:
        problems.append("routes must not be empty")
    keys = [r.key for r in props.routes]
    if len(set(keys)) != len(keys):
        problems.append(f"routes repeat a key: {keys}")
    names = [n for r in props.routes for n in (r.queue_name, r.dlq_name)]
    if len(set(names)) != len(names):
        problems.append(f"routes repeat a queue name: {names}")
    if props.dlq_retention_seconds <= props.retention_seconds:
        problems.append(
            "dlq_retention_seconds must exceed retention_seconds "
            "(a message keeps its enqueue time when it moves to the DLQ)"
        )
    if props.max_receive_count < 1:
        problems.append("max_receive_count must be at least 1")
    if problems:
        raise ValueError("RoutedQueuesProps: " + "; ".join(problems))


class RoutedQueues(Construct):
    """A queue and a DLQ per route, exposed by route key.

    Default settings: retention 7 days, visibility timeout 300 s, DLQ
    retention 14 days, redrive after 3 receives.
    Forced: every queue and DLQ is a SecureQueue (SSE, TLS-only policy), and
    every queue redrives to its own DLQ.
    """

    def __init__(self, scope: Construct, id_: str, props: RoutedQueuesProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self.queues: dict[str, SecureQueue] = {}
        self.dlqs: dict[str, SecureQueue] = {}
        for route in props.routes:
            dlq = SecureQueue(
                self,
                f"{route.key}-dlq",
                SecureQueueProps(name=route.dlq_name, retention_seconds=props.dlq_retention_seconds),
            )
            self.dlqs[route.key] = dlq
            self.queues[route.key] = SecureQueue(
                self,
                f"{route.key}-queue",
                SecureQueueProps(
                    name=route.queue_name,
                    retention_seconds=props.retention_seconds,
                    visibility_timeout_seconds=props.visibility_timeout_seconds,
                    redrive=RedriveProps(dlq.arn, props.max_receive_count),
                ),
            )

    def grant_send(self, grantee: Grantee) -> None:
        """Allow sending to the routed queues (not their DLQs: SQS moves messages there)."""
        grantee.add_policy(
            f"send-{self.node.id}",
            allow(["sqs:SendMessage"], [q.arn for q in self.queues.values()]),
        )
