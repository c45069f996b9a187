"""The write pool's bounds and per-key order, and the tally's cap on stored errors, pure."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from csv_validation_support import load_handler

load_handler("csv_validation")

from csv_ingest.model import RowError  # noqa: E402
from csv_ingest.tally import UploadTally  # noqa: E402
from csv_ingest.write_pool import WritePool  # noqa: E402


class Recorder:
    """Tasks that note when they start and end, and how many run at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.log = []

    def task(self, name: str, key: str, seconds: float = 0.01):
        def run():
            with self.lock:
                self.running += 1
                self.peak = max(self.peak, self.running)
                self.log.append(("start", name, key))
            time.sleep(seconds)
            with self.lock:
                self.running -= 1
                self.log.append(("end", name, key))
            return name

        return run


def test_no_more_than_the_limit_in_flight_and_every_result_comes_back():
    # GIVEN a pool of 4 and 40 tasks with distinct keys
    recorder = Recorder()
    with ThreadPoolExecutor(max_workers=4) as executor:
        pool = WritePool(executor, 4)
        results = []
        for i in range(40):
            results += pool.submit(f"k{i}", recorder.task(f"t{i}", f"k{i}"))
            # THEN the pool never holds more than 4
            assert pool.in_flight <= 4
        results += pool.drain()
    assert sorted(results) == sorted(f"t{i}" for i in range(40))
    assert recorder.peak == 4  # and they did run concurrently
    assert pool.in_flight == 0


def test_a_key_in_flight_is_finished_before_the_next_task_with_that_key_starts():
    # GIVEN a slow first task for key "dup", then other keys, then "dup" again
    recorder = Recorder()
    with ThreadPoolExecutor(max_workers=8) as executor:
        pool = WritePool(executor, 8)
        pool.submit("dup", recorder.task("first", "dup", seconds=0.2))
        pool.submit("other", recorder.task("other", "other"))
        pool.submit("dup", recorder.task("second", "dup"))
        pool.drain()
    # THEN "second" started only after "first" ended
    assert recorder.log.index(("end", "first", "dup")) < recorder.log.index(("start", "second", "dup"))


def test_a_failed_task_raises_when_collected():
    def boom():
        raise RuntimeError("write failed")

    with ThreadPoolExecutor(max_workers=2) as executor:
        pool = WritePool(executor, 2)
        pool.submit("a", boom)
        with pytest.raises(RuntimeError, match="write failed"):
            pool.drain()


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        WritePool(ThreadPoolExecutor(max_workers=1), 0)


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
