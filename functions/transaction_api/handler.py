"""transaction-api Lambda (API Gateway REST, Lambda proxy integration).

POST /upload records a PENDING upload and answers a presigned PUT URL;
GET /status/{transaction_id} and GET /uploads/{upload_id} read one item each.
Never raises and never shows a stack trace: every outcome is a JSON answer
(4xx naming the problem, 503 "...; retry" for AWS failures, 500 for
a misconfiguration or a bug, logged).

The presigned URL signs only the host header: it binds no Content-Type (a
merchant may PUT with any or none) and no encryption headers (the bucket's
default SSE-KMS applies).
"""

import logging
from datetime import datetime, timezone
from typing import Any, Dict

from lambda_kit.deadline import Deadline
from lambda_kit.http import error_response, json_response
from lambda_kit.logs import log_json
from upload_api import routing
from upload_api.actions import ACTIONS, Request
from upload_api.errors import HttpError
from upload_api.settings import Settings

logger = logging.getLogger("transaction_api")
logger.setLevel(logging.INFO)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def handler(event: Any, context: Any) -> Dict[str, Any]:
    try:
        return _handle(event, context)
    except Exception:  # a bug, not a bad request: the trace goes to the log, never to the caller
        logger.exception("unexpected error")
        log_json(logger, logging.ERROR, "internal_error", status=500)
        return error_response(500, "internal error")


def _handle(event: Any, context: Any) -> Dict[str, Any]:
    deadline = Deadline.from_context(context)
    log_fields: Dict[str, Any] = {}
    action = None
    try:
        route = routing.resolve(event)
        action = route.action
        request = Request(route, Settings.from_env(), deadline, utc_now(), log_fields)
        body = ACTIONS[route.action](request)
    except HttpError as error:
        level = logging.ERROR if error.status_code >= 500 else logging.WARNING
        log_json(logger, level, "rejected", action=action, status=error.status_code, error=error.message,
                 detail=error.detail, **log_fields)
        response = error_response(error.status_code, error.message)
        response["headers"].update(error.headers)
        return response
    log_json(logger, logging.INFO, "answered", action=action, status=200, **log_fields)
    return json_response(200, body)
