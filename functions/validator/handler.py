"""Webhook validator Lambda (API Gateway REST, Lambda proxy integration).

Verify the Standard Webhooks signature on the raw body, validate the event
against ``event_schema.json``, claim its ``event_id`` in DynamoDB, hand it to
the router with an asynchronous invoke, and answer with JSON. Never raises:
every outcome is an HTTP response.

Each answer's log line carries its business metric (``outcome_log``).

Time: no AWS step starts unless it, and the release of the claim after it,
can finish before the request's deadline (``budget``); otherwise 503 before
anything is claimed, or the claim is released and 503.
"""

import logging
import time
from typing import Any, Dict

from webhook_events.metrics import RejectReason
from webhook_validator import claims, payload, request, signing
from webhook_validator.aws_clients import clients
from webhook_validator.budget import CALLS_FROM_CLAIM, CALLS_FROM_HAND_OFF, Deadline, lambda_remaining_ms
from webhook_validator.errors import DuplicateEvent, HttpError
from webhook_validator.handoff import hand_off
from webhook_validator.outcome_log import accepted_metrics, duplicate_metrics, log_outcome, rejected_metrics
from webhook_validator.responses import accepted_response, error_response
from webhook_validator.settings import Settings
from webhook_validator.signing_secret import secret_cache


def handler(event: Any, context: Any) -> Dict[str, Any]:
    try:
        return _handle(event if isinstance(event, dict) else {}, context)
    except Exception:  # a bug, not a bad request: log the trace, answer JSON
        logging.getLogger("webhook_validator").exception("unexpected error")
        log_outcome(logging.ERROR, "internal_error", rejected_metrics(RejectReason.INTERNAL_ERROR), status=500)
        return error_response(500, "Internal error")


def _handle(event: Dict[str, Any], context: Any) -> Dict[str, Any]:
    now = time.time()
    deadline = Deadline.for_invocation(context)
    event_id = None
    try:
        settings = Settings.from_env()
        raw = request.raw_body(event)
        signed = signing.read_headers(request.headers(event), now)
        secret = secret_cache.get(clients.secretsmanager, settings.secret_arn)
        signing.check_signature(secret, signed, raw)
        webhook_event = payload.parse_event(raw)
        event_id = webhook_event["event_id"]
        body = payload.serialize_event(webhook_event)

        config = deadline.client_config(CALLS_FROM_CLAIM)
        dynamodb = clients.get("dynamodb", config)
        claim = claims.claim_event(
            dynamodb,
            settings.table_name,
            event_id,
            now_ms=int(now * 1000),
            remaining_ms=lambda_remaining_ms(context),
        )
        try:
            deadline.require(CALLS_FROM_HAND_OFF, config)
            hand_off(clients.get("lambda_", config), settings.router_function_name, body)
        except Exception:
            claims.release_claim(dynamodb, settings.table_name, claim)
            raise
        claims.complete_claim(dynamodb, settings.table_name, claim)
    except HttpError as error:
        level = logging.ERROR if error.status_code >= 500 else logging.WARNING
        metrics = duplicate_metrics() if isinstance(error, DuplicateEvent) else rejected_metrics(error.reason)
        log_outcome(
            level,
            "rejected",
            metrics,
            status=error.status_code,
            error=error.message,
            detail=error.detail,
            event_id=event_id,
        )
        return error_response(error.status_code, error.message)

    log_outcome(logging.INFO, "accepted", accepted_metrics(), status=200, event_id=event_id)
    return accepted_response(event_id)
