"""Concurrent writes with memory bounded by the pool, and one write per key at a time.

``threads`` worker threads take rows from a queue and hand back outcomes. At
most ``threads`` rows are in flight: ``submit`` blocks (collecting outcomes)
until one is free, so the reader never runs ahead of the writers and
nothing grows with the file. A row whose key is already in flight waits for
that one first: two rows with the same transaction id are written in file
order, so the second is the one its conditional write refuses.

Plain queues rather than futures and ``wait``: at about 0.3 vCPU (512 MB)
the per-row cost of the hand-off counts, and waiting on a set of futures
costs a lock per future in flight, per row.

A write's exception is raised by the ``submit`` or ``drain`` that collects
it. Leaving the ``with`` block (normally or on an error) stops the threads
after the writes already started; rows not yet started are dropped.
"""

import queue
import threading
from typing import Any, Callable, Generic, List, Optional, Set, Tuple, TypeVar

R = TypeVar("R")  # a row
T = TypeVar("T")  # its outcome

_STOP = object()


class WritePool(Generic[R, T]):
    def __init__(self, write: Callable[[R], T], threads: int, name: str = "csv-write") -> None:
        if threads < 1:
            raise ValueError("threads must be at least 1")
        self._write = write
        self._limit = threads
        self._todo: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        self._done: "queue.SimpleQueue[Tuple[str, Optional[T], Optional[BaseException]]]" = queue.SimpleQueue()
        self._keys: Set[str] = set()  # the keys of the rows in flight
        self._in_flight = 0
        self._stopping = False
        self._threads = [threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True) for i in range(threads)]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> "WritePool[R, T]":
        return self

    def __exit__(self, *_: Any) -> None:
        self._stopping = True
        for _thread in self._threads:
            self._todo.put(_STOP)
        for thread in self._threads:
            thread.join()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _work(self) -> None:
        while True:
            task = self._todo.get()
            if task is _STOP:
                return
            key, row = task
            if self._stopping:  # the run is over: start no new write
                self._done.put((key, None, None))
                continue
            try:
                self._done.put((key, self._write(row), None))
            except BaseException as error:  # noqa: BLE001 - handed to the caller's thread, raised there
                self._done.put((key, None, error))

    def _collect_one(self, results: List[T]) -> None:
        key, outcome, error = self._done.get()
        self._in_flight -= 1
        self._keys.discard(key)
        if error is not None:
            raise error
        results.append(outcome)  # type: ignore[arg-type]

    def submit(self, key: str, row: R) -> List[T]:
        """Start writing ``row`` once ``key`` and a thread are free; the outcomes collected meanwhile."""
        results: List[T] = []
        while key in self._keys or self._in_flight >= self._limit:
            self._collect_one(results)
        self._keys.add(key)
        self._in_flight += 1
        self._todo.put((key, row))
        return results

    def drain(self) -> List[T]:
        """Wait for every write in flight; their outcomes."""
        results: List[T] = []
        while self._in_flight:
            self._collect_one(results)
        return results
