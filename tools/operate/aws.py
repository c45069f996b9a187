"""The AWS clients the commands use, built on first use in one region; tests and the demo pass stand-ins."""

from typing import Any

from botocore.config import Config

SERVICES = ("sqs", "lambda", "cloudwatch", "dynamodb", "dynamodbstreams")
DEFAULT_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"total_max_attempts": 3, "mode": "standard"})
ANSWER_MARGIN_SECONDS = 30  # beyond the function's timeout, before a synchronous invoke is given up on


def invoke_seconds(function_timeout_seconds: int | None) -> int:
    """How long an invoke may take before it answers: the function's whole timeout, and a margin."""
    return (function_timeout_seconds or 0) + ANSWER_MARGIN_SECONDS


def lambda_config(function_timeout_seconds: int | None) -> Config:
    """Lambda's client: a synchronous replay (a stream's) may take the function's whole timeout to answer.

    One attempt: a retried invoke after a read timeout could replay the event twice; a failed replay leaves
    the message parked, and the operator runs the command again.
    """
    return Config(connect_timeout=5, read_timeout=invoke_seconds(function_timeout_seconds),
                  retries={"total_max_attempts": 1, "mode": "standard"})


class AwsClients:
    def __init__(self, region: str, function_timeout_seconds: int | None = None, **stand_ins: Any) -> None:
        """`function_timeout_seconds`: of the function a replay invokes (the parking place's), for Lambda's client."""
        unknown = set(stand_ins) - set(SERVICES)
        if unknown:
            raise ValueError(f"no such client: {sorted(unknown)}")
        self.region = region
        self.configs = {"lambda": lambda_config(function_timeout_seconds)}
        self._clients: dict[str, Any] = dict(stand_ins)

    def get(self, service: str) -> Any:
        """The client for `service` (one of SERVICES): the stand-in given, else boto3's."""
        if service not in SERVICES:
            raise ValueError(f"no such client: {service}")
        if service not in self._clients:
            import boto3  # noqa: PLC0415 - only when a real client is needed

            self._clients[service] = boto3.client(service, region_name=self.region,
                                                  config=self.configs.get(service, DEFAULT_CONFIG))
        return self._clients[service]
