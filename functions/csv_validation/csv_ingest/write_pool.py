"""Concurrent writes with memory bounded by the pool, and one write per key at a time.

At most ``limit`` tasks are in flight; ``submit`` blocks until a slot is free,
so the reader never runs ahead of the writers and nothing grows with the
file. A task whose key is already in flight waits for that one to finish
first: two rows with the same transaction id are written in file order, so
the second one is the one its conditional write refuses.

A task's exception is raised by the ``submit`` or ``drain`` that collects it;
the caller then stops submitting, and leaving the executor's ``with`` block
waits for the writes still in flight.
"""

from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Callable, Dict, Generic, Iterable, List, TypeVar

T = TypeVar("T")


class WritePool(Generic[T]):
    def __init__(self, executor: Executor, limit: int) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._executor = executor
        self._limit = limit
        self._in_flight: Dict["Future[T]", str] = {}
        self._by_key: Dict[str, "Future[T]"] = {}

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def submit(self, key: str, task: Callable[[], T]) -> List[T]:
        """Start ``task`` once ``key`` and a slot are free; the results of the tasks that finished."""
        results: List[T] = []
        earlier = self._by_key.get(key)
        if earlier is not None:
            wait([earlier])
            results += self._collect(f for f in list(self._in_flight) if f.done())
        while len(self._in_flight) >= self._limit:
            finished, _ = wait(list(self._in_flight), return_when=FIRST_COMPLETED)
            results += self._collect(finished)
        future = self._executor.submit(task)
        self._in_flight[future] = key
        self._by_key[key] = future
        return results

    def drain(self) -> List[T]:
        """Wait for every task in flight; their results."""
        finished, _ = wait(list(self._in_flight))
        return self._collect(finished)

    def _collect(self, finished: Iterable["Future[T]"]) -> List[T]:
        done = list(finished)
        for future in done:
            key = self._in_flight.pop(future)
            if self._by_key.get(key) is future:
                del self._by_key[key]
        return [future.result() for future in done]
