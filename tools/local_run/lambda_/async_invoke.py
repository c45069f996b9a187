"""Lambda's asynchronous invocation: an internal queue, retries, event age, destinations.

As AWS does: an event is tried once and retried `maximum_retry_attempts`
times (default 2) while it is younger than `maximum_event_age_in_seconds`
(default 6 h); then the on-failure destination gets the invocation record
(condition RetriesExhausted or EventAgeExceeded, the request payload, the
function's error payload). A success goes to the on-success destination
when one is declared. AWS waits about 1 and 2 minutes between tries; the
local run waits RETRY_DELAYS (1 s, 2 s), so a test sees the outcome soon.
"""

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tools.local_run.lambda_ import destinations
from tools.local_run.lambda_.functions import FunctionError, Functions, LocalFunction

logger = logging.getLogger("local_run.async_invoke")
DEFAULT_RETRIES, DEFAULT_MAX_AGE_SECONDS = 2, 6 * 3600
RETRY_DELAYS = (1.0, 2.0)


@dataclass(frozen=True)
class AsyncConfig:
    maximum_retry_attempts: int = DEFAULT_RETRIES
    maximum_event_age_seconds: int = DEFAULT_MAX_AGE_SECONDS
    on_failure: str | None = None  # destination ARN
    on_success: str | None = None


@dataclass(order=True)
class _Invocation:
    due: float
    function: LocalFunction = field(compare=False)
    payload: Any = field(compare=False)
    received: float = field(compare=False)
    request_id: str = field(compare=False, default_factory=lambda: str(uuid.uuid4()))
    attempts: int = field(compare=False, default=0)


def invocation_record(invocation: _Invocation, condition: str, response: Any, failed: bool) -> dict[str, Any]:
    """The record AWS sends to a destination (Lambda Developer Guide, "Invocation records")."""
    response_context = {"statusCode": 200, "executedVersion": "$LATEST"}
    if failed:
        response_context["functionError"] = "Unhandled"
    return {
        "version": "1.0",
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "requestContext": {
            "requestId": invocation.request_id,
            "functionArn": f"{invocation.function.arn}:$LATEST",
            "condition": condition,
            "approximateInvokeCount": invocation.attempts,
        },
        "requestPayload": invocation.payload,
        "responseContext": response_context,
        "responsePayload": response,
    }


class AsyncInvoker:
    """Takes events for functions (202 at once) and runs them in the background, one worker."""

    def __init__(self, functions: Functions, clients: Callable[[str], Any]) -> None:
        self.functions, self.clients = functions, clients
        self.configs: dict[str, AsyncConfig] = {}  # function name -> its declared config
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="async-invoke", daemon=True)

    def configure(self, function_name: str, config: AsyncConfig) -> None:
        for arn in (config.on_failure, config.on_success):
            if arn:
                destinations.check_supported(arn, function_name)
        self.configs[function_name] = config

    def submit(self, function_name_or_arn: str, payload: Any) -> str:
        """Queue one event (KeyError for an unknown function); its request id."""
        function = self.functions.find(function_name_or_arn)
        now = time.monotonic()
        invocation = _Invocation(now, function, payload, now)
        self._queue.put(invocation)
        return invocation.request_id

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                invocation = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            wait = invocation.due - time.monotonic()
            if wait > 0:  # a retry not due yet: put it back, look again shortly
                self._queue.put(invocation)
                self._stop.wait(min(wait, 0.2))
                continue
            self._attempt(invocation)

    def _attempt(self, invocation: _Invocation) -> None:
        config = self.configs.get(invocation.function.name, AsyncConfig())
        if time.monotonic() - invocation.received > config.maximum_event_age_seconds:
            self._finish(invocation, config, "EventAgeExceeded", None, failed=True)
            return
        invocation.attempts += 1
        try:
            response = invocation.function.invoke(invocation.payload)
        except FunctionError as error:
            if invocation.attempts <= config.maximum_retry_attempts:
                delay = RETRY_DELAYS[min(invocation.attempts - 1, len(RETRY_DELAYS) - 1)]
                invocation.due = time.monotonic() + delay
                logger.info("%s: attempt %d failed, retry in %.0f s", invocation.function.name, invocation.attempts,
                            delay)
                self._queue.put(invocation)
                return
            self._finish(invocation, config, "RetriesExhausted", error.payload, failed=True)
            return
        self._finish(invocation, config, "Success", response, failed=False)

    def _finish(self, invocation: _Invocation, config: AsyncConfig, condition: str, response: Any,
                failed: bool) -> None:
        destination = config.on_failure if failed else config.on_success
        if destination is None:
            if failed:
                logger.warning("%s: event dropped (%s), no on-failure destination", invocation.function.name, condition)
            return
        record = invocation_record(invocation, condition, response, failed)
        try:
            destinations.send(self.clients, destination, record, invoke_async=self.submit)
        except Exception:  # noqa: BLE001 - AWS would retry a destination; the local run logs it
            logger.exception("%s: could not send to %s", invocation.function.name, destination)
