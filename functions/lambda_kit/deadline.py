"""Never start an AWS call that cannot finish before the invocation's deadline.

botocore's standard retry mode is the only retry layer. Its worst case for
one call is every attempt timing out plus the longest backoff between them,
so a caller asks ``deadline.fits(calls, config)`` (or ``require``) before it
starts work that must not be cut off by Lambda's timeout.
"""

import time
from dataclasses import dataclass
from typing import Any, Callable

from botocore.config import Config

# Three attempts in all (botocore's "max_attempts" would count retries only).
CLIENT_CONFIG = Config(
    connect_timeout=2,
    read_timeout=5,
    retries={"total_max_attempts": 3, "mode": "standard"},
)
DEFAULT_RESERVE_MS = 500  # to log, answer and return after the last call

# botocore standard mode waits rand(0, 1) * min(2 ** (i - 1), 20) s before
# retry i for throttling errors (25-50 ms base for others).
_THROTTLING_BACKOFF_BASE_MS = 1_000
_MAX_BACKOFF_MS = 20_000


def worst_case_call_ms(config: Config) -> int:
    """Longest one API call can take with ``config``: every attempt times out, max backoff.

    Assumes the service sends no ``x-amz-retry-after`` header, which botocore
    could honour for up to 5 s more.
    """
    attempts = config.retries["total_max_attempts"]
    per_attempt_ms = int((config.connect_timeout + config.read_timeout) * 1000)
    backoff_ms = sum(
        min(_THROTTLING_BACKOFF_BASE_MS * 2**retry, _MAX_BACKOFF_MS) for retry in range(attempts - 1)
    )
    return attempts * per_attempt_ms + backoff_ms


class OutOfTime(RuntimeError):
    """Too little time is left to finish the next step: leave it for a retry."""


def _monotonic() -> float:
    return time.monotonic()  # looked up per call, so tests can replace ``deadline.time``


@dataclass(frozen=True)
class Deadline:
    at: float  # in ``clock`` seconds
    clock: Callable[[], float] = _monotonic

    @classmethod
    def from_context(
        cls, context: Any, reserve_ms: int = DEFAULT_RESERVE_MS, clock: Callable[[], float] = _monotonic
    ) -> "Deadline":
        """The function's own deadline less ``reserve_ms`` (no context: unlimited, for scripts)."""
        get_remaining = getattr(context, "get_remaining_time_in_millis", None)
        remaining_ms = int(get_remaining()) if callable(get_remaining) else 10**9
        return cls(at=clock() + (remaining_ms - reserve_ms) / 1000, clock=clock)

    def remaining_ms(self) -> int:
        return int((self.at - self.clock()) * 1000)

    def fits(self, calls: int = 1, config: Config = CLIENT_CONFIG) -> bool:
        return calls * worst_case_call_ms(config) <= self.remaining_ms()

    def require(self, calls: int = 1, config: Config = CLIENT_CONFIG) -> None:
        """``OutOfTime`` unless ``calls`` calls with ``config`` still fit."""
        if not self.fits(calls, config):
            raise OutOfTime(f"{self.remaining_ms()} ms left, {calls} call(s) need up to "
                            f"{calls * worst_case_call_ms(config)} ms")
