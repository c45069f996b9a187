"""Where a system parks work it could not finish: its parking places, as plain data (no cdktf).

Each system declares its own in `stacks/<system>/parking.py`, with the
labels its stack.py uses as the parked queues' construct ids (the label is
also the middle of the queue's alarm name) and the counts its stack sets.
The operator command (`python -m tools operate`) reads them through the
registry (System.parking) and names no system; tests/unit/tools/operate
checks every place against the synthesized snapshots.
"""

from dataclasses import dataclass
from enum import Enum

# constructs_lib/operational_alarms.py names each dead-letter queue's alarm `<alarm topic>-<label>-messages`.
PARKED_ALARM_SUFFIX = "messages"


class Kind(Enum):
    """What parks there, and so how a redrive puts it back (the value is how operators read it)."""

    SQS_DLQ = "SQS DLQ"  # messages a queue's consumer gave up on: moved back to that queue
    LAMBDA_ON_FAILURE = "Lambda on-failure"  # async invoke on-failure records: the function invoked again
    STREAM_ON_FAILURE = "stream on-failure"  # stream mapping on-failure records: the records replayed


@dataclass(frozen=True)
class ParkingPlace:
    system: str
    label: str  # the queue construct's label in its stack (alarm and policy names), e.g. "payments-dlq"
    queue: str
    kind: Kind
    alarm: str
    source_queue: str | None = None  # SQS_DLQ: the queue its messages came from
    max_receive_count: int | None = None  # SQS_DLQ: receives on the source queue before SQS moves a message here
    reason_attribute: str | None = None  # SQS_DLQ: the message attribute naming why a message can never succeed
    function: str | None = None  # LAMBDA_ON_FAILURE, STREAM_ON_FAILURE: the function to run again
    function_timeout_seconds: int | None = None  # ... and its timeout (a synchronous replay may take that long)
    batch_size: int | None = None  # STREAM_ON_FAILURE: records per invoke, as the mapping sends them
    table: str | None = None  # STREAM_ON_FAILURE: the table whose stream feeds the function
    lookup_table: str | None = None  # STREAM_ON_FAILURE: the upload results, to bound a re-check from the table

    def __post_init__(self) -> None:
        needed = {
            Kind.SQS_DLQ: ("source_queue", "max_receive_count"),
            Kind.LAMBDA_ON_FAILURE: ("function", "function_timeout_seconds"),
            Kind.STREAM_ON_FAILURE: ("function", "function_timeout_seconds", "batch_size", "table"),
        }[self.kind]
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise ValueError(f"parking place {self.label!r} ({self.kind.value}) needs {', '.join(missing)}")

    @property
    def replays_to(self) -> str:
        return self.source_queue or self.function


def parked_alarm(alarm_topic: str, label: str) -> str:
    """The alarm on a parking place's depth, as operational_alarms names it."""
    return f"{alarm_topic}-{label}-{PARKED_ALARM_SUFFIX}"
