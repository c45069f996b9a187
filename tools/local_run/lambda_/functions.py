"""Run a Lambda handler in-process, as Lambda would: its zip root importable, its declared environment set.

`functions/<name>/handler.py` is loaded once as module `<name>_handler`,
as Lambda loads its zip (tools/function_code.py). Environment variables
are process-wide, so invocations run one at a time under one lock: the
function's declared variables and Lambda's own (AWS_LAMBDA_FUNCTION_NAME,
...) are set for the invocation and removed after it. The endpoint and credential variables are
the process's own, set once by the local run.

The timeout reaches the handler through the context (its deadline logic
runs) but is not enforced: a thread cannot be stopped.
"""

import logging
import os
import threading
import time
import traceback
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tools.function_code import load_handler
from tools.local_run.asset_hash import FunctionCode

logger = logging.getLogger("local_run.functions")
_LOCK = threading.Lock()  # one invocation at a time: environment variables are process-wide


class FunctionError(Exception):
    """The handler raised: Lambda's "Unhandled" function error, with its error payload."""

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__(f"{payload.get('errorType')}: {payload.get('errorMessage')}")
        self.payload = payload


@dataclass
class LambdaContext:
    function_name: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    started: float = field(default_factory=time.monotonic)

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"local/{self.aws_request_id}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.started + self.timeout_seconds - time.monotonic()) * 1000))


def error_payload(error: BaseException) -> dict[str, Any]:
    """What Lambda's Python runtime answers for an unhandled exception."""
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "requestId": "",
        "stackTrace": traceback.format_tb(error.__traceback__),
    }


@dataclass
class LocalFunction:
    name: str
    arn: str
    code: FunctionCode
    environment: Mapping[str, str]
    timeout_seconds: int
    memory_mb: int
    runtime: str = "python3.11"
    handler: str = "handler.handler"

    def lambda_variables(self, context: LambdaContext) -> dict[str, str]:
        return {
            "AWS_LAMBDA_FUNCTION_NAME": self.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.memory_mb),
            "AWS_LAMBDA_LOG_GROUP_NAME": context.log_group_name,
            "AWS_LAMBDA_LOG_STREAM_NAME": context.log_stream_name,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{self.runtime}",
            "LAMBDA_TASK_ROOT": str(self.code.directory),
            "_HANDLER": self.handler,
        }

    def invoke(self, event: Any) -> Any:
        """The handler's answer; FunctionError when it raised."""
        module_name, _, function_name = self.handler.rpartition(".")
        if module_name != "handler":
            raise ValueError(f"{self.name}: handler {self.handler!r} is not handler.<function>")
        with _LOCK:
            context = LambdaContext(self.name, self.arn, self.memory_mb, self.timeout_seconds)
            variables = {**self.lambda_variables(context), **self.environment}
            saved = {name: os.environ.get(name) for name in variables}
            os.environ.update(variables)
            try:
                entry = getattr(load_handler(self.code.directory), function_name)
                return entry(event, context)
            except Exception as error:  # noqa: BLE001 - Lambda reports every exception the same way
                logger.warning("%s failed: %s: %s", self.name, type(error).__name__, error)
                raise FunctionError(error_payload(error)) from error
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
                logger.info("%s: %s ms", self.name, int((time.monotonic() - context.started) * 1000))


class Functions:
    """Every function of the local run, by name and by ARN."""

    def __init__(self) -> None:
        self._by_name: dict[str, LocalFunction] = {}

    def add(self, function: LocalFunction) -> None:
        if function.name in self._by_name:
            raise ValueError(f"two stacks declare a function named {function.name}")
        self._by_name[function.name] = function

    def find(self, name_or_arn: str) -> LocalFunction:
        """By name, ARN or partial ARN (`function:<name>`), with or without `:$LATEST`; KeyError if none."""
        name = name_or_arn.removesuffix(":$LATEST")
        if ":function:" in name or name.startswith("function:"):
            name = name.split("function:", 1)[1].split(":", 1)[0]
        return self._by_name[name]

    def __iter__(self):
        return iter(self._by_name.values())
