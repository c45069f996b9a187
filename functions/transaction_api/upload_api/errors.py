"""Errors that end a request with an HTTP status and ``{"error": message}``."""

from contextlib import contextmanager
from typing import Dict, Iterator, Optional

from botocore.exceptions import BotoCoreError, ClientError


def aws_error_code(error: Exception) -> str:
    """For the log: a ClientError's AWS code, else the exception's type (timeouts...)."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "ClientError")
    return type(error).__name__


class HttpError(Exception):
    """``message`` goes to the client; ``detail`` only to the log (AWS codes, variable names)."""

    status_code = 500

    def __init__(self, message: str, detail: Optional[str] = None, headers: Optional[Dict[str, str]] = None):
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.headers = headers or {}


class BadRequest(HttpError):
    status_code = 400


class NotFound(HttpError):
    status_code = 404


class MethodNotAllowed(HttpError):
    status_code = 405

    def __init__(self, method: str, allowed: str) -> None:
        super().__init__(f"method {method[:16]} not allowed here; use {allowed}", headers={"Allow": allowed})


class Misconfigured(HttpError):
    """A deployment error (missing environment variable), never the client's fault."""

    def __init__(self, detail: str) -> None:
        super().__init__("transaction-api is misconfigured", detail)


class ServiceUnavailable(HttpError):
    status_code = 503

    def __init__(self, what: str, detail: Optional[str] = None) -> None:
        super().__init__(f"{what}; retry", detail)


@contextmanager
def aws_step(what: str) -> Iterator[None]:
    """Any AWS failure inside (after botocore's bounded retries) becomes a 503 saying ``what``."""
    try:
        yield
    except (ClientError, BotoCoreError) as error:
        raise ServiceUnavailable(what, aws_error_code(error)) from error
