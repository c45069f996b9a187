"""Errors that end a request with a given HTTP status and ``{"error": message}``."""

from typing import Optional

from botocore.exceptions import ClientError
from webhook_events.metrics import RejectReason


def aws_error_code(error: Exception) -> str:
    """For the log: a ClientError's AWS code, else the exception's type (timeouts...)."""
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code", "ClientError")
    return type(error).__name__


class HttpError(Exception):
    """Base class: ``status_code`` is the HTTP status, ``message`` the client-facing text.

    ``detail`` is for the log only (AWS error codes, variable names), never the client.
    ``reason`` is the code the ``DeliveriesRejected`` metric counts it under.
    """

    status_code = 500
    reason = RejectReason.INTERNAL_ERROR

    def __init__(self, message: str, detail: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class BadRequest(HttpError):
    """The body cannot be read as a JSON document."""

    status_code = 400
    reason = RejectReason.MALFORMED_BODY


class InvalidEvent(BadRequest):
    """The body is JSON, but not an event the pipeline takes."""

    reason = RejectReason.INVALID_EVENT


class SignatureError(HttpError):
    status_code = 401
    reason = RejectReason.BAD_SIGNATURE


class DuplicateEvent(HttpError):
    """Counted as ``DeliveriesDuplicate``, not as a rejection."""

    status_code = 409

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Duplicate event", detail)


class PayloadTooLarge(HttpError):
    status_code = 413
    reason = RejectReason.TOO_LARGE


class HandOffFailed(HttpError):
    status_code = 502
    reason = RejectReason.HAND_OFF_FAILED

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Event could not be handed to the router; retry", detail)


class ServiceUnavailable(HttpError):
    """The dedup claim could not be written (subclasses: other steps that could not run)."""

    status_code = 503
    reason = RejectReason.CLAIM_FAILED


class SecretUnavailable(ServiceUnavailable):
    reason = RejectReason.SECRET_UNAVAILABLE

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Signing secret unavailable", detail)


class Misconfigured(HttpError):
    """A deployment error (missing environment variable), never the client's fault."""

    status_code = 500
    reason = RejectReason.MISCONFIGURED

    def __init__(self, detail: Optional[str] = None) -> None:
        super().__init__("Validator is misconfigured", detail)
