"""The AWS clients: built once per container on first use, swappable in tests.

Every client uses ``lambda_kit.deadline.CLIENT_CONFIG`` (explicit timeouts,
botocore's standard retry mode, 3 attempts in all): the only retry layer.
Tests assign a stand-in with ``clients.swap("sns", fake)`` or drop everything
with ``clients.reset()`` (each moto test builds its clients inside its mock).
"""

import threading
from typing import Any, Dict

import boto3
from lambda_kit.deadline import CLIENT_CONFIG


class AwsClients:
    def __init__(self) -> None:
        self._clients: Dict[str, Any] = {}
        self._lock = threading.Lock()  # the default boto3 session is not thread-safe

    def get(self, service: str) -> Any:
        """The client for ``service`` (``dynamodb``, ``sns``, ``sqs``)."""
        client = self._clients.get(service)
        if client is None:
            with self._lock:
                client = self._clients.get(service)
                if client is None:
                    client = self._clients[service] = boto3.client(service, config=CLIENT_CONFIG)
        return client

    def swap(self, service: str, client: Any) -> None:
        self._clients[service] = client

    def reset(self) -> None:
        with self._lock:
            self._clients.clear()


clients = AwsClients()
