"""The request's time budget: never start an AWS step that cannot finish in time.

The deadline is the earlier of the function's own (``context``) and API
Gateway's 29 s integration limit, less a reserve for building the response.
Before the claim, the validator needs time for the claim, the hand-off and a
release (three calls); before the hand-off, for the hand-off and a release or
completion (two calls). ``client_config`` picks the longest client settings
whose worst case fits; if none fits, ``OutOfTime`` (503) is raised before the
step starts, so a claim is never left without time to release it.
"""

import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

from botocore.config import Config
from webhook_events.metrics import RejectReason

from webhook_validator.aws_clients import CONFIGS_BY_WORST_CASE, worst_case_call_ms
from webhook_validator.errors import ServiceUnavailable

API_GATEWAY_LIMIT_MS = 29_000
FUNCTION_TIMEOUT_MS = 30_000
RESPONSE_RESERVE_MS = 500
CALLS_FROM_CLAIM = 3  # claim, hand-off, release
CALLS_FROM_HAND_OFF = 2  # hand-off, release or completion


def _monotonic() -> float:
    return time.monotonic()  # looked up per call, so tests can replace ``budget.time``


class OutOfTime(ServiceUnavailable):
    reason = RejectReason.OUT_OF_TIME

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Not enough time left to process the event; retry", detail)


def lambda_remaining_ms(context: Any) -> int:
    """The function's own time left; its configured timeout when there is no context."""
    get_remaining = getattr(context, "get_remaining_time_in_millis", None)
    if not callable(get_remaining):
        return FUNCTION_TIMEOUT_MS
    return int(get_remaining())


@dataclass(frozen=True)
class Deadline:
    at: float  # in ``clock`` seconds
    clock: Callable[[], float] = _monotonic

    @classmethod
    def for_invocation(cls, context: Any, clock: Callable[[], float] = _monotonic) -> "Deadline":
        usable_ms = min(lambda_remaining_ms(context), API_GATEWAY_LIMIT_MS) - RESPONSE_RESERVE_MS
        return cls(at=clock() + usable_ms / 1000, clock=clock)

    def remaining_ms(self) -> int:
        return int((self.at - self.clock()) * 1000)

    def client_config(self, calls: int) -> Config:
        """The longest client settings with which ``calls`` calls end before the deadline."""
        remaining = self.remaining_ms()
        for config in CONFIGS_BY_WORST_CASE:
            if calls * worst_case_call_ms(config) <= remaining:
                return config
        raise OutOfTime(f"{remaining} ms left, {calls} calls need more")

    def require(self, calls: int, config: Config) -> None:
        """``OutOfTime`` unless ``calls`` calls with ``config`` still fit."""
        remaining = self.remaining_ms()
        if calls * worst_case_call_ms(config) > remaining:
            raise OutOfTime(f"{remaining} ms left, {calls} calls need more")
