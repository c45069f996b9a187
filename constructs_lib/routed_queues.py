"""One encrypted queue per route, each owning its dead-letter queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.defaults import FOURTEEN_DAYS_SECONDS
from constructs_lib.iam import Grantee, allow
from constructs_lib.naming import routed_queue_label
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps

DEFAULT_RETENTION_SECONDS = 604_800  # 7 days
DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 300
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
    dlq_retention_seconds: int = FOURTEEN_DAYS_SECONDS
    max_receive_count: int = DLQ_MAX_RECEIVE_COUNT
    dlq_allows_only_its_source: bool = True


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
    if problems:
        raise ValueError("RoutedQueuesProps: " + "; ".join(problems))


class RoutedQueues(cdk.Construct):
    """A SecureQueue with its own DLQ per route, exposed by route key.

    Default settings: retention 7 days, visibility timeout 300 s, DLQ
    retention 14 days, redrive after 3 receives, each DLQ accepting only its
    own queue as a source.
    Forced: every queue and DLQ is a SecureQueue (SSE, TLS-only policy), and
    every queue redrives to its own DLQ.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: RoutedQueuesProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self.queues: dict[str, SecureQueue] = {
            route.key: SecureQueue(
                self,
                routed_queue_label(route.key),
                SecureQueueProps(
                    name=route.queue_name,
                    retention_seconds=props.retention_seconds,
                    visibility_timeout_seconds=props.visibility_timeout_seconds,
                    dead_letter=DeadLetter(
                        max_receive_count=props.max_receive_count,
                        name=route.dlq_name,
                        retention_seconds=props.dlq_retention_seconds,
                        allow_only_this_source=props.dlq_allows_only_its_source,
                    ),
                ),
            )
            for route in props.routes
        }
        self.dlqs: dict[str, SecureQueue] = {key: queue.dlq for key, queue in self.queues.items()}

    def grant_send(self, grantee: Grantee) -> None:
        """Allow sending to the routed queues (not their DLQs: SQS moves messages there)."""
        grantee.add_policy(f"send-{self.node.id}", allow(["sqs:SendMessage"], [q.arn for q in self.queues.values()]))
