"""The validator's AWS clients: built once per container, swappable in tests.

``clients.dynamodb`` etc. are created on first use and then reused for the
life of the container. Tests replace one by assigning to it
(``clients.lambda_ = FakeLambda()``) and drop them all with ``clients.reset()``.
"""

from functools import cached_property
from typing import Any

import boto3
from botocore.config import Config

# Every AWS call must end well inside API Gateway's 29 s integration limit and
# the function's 30 s timeout, with time left to release the dedup claim when
# the hand-off fails. Worst case per call: 2 attempts x (1 s connect + 2 s
# read) + one backoff (< 1 s) ~= 7 s. botocore's defaults (60 s read, 3-4
# attempts) would let a single slow call outlive the function.
# NB: botocore's "max_attempts" counts *retries*; "total_max_attempts" counts
# all attempts including the first, which is what we mean by 2.
CLIENT_CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    retries={"total_max_attempts": 2, "mode": "standard"},
)


class AwsClients:
    @cached_property
    def dynamodb(self) -> Any:
        return boto3.client("dynamodb", config=CLIENT_CONFIG)

    @cached_property
    def lambda_(self) -> Any:
        return boto3.client("lambda", config=CLIENT_CONFIG)

    @cached_property
    def secretsmanager(self) -> Any:
        return boto3.client("secretsmanager", config=CLIENT_CONFIG)

    def reset(self) -> None:
        for name in ("dynamodb", "lambda_", "secretsmanager"):
            self.__dict__.pop(name, None)


clients = AwsClients()
