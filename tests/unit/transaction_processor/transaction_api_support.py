"""Helpers and fixtures for transaction-api's tests (imported by the test modules that use them).

``api`` is the handler module, loaded as Lambda loads it, with its AWS
clients rebuilt inside moto (``tp_aws``) for every test.
"""

import copy
import json
from pathlib import Path
from typing import Any, Dict, Tuple

import pytest

from tests.fixtures.lambda_context import FakeLambdaContext
from tools.function_code import load_handler

EVENTS_DIR = Path(__file__).resolve().parents[2] / "events" / "transaction_processor"
# Well-known test card numbers (Visa, Visa, Mastercard): they must never leave the system.
TEST_CARDS = ("4111111111111111", "4242424242424242", "5555555555554444")
UPLOAD_ID = "3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f"


def api_event(name: str, **overrides: Any) -> Dict[str, Any]:
    """A sample proxy event (``post_upload``, ``get_status``, ``get_upload``) with top-level overrides."""
    event = json.loads((EVENTS_DIR / f"transaction_api_{name}.json").read_text())
    event.update(copy.deepcopy(overrides))
    return event


def status_event(transaction_id: Any) -> Dict[str, Any]:
    return api_event("get_status", pathParameters={"transaction_id": transaction_id})


def upload_event(upload_id: Any) -> Dict[str, Any]:
    return api_event("get_upload", pathParameters={"upload_id": upload_id})


def call(handler_module: Any, event: Any, context: Any = None) -> Tuple[int, Dict[str, Any], Dict[str, str]]:
    """(status, parsed JSON body, headers); asserts the answer is JSON with its Content-Type."""
    response = handler_module.handler(event, context or FakeLambdaContext(function_name="transaction-api-unittest"))
    assert set(response) == {"statusCode", "headers", "body"}
    assert response["headers"]["Content-Type"] == "application/json"
    return response["statusCode"], json.loads(response["body"]), response["headers"]


def seed_transaction(tp_aws: Any, transaction_id: str = "txn-0001", **extra: Dict[str, str]) -> Dict[str, Any]:
    """A transaction item as csv-validation stores it (DynamoDB JSON), plus ``extra`` attributes."""
    item = {
        "transaction_id": {"S": transaction_id},
        "upload_id": {"S": UPLOAD_ID},
        "merchant_id": {"S": "merchant-42"},
        "amount": {"N": "1234.5"},
        "currency": {"S": "EUR"},
        "card_last4": {"S": "1111"},
        "timestamp": {"S": "2026-01-01T10:00:00Z"},
        "row_number": {"N": "2"},
        "status": {"S": "ACCEPTED"},
        **extra,
    }
    tp_aws.dynamodb.put_item(TableName=tp_aws.transactions_table, Item=item)
    return item


class FailingCall:
    """Wraps a real client; ``operation`` raises the given error, everything else goes through."""

    def __init__(self, real: Any, operation: str, error: Exception) -> None:
        self._real, self._operation, self._error = real, operation, error
        self.attempts = 0

    def __getattr__(self, name: str) -> Any:
        if name != self._operation:
            return getattr(self._real, name)

        def fail(*args: Any, **kwargs: Any) -> Any:
            self.attempts += 1
            raise self._error

        return fail


@pytest.fixture
def api(tp_aws):
    """The transaction-api handler module, with fresh clients inside moto."""
    module = load_handler("transaction_api")
    from upload_api import aws_clients

    aws_clients.reset()
    yield module
    aws_clients.reset()
