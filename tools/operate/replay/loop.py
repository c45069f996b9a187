"""The one loop every message-by-message redrive runs: receive, replay, delete only what was accepted.

A message is deleted only after its replay was accepted (an invoke's 202 or clean synchronous answer, a
MessageId from SQS). Anything else leaves it parked: it is handed back (visibility 0) when the run ends, and the
run's answer says so. A replay that raises or is refused stops the run (at 3 a.m. the next one would fail the
same way); a message that cannot be replayed as it is (skipped by choice, or needing an operator's decision) is
left parked and the run goes on. `--dry-run` receives the same way and only says what it would do.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from tools.operate import queues
from tools.operate.masking import short
from tools.operate.progress import FAILED, PLANNED, REPLAYED, SKIPPED, Progress, Throttle

MAX_VISIBILITY_SECONDS = 43_200  # SQS's ceiling


@dataclass(frozen=True)
class Outcome:
    status: str  # REPLAYED (then deleted), SKIPPED (left parked by choice), FAILED (left parked)
    detail: str
    stop: bool = False  # FAILED: stop the run (the replay itself failed), or go on (this message needs a decision)


def replayed(detail: str) -> Outcome:
    return Outcome(REPLAYED, detail)


def skipped(detail: str) -> Outcome:
    return Outcome(SKIPPED, detail)


def failed(detail: str, stop: bool = True) -> Outcome:
    return Outcome(FAILED, detail, stop)


@dataclass
class RunResult:
    progress: Progress
    stopped: str | None = None  # why the run stopped early
    left_parked: int = 0  # visible in the queue once the run handed everything back

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.progress.counts[FAILED] == 0


def run(sqs: Any, url: str, replay: Callable[[dict], Outcome], describe: Callable[[dict], str], *,
        limit: int, progress: Progress, throttle: Throttle, seconds_per_replay: float, dry_run: bool = False,
        batch: int = queues.MAX_BATCH, out: TextIO) -> RunResult:
    """Replay up to `limit` messages of the queue at `url`; every message not deleted is handed back at the end."""
    result, held, seen = RunResult(progress), [], set()
    per_message = seconds_per_replay + throttle.interval
    try:
        while progress.done < limit and result.stopped is None:
            want = min(batch, limit - progress.done)
            # Held long enough for every message of the batch to be replayed and deleted before SQS hands it out again.
            visibility = min(MAX_VISIBILITY_SECONDS, int(want * per_message) + 30)
            received = queues.receive(sqs, url, want, visibility)
            fresh = [m for m in received if m["MessageId"] not in seen]
            held += [m for m in received if m["MessageId"] in seen]  # seen again (skipped earlier): hand back too
            if not fresh:
                break
            for index, message in enumerate(fresh):
                seen.add(message["MessageId"])
                what = describe(message)  # before the replay: what it is about to do
                if dry_run:
                    held.append(message)
                    progress.line(PLANNED, f"would {what}")
                    continue
                outcome = _replay_one(replay, throttle, message)
                if outcome.status == REPLAYED:
                    outcome = _delete(sqs, url, message, outcome)
                if outcome.status != REPLAYED:
                    held.append(message)
                progress.line(outcome.status, f"{what}: {outcome.detail}")
                if outcome.status == FAILED and outcome.stop:
                    held += fresh[index + 1:]
                    result.stopped = outcome.detail
                    break
    finally:
        queues.release(sqs, url, held)
    result.left_parked = queues.depth(sqs, url)["visible"]
    print(f"summary: {progress.summary(url.rsplit('/', 1)[-1])}; {result.left_parked} left parked", file=out)
    if result.stopped:
        print(f"stopped: {result.stopped}; every message not replayed is still parked", file=out)
    return result


def _replay_one(replay: Callable[[dict], Outcome], throttle: Throttle, message: dict[str, Any]) -> Outcome:
    throttle.wait()
    try:
        return replay(message)
    except Exception as error:  # noqa: BLE001 - any failure leaves the message parked, and is said
        return failed(f"replay failed, left parked: {type(error).__name__}: {short(error)}")


def _delete(sqs: Any, url: str, message: dict[str, Any], outcome: Outcome) -> Outcome:
    try:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    except Exception as error:  # noqa: BLE001
        return failed(f"{outcome.detail}, but the parked copy could not be deleted ({type(error).__name__}): it stays "
                      "parked and a later redrive replays it again, which the system's idempotency absorbs")
    return outcome
