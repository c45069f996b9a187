"""The request model check refuses what API Gateway's draft-4 validator refuses, for the webhook's own schema."""

import json

from tools.local_run.apigateway.json_schema import errors, unsupported_keywords

from functions.webhook_events.routes import SCHEMA_PATH

SCHEMA = json.loads(SCHEMA_PATH.read_text())
EVENT = {"event_id": "evt-1", "transaction_type": "refund", "amount": 12.5, "timestamp": "2026-11-23T10:15:00Z"}


def refused(document) -> bool:
    return any(True for _ in errors(SCHEMA, document))


def test_a_valid_event_with_extra_fields_passes():
    assert not refused({**EVENT, "merchant": "m-1"})
    assert not unsupported_keywords(SCHEMA)


def test_each_rule_of_the_schema_refuses():
    assert refused({k: v for k, v in EVENT.items() if k != "amount"})  # required
    assert refused({**EVENT, "transaction_type": "chargeback"})  # enum
    assert refused({**EVENT, "amount": True})  # a boolean is not a number
    assert refused({**EVENT, "amount": "12.5"})
    assert refused({**EVENT, "event_id": ""})  # minLength
    assert refused({**EVENT, "timestamp": "2026-11-23 10:15"})  # pattern
    assert refused([EVENT])  # type object


def test_a_keyword_the_check_does_not_know_is_named():
    assert unsupported_keywords({"type": "object", "properties": {"a": {"oneOf": []}}}) == {"oneOf"}
