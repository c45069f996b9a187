"""The webhook pipeline's business metrics: the one catalogue the validator, the router and the dashboard use.

The stack imports this module too (as ``functions.webhook_events.metrics``)
to draw the dashboard's business row.
"""

from enum import Enum

from .routes import TRANSACTION_TYPES

try:  # in a function's zip, business_metrics is bundled beside this package
    from business_metrics.catalogue import Catalogue, Dimension, Metric, Unit
except ModuleNotFoundError:  # imported by the stack, from the repository root
    from functions.business_metrics.catalogue import Catalogue, Dimension, Metric, Unit


class RejectReason(str, Enum):
    """Why a delivery was refused (other than as a duplicate); the message and detail stay in the log."""

    BAD_SIGNATURE = "bad_signature"  # 401: headers missing, timestamp out of tolerance, no valid signature
    MALFORMED_BODY = "malformed_body"  # 400: not text, base64, UTF-8 or JSON; duplicate keys; nested too deep
    INVALID_EVENT = "invalid_event"  # 400: JSON that breaks the event schema or what a queue message can carry
    TOO_LARGE = "too_large"  # 413: body or event over its limit
    CLAIM_FAILED = "claim_failed"  # 503: the dedup table could not record the event
    OUT_OF_TIME = "out_of_time"  # 503: too little time left to claim and hand off safely
    SECRET_UNAVAILABLE = "secret_unavailable"  # 503: the signing secret could not be read
    HAND_OFF_FAILED = "hand_off_failed"  # 502: the router could not be invoked
    MISCONFIGURED = "misconfigured"  # 500: an environment variable is missing
    INTERNAL_ERROR = "internal_error"  # 500: a bug


DELIVERIES_ACCEPTED = Metric("DeliveriesAccepted", Unit.COUNT)
DELIVERIES_DUPLICATE = Metric("DeliveriesDuplicate", Unit.COUNT)
DELIVERIES_REJECTED = Metric("DeliveriesRejected", Unit.COUNT, Dimension.of("Reason", RejectReason))
EVENTS_ROUTED = Metric("EventsRouted", Unit.COUNT, Dimension("TransactionType", TRANSACTION_TYPES))

CATALOGUE = Catalogue(
    "WebhookPipeline", (DELIVERIES_ACCEPTED, DELIVERIES_DUPLICATE, DELIVERIES_REJECTED, EVENTS_ROUTED)
)
