"""AWS clients built once per container, on first use, each service with its own settings; swappable in tests."""

import threading
from typing import Any, Dict, Mapping

import boto3
from botocore.config import Config


class ClientCache:
    """``get("dynamodb")`` builds the client with ``configs["dynamodb"]`` once; ``swap`` puts in a stand-in.

    Creation is locked: the default boto3 session is not thread-safe, and
    handlers with a write pool ask from several threads at once.
    """

    def __init__(self, configs: Mapping[str, Config]) -> None:
        self._configs = dict(configs)
        self._clients: Dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, service: str) -> Any:
        client = self._clients.get(service)
        if client is None:
            with self._lock:
                client = self._clients.get(service)
                if client is None:
                    client = self._clients[service] = boto3.client(service, config=self._configs[service])
        return client

    def swap(self, service: str, client: Any) -> None:
        self._clients[service] = client

    def reset(self) -> None:
        with self._lock:
            self._clients.clear()
