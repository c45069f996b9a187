"""`redrive QUEUE`: put parked messages back where they can succeed, deleting each only once its replay was accepted.

    SQS DLQ            -> its source queue: SQS's move task, or with --max (and for malformed market data) a loop
    Lambda on-failure  -> the function, invoked again (asynchronously) with the record's original payload
    stream on-failure  -> the function, with the records read again from the stream (or, --from-table, the items)

Without --max a run handles the messages parked when it started (SQS's approximate count), so a replay that
fails again and is parked again is not replayed again in the same run. Exit 0 when every message handled was
replayed or skipped by choice, 1 when one failed or still needs a decision (it is left parked).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from stacks.parking import Kind, ParkingPlace
from tools.operate import queues
from tools.operate.progress import Progress, Throttle
from tools.operate.replay import loop as replay_loop
from tools.operate.replay.dlq import DlqReplay, move_task
from tools.operate.replay.lambda_ import LambdaReplay
from tools.operate.replay.stream import StreamReplay

DEFAULT_RATE = 10.0  # messages (or invokes) a second: gentle on the systems the replays go back into


@dataclass
class RedriveOptions:
    max: int | None = None
    rate: float = DEFAULT_RATE
    dry_run: bool = False
    include_malformed: bool = False  # market data: also messages the handler parked as malformed
    from_table: bool = False  # stream on-failure: re-check the table when the stream no longer holds the records
    upload_ids: list[str] = field(default_factory=list)  # ... limited to these uploads
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def _replayer(clients: Any, place: ParkingPlace, options: RedriveOptions) -> Any:
    sqs = clients.get("sqs")
    if place.kind is Kind.SQS_DLQ:
        source_url = queues.queue_url(sqs, place.source_queue)
        return DlqReplay(place, sqs, source_url, options.include_malformed)
    if place.kind is Kind.LAMBDA_ON_FAILURE:
        return LambdaReplay(place, clients.get("lambda"))
    return StreamReplay(place, clients.get("lambda"), clients.get("dynamodbstreams"), clients.get("dynamodb"),
                        from_table=options.from_table, upload_ids=options.upload_ids)


def uses_move_task(place: ParkingPlace, options: RedriveOptions) -> bool:
    """SQS's move task: a DLQ, no --max, and nothing to leave behind (malformed market data)."""
    malformed_left = place.reason_attribute is not None and not options.include_malformed
    return place.kind is Kind.SQS_DLQ and options.max is None and not malformed_left


def run(clients: Any, place: ParkingPlace, options: RedriveOptions, out: TextIO) -> int:
    sqs = clients.get("sqs")
    url = queues.queue_url(sqs, place.queue)
    parked = queues.depth(sqs, url)["visible"]
    mode = "dry run: " if options.dry_run else ""
    if uses_move_task(place, options):
        source_url = queues.queue_url(sqs, place.source_queue)
        completed = move_task(sqs, place, url, source_url, options.rate, out, dry_run=options.dry_run,
                              clock=options.clock, sleep=options.sleep)
        return 0 if completed else 1
    limit = parked if options.max is None else options.max
    replayer = _replayer(clients, place, options)
    print(f"{mode}redrive {place.queue} ({place.kind.value}) -> {place.replays_to}: {limit} of ~{parked} parked, "
          f"at most {options.rate:g}/s", file=out)
    result = replay_loop.run(
        sqs, url, replayer.replay, replayer.describe, limit=limit,
        progress=Progress(limit, out, options.clock), throttle=Throttle(options.rate, options.clock, options.sleep),
        seconds_per_replay=replayer.seconds_per_replay, dry_run=options.dry_run,
        batch=1 if isinstance(replayer, StreamReplay) else queues.MAX_BATCH, out=out,
    )
    return 0 if result.ok else 1
