"""Pacing and progress for long runs: at most `rate` replays a second, `n/total at r/s` on every line, a summary."""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

REPLAYED, SKIPPED, FAILED, PLANNED = "replayed", "skipped", "failed", "planned"  # PLANNED: what --dry-run would do


class Throttle:
    """`wait()` before each action keeps them at most `rate` per second (rate <= 0: no limit)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.clock, self.sleep = clock, sleep
        self.next_at: float | None = None

    def wait(self) -> None:
        now = self.clock()
        if self.next_at is not None and now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


@dataclass
class Progress:
    """Counts by outcome, printed as `[done/~total r/s]` before each line and as a summary at the end."""

    total: int  # what the run expects to handle (SQS's count is approximate: shown as ~total)
    out: TextIO
    clock: Callable[[], float] = time.monotonic
    counts: Counter = field(default_factory=Counter)
    started: float = 0.0
    first_done: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.clock()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def rate(self) -> float:
        """The pace between the first action's end and the last's (0 until there are two)."""
        elapsed = self.clock() - self.first_done
        return (self.done - 1) / elapsed if elapsed > 0 and self.done > 1 else 0.0

    def line(self, outcome: str, text: str) -> None:
        if not self.counts:
            self.first_done = self.clock()
        self.counts[outcome] += 1
        print(f"[{self.done}/~{max(self.total, self.done)} {self.rate():.1f}/s] {outcome:<8} {text}", file=self.out)

    def summary(self, where: str) -> str:
        shown = [REPLAYED, SKIPPED, FAILED] + ([PLANNED] if self.counts[PLANNED] else [])
        counts = ", ".join(f"{self.counts[outcome]} {outcome}" for outcome in shown)
        elapsed = self.clock() - self.started
        return f"{counts} in {elapsed:.1f} s ({self.rate():.1f}/s) from {where}"
