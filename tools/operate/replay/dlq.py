"""Redrive an SQS DLQ to its source queue: SQS's own move task, or a bounded loop when one is needed.

Without --max, SQS moves the messages itself (StartMessageMoveTask from the DLQ to its source queue, at most
--rate messages a second); the command polls ListMessageMoveTasks and prints its progress until the task
completes, fails or is cancelled. SQS deletes each message from the DLQ only once it is in the source queue.

The move task cannot stop after N messages nor pick messages, so the loop (replay_loop.py) is used instead
when --max is given, and in the market data DLQ unless --include-malformed: it sends each message's body and
attributes to the source queue and deletes it from the DLQ only after SQS answered with a MessageId.

Malformed market data (a message the handler parked with `error_reason`) would come straight back: it is left
parked unless --include-malformed (after a producer fix, say, when the same message would now be valid).
"""

import time
from collections.abc import Callable
from typing import Any, TextIO

from stacks.parking import ParkingPlace
from tools.operate import queues
from tools.operate.masking import short
from tools.operate.replay.loop import Outcome, replayed, skipped

TERMINAL = ("COMPLETED", "CANCELLED", "FAILED")
POLL_SECONDS = 5.0
MAX_MOVE_RATE = 500  # SQS's ceiling for MaxNumberOfMessagesPerSecond


def sendable_attributes(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The message's attributes as SendMessage takes them (the move task keeps them too)."""
    kept = ("DataType", "StringValue", "BinaryValue")
    return {name: {key: value[key] for key in kept if key in value}
            for name, value in message.get("MessageAttributes", {}).items()}


class DlqReplay:
    seconds_per_replay = 1.0

    def __init__(self, place: ParkingPlace, sqs: Any, source_url: str, include_malformed: bool = False) -> None:
        self.place, self.sqs, self.source_url, self.include_malformed = place, sqs, source_url, include_malformed

    def _malformed(self, message: dict[str, Any]) -> str | None:
        reason = queues.attribute(message, self.place.reason_attribute) if self.place.reason_attribute else None
        return None if reason is None or self.include_malformed else reason

    def describe(self, message: dict[str, Any]) -> str:
        reason = self._malformed(message)
        if reason is not None:
            return f"leave {message['MessageId']} parked"
        return f"send {message['MessageId']} to {self.place.source_queue}"

    def replay(self, message: dict[str, Any]) -> Outcome:
        reason = self._malformed(message)
        if reason is not None:
            return skipped(f"malformed ({short(reason, 120)}): it would come straight back; after the producer is "
                           "fixed, redrive with --include-malformed")
        sent = self.sqs.send_message(QueueUrl=self.source_url, MessageBody=message["Body"],
                                     MessageAttributes=sendable_attributes(message))
        return replayed(f"sent to {self.place.source_queue} as {sent['MessageId']}")


def move_task(sqs: Any, place: ParkingPlace, dlq_url: str, source_url: str, rate: float, out: TextIO, *,
              dry_run: bool = False, clock: Callable[[], float] = time.monotonic,
              sleep: Callable[[float], None] = time.sleep, poll_seconds: float = POLL_SECONDS) -> bool:
    """Start SQS's move task and follow it to its end; True when it completed."""
    dlq_arn, source_arn = queues.queue_arn(sqs, dlq_url), queues.queue_arn(sqs, source_url)
    per_second = max(1, min(MAX_MOVE_RATE, int(rate)))
    count = queues.depth(sqs, dlq_url)["visible"]
    plan = (f"StartMessageMoveTask SourceArn={dlq_arn} DestinationArn={source_arn} "
            f"MaxNumberOfMessagesPerSecond={per_second}")
    if dry_run:
        print(f"dry run: would move ~{count} message(s) from {place.queue} to {place.source_queue}: {plan}", file=out)
        return True
    handle = sqs.start_message_move_task(SourceArn=dlq_arn, DestinationArn=source_arn,
                                         MaxNumberOfMessagesPerSecond=per_second)["TaskHandle"]
    print(f"started {plan}\n  (to stop it: aws sqs cancel-message-move-task --task-handle {handle})", file=out)
    started, task = clock(), {}
    while task.get("Status") not in TERMINAL:
        sleep(poll_seconds)
        tasks = sqs.list_message_move_tasks(SourceArn=dlq_arn, MaxResults=1).get("Results", [])
        task = tasks[0] if tasks else {"Status": "FAILED", "FailureReason": "SQS lists no move task for the DLQ"}
        moved, to_move = task.get("ApproximateNumberOfMessagesMoved", 0), task.get("ApproximateNumberOfMessagesToMove")
        elapsed = clock() - started
        print(f"[{moved}/~{to_move if to_move is not None else count} {moved / elapsed if elapsed > 0 else 0:.1f}/s] "
              f"move task {task.get('Status')}", file=out)
    left = queues.depth(sqs, dlq_url)["visible"]
    reason = f": {short(task['FailureReason'])}" if task.get("FailureReason") else ""
    print(f"summary: move task {task['Status']}{reason}; {task.get('ApproximateNumberOfMessagesMoved', 0)} moved "
          f"to {place.source_queue} in {clock() - started:.1f} s; {left} left parked in {place.queue}", file=out)
    return task["Status"] == "COMPLETED"
