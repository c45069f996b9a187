"""The full card number appears nowhere: not in a table, a log record (DEBUG included) or an answer."""

import json
import logging

from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    AMEX,
    MASTERCARD,
    VISA,
    csv_body,
    csv_context,
    csv_validation,
    row,
    uploads,
)

LUHN_FAILING = "4111111111111112"
WRITTEN = {  # as written in the file -> the digits alone
    VISA: VISA,
    "5555 5555 5555 4444": MASTERCARD,
    "3782-822463-10005": AMEX,
    LUHN_FAILING: LUHN_FAILING,
    "6011 1111 1111 1117": "6011111111111117",
}


def leaks(text: str) -> list:
    return [card for pair in WRITTEN.items() for card in pair if card in text]


def test_no_full_card_number_is_stored_logged_or_answered(tp_aws, csv_validation, uploads, caplog):
    # GIVEN rows with cards in several spellings: accepted, Luhn-failing, failing elsewhere, duplicated
    body = csv_body(
        row(transaction_id="t1", card_number=VISA),
        row(transaction_id="t2", card_number="5555 5555 5555 4444"),
        row(transaction_id="t3", card_number="3782-822463-10005"),
        row(transaction_id="t4", card_number=LUHN_FAILING),
        row(transaction_id="t5", card_number="6011 1111 1111 1117", currency="usd"),
        row(transaction_id="t1", card_number=VISA),
    )
    event = uploads.put("uploads/cards.csv", body)
    # WHEN the handler runs with every logger at DEBUG (botocore's included)
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    answer = csv_validation.handler(event, csv_context())
    # THEN the run logged something at DEBUG (so the check below is not vacuous) ...
    assert any(r.levelno == logging.DEBUG and r.name.startswith("botocore") for r in caplog.records)
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records)
    # ... and no spelling of any card is in the logs, the answer, the tables
    caplog.set_level(logging.WARNING)
    tables = json.dumps([tp_aws.dynamodb.scan(TableName=name)["Items"]
                         for name in (tp_aws.transactions_table, tp_aws.upload_results_table)])
    assert leaks(logged) == []
    assert leaks(json.dumps(answer)) == []
    assert leaks(tables) == []
    # THEN only the last four digits were stored, and the card errors name the column alone
    assert [(t["transaction_id"], t["card_last4"]) for t in uploads.transactions()] == [
        ("t1", "1111"), ("t2", "4444"), ("t3", "0005")]
    assert uploads.result("cards")["errors"] == [
        {"row": 5, "column": "card_number", "reason": "fails the Luhn check"},
        {"row": 6, "column": "currency", "reason": "not an upper-case ISO 4217 currency code in current use"},
        {"row": 7, "column": "transaction_id", "reason": "duplicate transaction_id"},
    ]
