"""The validator's AWS clients: built once per container, swappable in tests.

Two sets of settings, picked per request from the time left (see ``budget``):
``CLIENT_CONFIG`` when the claim, the hand-off and the release all fit with
retries, ``SHORT_CLIENT_CONFIG`` (one short attempt each) when only that fits.
A client is built on first use per settings and reused for the life of the
container (creation is locked: the default boto3 session is not thread-safe).

Tests replace a client by assigning to it (``clients.lambda_ = FakeLambda()``):
the replacement is then used whatever settings a request picks.
``clients.reset()`` drops everything.
"""

import threading
from typing import Any, Dict, Tuple

import boto3
from botocore.config import Config

# Every AWS call must end well inside API Gateway's 29 s integration limit and
# the function's 30 s timeout, with time left to release the dedup claim when
# the hand-off fails. botocore's defaults (60 s read, 3-4 attempts) would let
# a single slow call outlive the function.
# NB: botocore's "max_attempts" counts *retries*; "total_max_attempts" counts
# all attempts including the first, which is what we mean by 2.
CLIENT_CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    retries={"total_max_attempts": 2, "mode": "standard"},
)
SHORT_CLIENT_CONFIG = Config(
    connect_timeout=0.5,
    read_timeout=1,
    retries={"total_max_attempts": 1, "mode": "standard"},
)
# Longest first: a request uses the first whose worst case fits its time left.
CONFIGS_BY_WORST_CASE = (CLIENT_CONFIG, SHORT_CLIENT_CONFIG)

# botocore standard mode waits rand(0, 1) * min(2 ** (i - 1), 20) s before
# retry i for throttling errors (25-50 ms base for others).
_THROTTLING_BACKOFF_BASE_MS = 1_000
_MAX_BACKOFF_MS = 20_000

_SERVICES = {"dynamodb": "dynamodb", "lambda_": "lambda", "secretsmanager": "secretsmanager"}


def worst_case_call_ms(config: Config) -> int:
    """Longest one API call can take with ``config``: every attempt times out, max backoff.

    Assumes the service sends no ``x-amz-retry-after`` header (DynamoDB and
    Lambda do not), which botocore could honour for up to 5 s more.
    """
    attempts = config.retries["total_max_attempts"]
    per_attempt_ms = int((config.connect_timeout + config.read_timeout) * 1000)
    backoff_ms = sum(
        min(_THROTTLING_BACKOFF_BASE_MS * 2 ** retry, _MAX_BACKOFF_MS) for retry in range(attempts - 1)
    )
    return attempts * per_attempt_ms + backoff_ms


def _swappable(name: str) -> property:
    def get(self: "AwsClients") -> Any:
        return self.get(name)

    def swap(self: "AwsClients", client: Any) -> None:
        self._swapped[name] = client

    return property(get, swap, doc=f"The {_SERVICES[name]} client with CLIENT_CONFIG (or a test's stand-in).")


class AwsClients:
    dynamodb = _swappable("dynamodb")
    lambda_ = _swappable("lambda_")
    secretsmanager = _swappable("secretsmanager")

    def __init__(self) -> None:
        self._built: Dict[Tuple[str, int], Any] = {}
        self._swapped: Dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, config: Config = CLIENT_CONFIG) -> Any:
        """The client for ``name`` (``dynamodb``, ``lambda_``, ``secretsmanager``) with ``config``."""
        if name in self._swapped:
            return self._swapped[name]
        key = (name, id(config))
        client = self._built.get(key)
        if client is None:
            with self._lock:
                client = self._built.get(key)
                if client is None:
                    client = boto3.client(_SERVICES[name], config=config)
                    self._built[key] = client
        return client

    def reset(self) -> None:
        with self._lock:
            self._built.clear()
            self._swapped.clear()


clients = AwsClients()
