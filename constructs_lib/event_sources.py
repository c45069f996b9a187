"""Event source mappings that bind and grant in one step: a DynamoDB stream or an SQS queue to a function.

Each grants the function exactly what polling needs, reports partial batch
failures, and waits for every policy of the function's role (Lambda checks
the role when the mapping is created or enabled).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from constructs_lib import cdk
from constructs_lib.defaults import SQS_VISIBILITY_FACTOR
from constructs_lib.secure_queue import SecureQueue
from constructs_lib.table import Table
from constructs_lib.traced_lambda import TracedLambda

PARTIAL_BATCH_RESPONSES = ["ReportBatchItemFailures"]
SQS_DEFAULT_VISIBILITY_SECONDS = 30


class StartingPosition(Enum):
    """Where a stream mapping starts reading a shard (a DynamoDB stream has no AT_TIMESTAMP)."""

    TRIM_HORIZON = "TRIM_HORIZON"  # the oldest record the stream still holds
    LATEST = "LATEST"  # only records written after the mapping is created


@dataclass(frozen=True)
class StreamSourceProps:
    """A DynamoDB stream: AWS's defaults retry a poison record for a day, blocking its shard; these don't."""

    on_failure: SecureQueue  # where records go after the retries, with their metadata
    batch_size: int = 100
    starting_position: StartingPosition = StartingPosition.TRIM_HORIZON
    bisect_batch_on_error: bool = True
    maximum_retry_attempts: int = 3
    maximum_record_age_seconds: int = 3600
    filter_patterns: Sequence[Mapping] = field(default_factory=tuple)  # e.g. {"eventName": ["INSERT"]}


def _stream_problems(props: StreamSourceProps) -> list[str]:
    problems = []
    if not 1 <= props.batch_size <= 10_000:
        problems.append(f"batch_size must be 1-10000, got {props.batch_size}")
    if not isinstance(props.starting_position, StartingPosition):
        problems.append(f"starting_position must be TRIM_HORIZON or LATEST, got {props.starting_position!r}")
    if not 0 <= props.maximum_retry_attempts <= 10_000:
        problems.append("maximum_retry_attempts must be finite: 0-10000")
    if not 60 <= props.maximum_record_age_seconds <= 604_800:
        problems.append("maximum_record_age_seconds must be finite: 60-604800")
    return problems


class DynamoStreamSource(cdk.Construct):
    """`table`'s stream feeds `function`; `.mapping`.

    Default settings: TRIM_HORIZON, batches of 100, bisect on error, 3
    retries, records at most 1 hour old, no filter.
    Forced: partial batch responses, the on-failure queue, and the grants:
    stream read (and the table key's decrypt) and send to the on-failure queue.
    """

    def __init__(self, scope: cdk.Construct, id_: str, table: Table, function: TracedLambda, props: StreamSourceProps) -> None:
        super().__init__(scope, id_)
        problems = _stream_problems(props)
        if table.stream_arn is None:
            problems.append(f"{table.node.path} has no stream")
        if problems:
            raise ValueError("StreamSourceProps: " + "; ".join(problems))
        table.grant_stream_read(function)
        props.on_failure.grant_send(function)
        self.mapping = cdk.LambdaEventSourceMapping(
            self,
            "mapping",
            event_source_arn=table.stream_arn,
            function_name=function.function.arn,
            starting_position=props.starting_position.value,
            batch_size=props.batch_size,
            bisect_batch_on_function_error=props.bisect_batch_on_error,
            maximum_retry_attempts=props.maximum_retry_attempts,
            maximum_record_age_in_seconds=props.maximum_record_age_seconds,
            function_response_types=PARTIAL_BATCH_RESPONSES,
            destination_config=cdk.LambdaEventSourceMappingDestinationConfig(
                on_failure=cdk.LambdaEventSourceMappingDestinationConfigOnFailure(destination_arn=props.on_failure.arn)
            ),
            filter_criteria=_filters(props.filter_patterns),
        )
        function.wait_for_policies(self.mapping)


@dataclass(frozen=True)
class SqsSourceProps:
    batch_size: int = 10
    maximum_batching_window_seconds: int = 0
    maximum_concurrency: int | None = None  # None: as many pollers as Lambda scales to


def sqs_source_problems(props: SqsSourceProps, queue: SecureQueue, function: TracedLambda) -> list[str]:
    """What Lambda would refuse at apply time, or what would misbehave under load."""
    problems = []
    window = props.maximum_batching_window_seconds
    if not 1 <= props.batch_size <= 10_000:
        problems.append(f"batch_size must be 1-10000, got {props.batch_size}")
    if not 0 <= window <= 300:
        problems.append(f"maximum_batching_window_seconds must be 0-300, got {window}")
    if props.batch_size > 10 and window < 1:
        problems.append(f"batch_size {props.batch_size} is over 10: Lambda requires a batching window of at least 1 s")
    if props.maximum_concurrency is not None:
        if not 2 <= props.maximum_concurrency <= 1000:
            problems.append(f"maximum_concurrency must be 2-1000, got {props.maximum_concurrency}")
        reserved = function.reserved_concurrency
        if reserved is not None and props.maximum_concurrency > reserved:
            problems.append(
                f"maximum_concurrency {props.maximum_concurrency} exceeds the function's reserved concurrency "
                f"{reserved}: the extra batches would be throttled back to the queue"
            )
    visibility = queue.visibility_timeout_seconds
    if visibility is None:  # 0 is a setting, not SQS's default
        visibility = SQS_DEFAULT_VISIBILITY_SECONDS
    needed = SQS_VISIBILITY_FACTOR * function.timeout_seconds + window
    if visibility < needed:
        problems.append(
            f"queue {queue.name}: visibility timeout {visibility} s is under {SQS_VISIBILITY_FACTOR} x the function "
            f"timeout {function.timeout_seconds} s + the batching window {window} s = {needed} s"
        )
    return problems


class SqsEventSource(cdk.Construct):
    """`queue` feeds `function` in batches; `.mapping`.

    Default settings: batches of 10, no batching window, no maximum concurrency.
    Forced: partial batch responses; the consume grant (receive, delete,
    change visibility, get attributes) on exactly this queue; refused at
    synth time: a batch over 10 without a window, a maximum concurrency
    above the function's reserved concurrency, and a queue visibility
    timeout under 6 x the function timeout + the window.
    """

    def __init__(self, scope: cdk.Construct, id_: str, queue: SecureQueue, function: TracedLambda, props: SqsSourceProps) -> None:
        super().__init__(scope, id_)
        problems = sqs_source_problems(props, queue, function)
        if problems:
            raise ValueError("SqsSourceProps: " + "; ".join(problems))
        queue.grant_consume(function)
        self.mapping = cdk.LambdaEventSourceMapping(
            self,
            "mapping",
            event_source_arn=queue.arn,
            function_name=function.function.arn,
            batch_size=props.batch_size,
            maximum_batching_window_in_seconds=props.maximum_batching_window_seconds or None,
            function_response_types=PARTIAL_BATCH_RESPONSES,
            scaling_config=cdk.LambdaEventSourceMappingScalingConfig(maximum_concurrency=props.maximum_concurrency)
            if props.maximum_concurrency
            else None,
        )
        function.wait_for_policies(self.mapping)


def _filters(patterns: Sequence[Mapping]) -> cdk.LambdaEventSourceMappingFilterCriteria | None:
    if not patterns:
        return None
    return cdk.LambdaEventSourceMappingFilterCriteria(
        filter=[cdk.LambdaEventSourceMappingFilterCriteriaFilter(pattern=json.dumps(p, sort_keys=True)) for p in patterns]
    )
