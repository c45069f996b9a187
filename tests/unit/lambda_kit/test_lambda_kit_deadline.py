"""Deadline: a call starts only when its worst case fits the time left."""

from dataclasses import dataclass

import pytest
from botocore.config import Config

from lambda_kit.deadline import CLIENT_CONFIG, Deadline, OutOfTime, worst_case_call_ms


@dataclass
class Context:
    remaining: int

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_worst_case_counts_every_attempt_and_backoff():
    # 3 attempts x (2 s + 5 s) + backoff 1 s + 2 s
    assert worst_case_call_ms(CLIENT_CONFIG) == 3 * 7_000 + 1_000 + 2_000
    one_try = Config(connect_timeout=0.5, read_timeout=1, retries={"total_max_attempts": 1, "mode": "standard"})
    assert worst_case_call_ms(one_try) == 1_500


def test_deadline_keeps_a_reserve_and_follows_the_clock():
    clock = Clock()
    deadline = Deadline.from_context(Context(60_000), reserve_ms=500, clock=clock)
    assert deadline.remaining_ms() == 59_500
    clock.now += 10
    assert deadline.remaining_ms() == 49_500


def test_a_call_fits_only_when_its_worst_case_does():
    clock = Clock()
    worst = worst_case_call_ms(CLIENT_CONFIG)
    deadline = Deadline.from_context(Context(worst + 500), reserve_ms=500, clock=clock)
    assert deadline.fits(1)
    assert not deadline.fits(2)
    clock.now += 0.001
    assert not deadline.fits(1)
    with pytest.raises(OutOfTime, match="call"):
        deadline.require(1)


def test_no_context_means_no_deadline():
    assert Deadline.from_context(None).fits(100)
