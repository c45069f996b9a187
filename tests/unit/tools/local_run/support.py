"""Helpers for the local run's tests: stand-in functions, and a LocalAws provisioning onto moto's mock."""

import json
from dataclasses import dataclass, field
from typing import Any

import boto3

from tools.local_run.lambda_.async_invoke import AsyncInvoker
from tools.local_run.lambda_.functions import FunctionError, error_payload
from tools.local_run.run import LocalAws

REGION = "us-east-1"
ACCOUNT = "123456789012"


@dataclass
class StandInFunction:
    """Answers `answer(event)` (or raises it) and records every event; what mappings and invokers call."""

    name: str = "stand-in"
    answer: Any = None
    events: list = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.name}"

    def invoke(self, event: Any) -> Any:
        self.events.append(event)
        result = self.answer(event) if callable(self.answer) else self.answer
        if isinstance(result, Exception):
            raise FunctionError(error_payload(result))
        return result


class MockedLocalAws(LocalAws):
    """A LocalAws whose clients are moto's in-process mock (use inside `mocked_aws`); nothing started."""

    def __init__(self) -> None:
        super().__init__()
        self._clients: dict[str, Any] = {}
        self.invoker = AsyncInvoker(self.functions, self.clients)

    def clients(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = boto3.client(service, region_name=REGION)
        return self._clients[service]


def environment_of(stack: dict, function_name: str) -> dict[str, str]:
    for body in stack["resource"]["aws_lambda_function"].values():
        if body["function_name"] == function_name:
            return body["environment"]["variables"]
    raise KeyError(function_name)


def parsed(text: str) -> dict:
    return json.loads(text)
