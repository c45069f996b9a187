"""One structured log line per request outcome (JSON, so client values can't forge lines).

The line of an answered delivery carries its business metric (EMF members,
``business_metrics.emf``): accepted, duplicate, or rejected with the reason's
code; the message and detail stay in the line's text.
"""

import json
import logging
from typing import Any, Dict, Optional

from business_metrics import emf
from webhook_events.metrics import (
    CATALOGUE,
    DELIVERIES_ACCEPTED,
    DELIVERIES_DUPLICATE,
    DELIVERIES_REJECTED,
    RejectReason,
)

logger = logging.getLogger("webhook_validator")
logger.setLevel(logging.INFO)


def log_outcome(level: int, outcome: str, metrics: Optional[Dict[str, Any]] = None, **fields: Any) -> None:
    record = {"outcome": outcome}
    record.update({key: value for key, value in fields.items() if value is not None})
    logger.log(level, json.dumps(record, default=str, ensure_ascii=True), extra=metrics)


def accepted_metrics() -> Dict[str, Any]:
    return emf.members(CATALOGUE, {DELIVERIES_ACCEPTED: 1})


def duplicate_metrics() -> Dict[str, Any]:
    return emf.members(CATALOGUE, {DELIVERIES_DUPLICATE: 1})


def rejected_metrics(reason: RejectReason) -> Dict[str, Any]:
    return emf.members(CATALOGUE, {DELIVERIES_REJECTED: 1}, Reason=reason)
