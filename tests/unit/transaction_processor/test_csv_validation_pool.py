"""The write pool's bounds, per-key order and shutdown, and the tally's cap on stored errors, pure."""

import threading
import time

import pytest

from tests.unit.transaction_processor.csv_validation_support import load_handler

load_handler("csv_validation")

from csv_ingest.model import RowError  # noqa: E402
from csv_ingest.tally import UploadTally  # noqa: E402
from csv_ingest.write_pool import WritePool  # noqa: E402


class Recorder:
    """A write that notes when each row starts and ends, and how many run at once."""

    def __init__(self, seconds: dict = None) -> None:
        self.seconds = seconds or {}
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.log = []

    def __call__(self, name: str) -> str:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
            self.log.append(("start", name))
        time.sleep(self.seconds.get(name, 0.01))
        with self.lock:
            self.running -= 1
            self.log.append(("end", name))
        return name


def test_no_more_than_the_limit_in_flight_and_every_outcome_comes_back():
    # GIVEN a pool of 4 threads and 40 rows with distinct keys
    write = Recorder()
    results = []
    with WritePool(write, 4) as pool:
        for i in range(40):
            results += pool.submit(f"k{i}", f"t{i}")
            # THEN the pool never holds more than 4
            assert pool.in_flight <= 4
        results += pool.drain()
        assert pool.in_flight == 0
    assert sorted(results) == sorted(f"t{i}" for i in range(40))
    assert write.peak == 4  # and the writes did run concurrently


def test_a_key_in_flight_is_finished_before_the_next_row_with_that_key_starts():
    # GIVEN a slow first row for key "dup", another key, then "dup" again
    write = Recorder(seconds={"first": 0.2})
    with WritePool(write, 8) as pool:
        pool.submit("dup", "first")
        pool.submit("other", "other")
        pool.submit("dup", "second")
        pool.drain()
    # THEN "second" started only after "first" ended
    assert write.log.index(("end", "first")) < write.log.index(("start", "second"))


def test_a_failed_write_raises_when_collected_and_leaving_stops_every_thread():
    def write(row: str) -> str:
        if row == "bad":
            raise RuntimeError("write failed")
        return row

    before = threading.active_count()
    with pytest.raises(RuntimeError, match="write failed"):
        with WritePool(write, 2) as pool:
            pool.submit("a", "bad")
            pool.drain()
    assert threading.active_count() == before


def test_rows_not_started_when_the_pool_is_left_are_dropped():
    # GIVEN one thread busy with a slow row and a second row queued behind it
    write = Recorder(seconds={"slow": 0.2})
    with WritePool(write, 1) as pool:
        pool.submit("a", "slow")
        while not write.running:  # the slow row has started
            time.sleep(0.001)
        pool._todo.put(("b", "queued"))  # as if submitted just before the run was aborted
        pool._keys.add("b")
        pool._in_flight += 1
    # THEN the slow row finished, the queued one never started
    assert write.log == [("start", "slow"), ("end", "slow")]


def test_threads_must_be_positive():
    with pytest.raises(ValueError):
        WritePool(lambda row: row, 0)


def test_tally_keeps_the_first_errors_by_row_whatever_order_they_arrive_in():
    # GIVEN 250 errors reported in a shuffled order, cap 100
    tally = UploadTally()
    rows = list(range(2, 252))
    shuffled = rows[::2][::-1] + rows[1::2]
    for row in shuffled:
        tally.reject(RowError(row, "amount", "must be greater than 0"))
    tally.accept()
    # THEN all are counted, and the 100 lowest rows are kept in order
    assert (tally.rows_total, tally.rows_accepted, tally.rows_rejected) == (251, 1, 250)
    assert tally.errors() == [{"row": r, "column": "amount", "reason": "must be greater than 0"} for r in range(2, 102)]
