"""The transaction types and where each goes, read from event_schema.json: the one source.

The stack imports this module too (as ``functions.webhook_events.routes``),
so the queues it creates, the router's environment variables and the
outputs all follow the schema's ``transaction_type`` enum.
"""

import json
from pathlib import Path
from typing import Tuple

SCHEMA_PATH = Path(__file__).resolve().with_name("event_schema.json")
TRANSACTION_TYPES: Tuple[str, ...] = tuple(
    json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]["transaction_type"]["enum"]
)


def route(transaction_type: str) -> str:
    """The queue route of a type: ``payment`` -> ``payments`` (queue ``payments-queue-{suffix}``)."""
    return f"{transaction_type}s"


def queue_url_env(transaction_type: str) -> str:
    """The router's environment variable holding the type's queue URL: ``PAYMENTS_QUEUE_URL``."""
    return f"{route(transaction_type).upper()}_QUEUE_URL"


def queue_url_output(transaction_type: str) -> str:
    """The stack output holding the type's queue URL: ``payments_queue_url``."""
    return f"{route(transaction_type)}_queue_url"
