"""Errors that end a request with a given HTTP status and ``{"error": message}``."""

from typing import Optional

from botocore.exceptions import ClientError


def aws_error_code(error: Exception) -> str:
    """For the log: a ClientError's AWS code, else the exception's type (timeouts...)."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "ClientError")
    return type(error).__name__


class HttpError(Exception):
    """Base class: ``status_code`` is the HTTP status, ``message`` the client-facing text.

    ``detail`` is for the log only (AWS error codes, variable names), never the client.
    """

    status_code = 500

    def __init__(self, message: str, detail: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class BadRequest(HttpError):
    status_code = 400


class SignatureError(HttpError):
    status_code = 401


class DuplicateEvent(HttpError):
    status_code = 409

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Duplicate event", detail)


class PayloadTooLarge(HttpError):
    status_code = 413


class HandOffFailed(HttpError):
    status_code = 502

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Event could not be handed to the router; retry", detail)


class ServiceUnavailable(HttpError):
    status_code = 503


class SecretUnavailable(ServiceUnavailable):
    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Signing secret unavailable", detail)


class Misconfigured(HttpError):
    """A deployment error (missing environment variable), never the client's fault."""

    status_code = 500

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Validator is misconfigured", detail)
