"""The handler on moto, row by row: stored items, each kind of rejected row, reading details."""

from decimal import Decimal

import pytest

from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    HEADER,
    VISA,
    csv_body,
    csv_context,
    csv_line,
    csv_validation,
    row,
    uploads,
)

VOLATILE = ("created_at", "ttl", "object_version", "object_sequencer")


def stable(result):
    return {k: v for k, v in result.items() if k not in VOLATILE}


def run(csv_validation, uploads, body: bytes, upload_id: str = "u-rows"):
    event = uploads.put(f"uploads/{upload_id}.csv", body)
    answer = csv_validation.handler(event, csv_context())
    return answer, uploads.result(upload_id)


def test_valid_rows_are_stored_with_only_the_cards_last_four(tp_aws, csv_validation, uploads):
    # GIVEN a file of two valid rows
    body = csv_body(row(), row(transaction_id="txn-0002", amount="1000000000.00", currency="EUR",
                               card_number="5555 5555 5555 4444", timestamp="2026-11-20T11:00:00+01:00"))
    # WHEN the handler processes its ObjectCreated event
    answer, result = run(csv_validation, uploads, body)
    # THEN the exact answer, result and items
    assert answer == {"uploads": [{"upload_id": "u-rows", "outcome": "processed", "status": "PROCESSED",
                                   "rows_total": 2, "rows_accepted": 2, "rows_rejected": 0}]}
    assert stable(result) == {"upload_id": "u-rows", "status": "PROCESSED", "object_key": "uploads/u-rows.csv",
                              "rows_total": 2, "rows_accepted": 2, "rows_rejected": 0, "errors": []}
    assert uploads.transactions() == [
        {"transaction_id": "txn-0001", "upload_id": "u-rows", "merchant_id": "merchant-42", "amount": Decimal("12.50"),
         "currency": "USD", "card_last4": "1111", "timestamp": "2026-11-20T10:15:00+00:00", "row_number": 2,
         "status": "ACCEPTED"},
        {"transaction_id": "txn-0002", "upload_id": "u-rows", "merchant_id": "merchant-42",
         "amount": Decimal("1000000000.00"), "currency": "EUR", "card_last4": "4444",
         "timestamp": "2026-11-20T11:00:00+01:00", "row_number": 3, "status": "ACCEPTED"},
    ]
    # THEN the amount went to DynamoDB as an exact N string, never through a float
    raw = tp_aws.dynamodb.get_item(TableName=tp_aws.transactions_table, Key={"transaction_id": {"S": "txn-0002"}})
    assert raw["Item"]["amount"] == {"N": "1000000000.00"}


BAD_ROWS = [
    (row(transaction_id="txn 2"), "transaction_id", "must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'"),
    (row(transaction_id=""), "transaction_id", "missing"),
    (row(merchant_id="m\x01"), "merchant_id", "contains control characters"),
    (row(merchant_id="m" * 65), "merchant_id", "longer than 64 characters"),
    (row(amount="1.005"), "amount", "more than 2 fraction digits"),
    (row(amount="0"), "amount", "must be greater than 0"),
    (row(amount="-1"), "amount", "not a decimal number with at most 2 fraction digits"),
    (row(amount="1e3"), "amount", "not a decimal number with at most 2 fraction digits"),
    (row(amount="1000000000.01"), "amount", "must be at most 1000000000"),
    (row(amount=" 12.50"), "amount", "not a decimal number with at most 2 fraction digits"),
    (row(currency="usd"), "currency", "not an upper-case ISO 4217 currency code in current use"),
    (row(currency="XYZ"), "currency", "not an upper-case ISO 4217 currency code in current use"),
    (row(card_number="4111111111111112"), "card_number", "fails the Luhn check"),
    (row(card_number="41111111111"), "card_number", "must be 12-19 digits (spaces and dashes allowed)"),
    (row(timestamp="2026-11-20T10:15:00"), "timestamp", "has no time zone"),
    (row(timestamp="yesterday"), "timestamp", "not an ISO 8601 date and time"),
    # the first failing column in the contract's order: amount before currency and card
    (row(amount="0", currency="usd", card_number="1"), "amount", "must be greater than 0"),
    (row() + ",extra", "*", "has 7 fields, the header has 6"),
    ("txn-0002,merchant-42,12.50", "*", "has 3 fields, the header has 6"),
    ('txn-0002,"merchant"42,12.50,USD,4111111111111111,2026-11-20T10:15:00Z', "*", "malformed CSV record"),
]


@pytest.mark.parametrize("bad, column, reason", BAD_ROWS)
def test_each_bad_row_is_rejected_with_its_first_failing_column_and_the_good_rows_stored(
    tp_aws, csv_validation, uploads, bad, column, reason
):
    # GIVEN a good row, a bad row (record 3) and another good row
    body = csv_body(row(transaction_id="good-1"), bad, row(transaction_id="good-2"))
    # WHEN
    answer, result = run(csv_validation, uploads, body)
    # THEN the bad row alone is rejected, with exactly one error naming its column
    assert answer["uploads"][0]["status"] == "PROCESSED"
    assert (result["rows_total"], result["rows_accepted"], result["rows_rejected"]) == (3, 2, 1)
    assert result["errors"] == [{"row": 3, "column": column, "reason": reason}]
    assert [t["transaction_id"] for t in uploads.transactions()] == ["good-1", "good-2"]


def test_invalid_utf8_further_into_the_file_rejects_only_its_record(tp_aws, csv_validation, uploads):
    body = csv_body(row(transaction_id="t1"), row(transaction_id="t2", merchant_id="BAD"), row(transaction_id="t3"))
    body = body.replace(b"BAD", b"caf\xe9")
    _, result = run(csv_validation, uploads, body)
    assert result["errors"] == [{"row": 3, "column": "merchant_id", "reason": "not valid UTF-8"}]
    assert [t["transaction_id"] for t in uploads.transactions()] == ["t1", "t3"]


def test_bom_quoted_line_feeds_and_extra_columns_in_any_order(tp_aws, csv_validation, uploads):
    # GIVEN a BOM, a header in another order with extra columns, a note spanning two lines
    header = "note,timestamp,card_number,currency,amount,merchant_id,transaction_id,region"
    lines = [
        csv_line(["multi\r\nline, with \"quotes\"", "2026-11-20T10:15:00Z", VISA, "GBP", "7.5", "shop", "t1", "eu"]),
        csv_line(["", "2026-11-20T10:15:00Z", VISA, "GBP", "0", "shop", "t2", "eu"]),
        csv_line(["plain", "2026-11-20T10:15:00Z", VISA, "JPY", "100", "shop", "t3", "eu"]),
    ]
    body = b"\xef\xbb\xbf" + csv_body(*lines, header=header)
    # WHEN
    _, result = run(csv_validation, uploads, body)
    # THEN record numbers count records, not lines: the bad row is record 3
    assert result["errors"] == [{"row": 3, "column": "amount", "reason": "must be greater than 0"}]
    stored = uploads.transactions()
    assert [(t["transaction_id"], t["row_number"], t["amount"], t["currency"]) for t in stored] == [
        ("t1", 2, Decimal("7.5"), "GBP"), ("t3", 4, Decimal("100"), "JPY")]
    assert "note" not in stored[0] and "region" not in stored[0]


def test_blank_lines_are_neither_rows_nor_errors_but_keep_the_numbering(tp_aws, csv_validation, uploads):
    body = csv_body(row(transaction_id="t1"), "", row(transaction_id="t2", amount="0"), "")
    _, result = run(csv_validation, uploads, body)
    assert (result["rows_total"], result["rows_accepted"], result["rows_rejected"]) == (2, 1, 1)
    assert result["errors"] == [{"row": 4, "column": "amount", "reason": "must be greater than 0"}]


def test_only_the_first_100_errors_are_stored_and_every_rejection_is_counted(tp_aws, csv_validation, uploads):
    # GIVEN 150 bad rows (records 2..151) around two good ones
    bad = [row(transaction_id=f"bad-{i}", currency="usd") for i in range(150)]
    body = csv_body(row(transaction_id="first"), *bad, row(transaction_id="last"))
    # WHEN
    _, result = run(csv_validation, uploads, body)
    # THEN all counted, the errors of records 3..102 stored
    assert (result["rows_total"], result["rows_accepted"], result["rows_rejected"]) == (152, 2, 150)
    assert result["errors"] == [
        {"row": n, "column": "currency", "reason": "not an upper-case ISO 4217 currency code in current use"}
        for n in range(3, 103)
    ]


def test_header_only_file_is_failed_as_having_no_rows(tp_aws, csv_validation, uploads):
    _, result = run(csv_validation, uploads, (HEADER + "\r\n\r\n").encode())
    assert stable(result) == {"upload_id": "u-rows", "status": "FAILED", "object_key": "uploads/u-rows.csv",
                              "rows_total": 0, "rows_accepted": 0, "rows_rejected": 0, "errors": [],
                              "failure_reason": "file has a header but no rows"}
