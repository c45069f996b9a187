"""What can go wrong with one message, and with the deployment."""

from botocore.exceptions import ClientError


class Misconfigured(RuntimeError):
    """The function's environment is wrong: the whole invocation fails, every message is retried."""


class MalformedMessage(ValueError):
    """The message breaks the contract and can never succeed; ``reason`` names the problem.

    The reason is short and never carries the whole payload: it goes into the
    DLQ message's ``error_reason`` attribute and into the log.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StepFailed(RuntimeError):
    """An AWS step (``put``, ``publish``, ``mark``, ``dead_letter``) failed or did not fit in time.

    The message is then reported in ``batchItemFailures`` for SQS to redeliver.
    """

    def __init__(self, step: str, error_code: str) -> None:
        super().__init__(f"{step} failed: {error_code}")
        self.step = step
        self.error_code = error_code


def aws_error_code(error: Exception) -> str:
    """For the log: a ClientError's AWS code, else the exception's type (timeouts, OutOfTime...)."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "ClientError")
    return type(error).__name__


_JSON_TYPE_NAMES = {"dict": "object", "list": "array", "str": "string", "Decimal": "number", "int": "number",
                   "float": "number", "bool": "boolean", "NoneType": "null", "UnreadableNumber": "number"}


def json_type_name(value: object) -> str:
    """``value``'s JSON type (``object``, ``array``, ``string``, ``number``, ``boolean``, ``null``)."""
    return _JSON_TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def shorten(value: object, limit: int = 40) -> str:
    """``ascii(value)`` cut to ``limit`` characters: names a bad value without copying it whole,
    in characters every log and SQS attribute accepts."""
    text = ascii(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
