"""The AWS clients the commands use, built on first use in one region; tests and the demo pass stand-ins."""

from typing import Any

from botocore.config import Config

from stacks.transaction_processor.settings import ANOMALY_DETECTION_TIMEOUT_SECONDS

SERVICES = ("sqs", "lambda", "cloudwatch", "dynamodb", "dynamodbstreams")
# A synchronous replay (anomaly detection) may take the function's whole timeout before it answers.
# One attempt: a retried invoke after a read timeout could replay the event twice; a failed
# replay leaves the message parked, and the operator runs the command again.
CONFIGS = {
    "lambda": Config(connect_timeout=5, read_timeout=ANOMALY_DETECTION_TIMEOUT_SECONDS + 30,
                     retries={"total_max_attempts": 1, "mode": "standard"}),
}
DEFAULT_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"total_max_attempts": 3, "mode": "standard"})


class AwsClients:
    def __init__(self, region: str, **stand_ins: Any) -> None:
        unknown = set(stand_ins) - set(SERVICES)
        if unknown:
            raise ValueError(f"no such client: {sorted(unknown)}")
        self.region = region
        self._clients: dict[str, Any] = dict(stand_ins)

    def get(self, service: str) -> Any:
        """The client for `service` (one of SERVICES): the stand-in given, else boto3's."""
        if service not in SERVICES:
            raise ValueError(f"no such client: {service}")
        if service not in self._clients:
            import boto3  # noqa: PLC0415 - only when a real client is needed

            self._clients[service] = boto3.client(service, region_name=self.region,
                                                  config=CONFIGS.get(service, DEFAULT_CONFIG))
        return self._clients[service]
