"""Awkward cells in every column, through csv-validation and then anomaly-detection on the table's stream,
on clients that refuse what the real S3, DynamoDB and SNS refuse (``tests.fixtures.aws_limits``).

Every row ends in exactly one defined state: *rejected* (in the upload result with its row number and the
first failing column of the contract's order), or *stored* exactly (and then, from its INSERT record,
*alerted* once with the rules that fire, or *normal*). Never both, never neither, and never a stream record
reported for being unreadable: a row the CSV contract accepts is one anomaly-detection can judge.

The oracle is the CSV contract written out here (the SPEC's table), each value chosen clearly valid or
clearly invalid; the anomaly rules likewise, from the SPEC, with the detector's clock.
"""

import json
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from itertools import count
from typing import Any, Dict, List, Optional, Tuple

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fixtures.aws_limits import RealLimits
from tests.unit.transaction_processor.anomaly_detection_support import (  # noqa: F401 - fixtures
    NOW,
    detector,
    failures,
    image,
    stream,
)
from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    csv_context,
    csv_line,
    csv_validation,
    uploads,
)

CONTRACT = ("transaction_id", "merchant_id", "amount", "currency", "card_number", "timestamp")
CARDS = ("4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005")
# Each column: values the contract plainly accepts, and values it plainly refuses.
VALID = {
    "merchant_id": ["m-1", "Caf\u00e9 Zo\u00eb", "\ufffe\uffff", "\u2028x", "a" * 64, "\U0001F600" * 16, "=1+1",
                    'say "hi", then leave'],
    "amount": ["0.01", "12.50", "1000000000", "007.50", "1000000000.00", "10000.01", "99999"],
    "currency": ["USD", "EUR", "JPY"],
    "card_number": list(CARDS),
    "timestamp": ["2026-03-01T11:00:00Z", "2026-03-01T11:00:00.5+05:30", "20260301T110000Z",
                  "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00Z", "2025-01-01T00:00:00-12:00"],
}
INVALID = {
    "transaction_id": ["", "a" * 65, "ab c", "ab\u00e9", "a,b", "a\nb", "\ufeffabc", "x" * 5000],
    "merchant_id": ["", "a" * 65, "a\x00b", "a\x85b", "m" * 5000],
    "amount": ["0", "0.00", "1000000000.01", "1e5", "1,000.00", "12.345", "-1", "NaN", "\uff11\uff12", "9" * 40,
               "", "1E+400", "0.1" + "0" * 3000],
    "currency": ["usd", "US", "", "EURO", "\u20ac"],
    "card_number": ["4111111111111112", "4111", "4" * 20, "4111-1111-1111-111a", ""],
    "timestamp": ["2026-03-01T11:00:00", "2026-02-30T11:00:00Z", "2026-03-01 11:00:00Z", "", "yesterday",
                  "2026-03-01T11:00:00+24:00"],
}
# ISO 8601 with a zone, but no instant datetime holds once in UTC: refused at upload or alerted, never lost.
EITHER = {"timestamp": ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]}
EXTRA_HEADERS = ["note", "", "x" * 1000, "\U0001F600", "Transaction_ID"]
EXTRA_CELLS = ["", "n" * 4000, '"quoted"', "a,b\nc", "\x00", "\ufffe", "1e400", "4111111111111111"[:4]]
HIGH_AMOUNT = Decimal("10000")
_uploads = count()


def luhn(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def instant(timestamp: str) -> Optional[datetime]:
    """The UTC instant of a timestamp this file calls valid (None when datetime cannot hold it)."""
    text = timestamp.replace("Z", "+00:00")
    if re.fullmatch(r"\d{8}T\d{6}\+00:00", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:8]}T{text[9:11]}:{text[11:13]}:{text[13:15]}+00:00"
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc)
    except OverflowError:
        return None


def expected_reasons(amount: str, timestamp: str) -> List[str]:
    """The SPEC's rules: above HIGH_AMOUNT_THRESHOLD; more than 5 minutes ahead or older than 90 days."""
    fired = ["high_amount"] if Decimal(amount) > HIGH_AMOUNT else []
    moment = instant(timestamp)
    if moment is None or moment > NOW + timedelta(minutes=5) or moment < NOW - timedelta(days=90):
        fired.append("timestamp_out_of_range")
    return fired


def first_failure(values: Dict[str, str]) -> Optional[str]:
    """The first column (contract order) holding a value from INVALID; None when every value is valid."""
    return next((name for name in CONTRACT if values[name] in INVALID.get(name, [])), None)


@pytest.fixture
def limits(csv_validation, detector, tp_aws) -> RealLimits:
    from anomaly_rules import aws_clients
    from csv_ingest.aws_clients import clients

    real = RealLimits({tp_aws.transactions_table: ("transaction_id",), tp_aws.upload_results_table: ("upload_id",)})
    for client in (clients.s3, clients.dynamodb, aws_clients.client("dynamodb"), aws_clients.client("sns")):
        real.enforce(client)
    return real


def run_upload(tp_aws, csv_validation, uploads, detector, stream, limits, header: List[str],
               rows: List[Dict[str, str]]) -> None:
    """Upload one file of ``rows`` (by column name), then run anomaly-detection on its INSERT records;
    assert each row's end state."""
    upload_id = f"hostile-{next(_uploads)}"
    for row in rows:  # ids unique across uploads (a stored id would make the row a duplicate)
        if re.fullmatch(r"[rt][0-9]+", row["transaction_id"]):
            row["transaction_id"] = f"{upload_id}-{row['transaction_id']}"
    lines = [csv_line(header)] + [csv_line(row.get(name, "") for name in header) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode()
    seen = {record["eventID"] for record in stream.records()}
    answer = csv_validation.handler(uploads.put(f"uploads/{upload_id}.csv", data), csv_context())
    result = uploads.result(upload_id)
    inserts = [r for r in stream.records() if r["eventID"] not in seen and r["eventName"] == "INSERT"]
    detected = detector(inserts)
    published = {json.loads(m["Body"])["transaction_id"]: m for m in tp_aws.published()}
    assert limits.refused == [] and failures(detected) == []
    assert answer["uploads"][0]["status"] == result["status"] == "PROCESSED"
    stored = {t["transaction_id"]: t for t in uploads.transactions() if t["upload_id"] == upload_id}
    errors = {error["row"]: error for error in result["errors"]}
    assert result["rows_total"] == len(rows) and result["rows_accepted"] == len(stored)
    for number, row in enumerate(rows, start=2):
        failing = first_failure(row)
        if failing is not None:
            assert (errors[number]["column"], row["transaction_id"] in stored) == (failing, False), row
            continue
        if number in errors:  # only a value from EITHER may be refused, with its column named
            assert errors[number]["column"] in EITHER and row[errors[number]["column"]] in EITHER[
                errors[number]["column"]], (row, errors[number])
            continue
        item = stored.pop(row["transaction_id"])
        digits = re.sub("[ -]", "", row["card_number"])
        assert (item["merchant_id"], item["amount"], item["currency"], item["card_last4"], item["row_number"]) == (
            row["merchant_id"], Decimal(row["amount"]), row["currency"], digits[-4:], number)
        assert instant(item["timestamp"]) == instant(row["timestamp"])
        reasons = expected_reasons(row["amount"], row["timestamp"])
        message = published.pop(row["transaction_id"], None)
        if reasons:
            assert message is not None and json.loads(message["Body"])["reasons"] == reasons, row
            assert item["status"] == "FLAGGED" and item["anomaly_reasons"] == reasons
        else:
            assert (message, item["status"]) == (None, "ACCEPTED"), row
    assert (stored, published) == ({}, {})


# ---------------------------------------------------------------- every awkward value of every column

def rows_for_each_value() -> List[Dict[str, str]]:
    base = {"merchant_id": "m-1", "amount": "12.50", "currency": "EUR", "card_number": CARDS[0],
            "timestamp": "2026-03-01T11:00:00Z"}
    rows = []
    for kind in (VALID, INVALID, EITHER):
        for column, values in kind.items():
            for value in values:
                alerting = {"amount": "20000"} if column == "merchant_id" else {}  # the merchant id is published
                rows.append({**base, **alerting, "transaction_id": f"t{len(rows)}", column: value})
    return rows


def test_every_awkward_value_of_every_column_ends_stored_or_rejected(tp_aws, csv_validation, uploads, detector,
                                                                    stream, limits):
    rows = rows_for_each_value()
    header = ["note", *CONTRACT[::-1], "x" * 1000, ""]
    for number, row in enumerate(rows):
        row.update(note=EXTRA_CELLS[number % len(EXTRA_CELLS)], **{"x" * 1000: "\ufffe" * (number % 3)})
    run_upload(tp_aws, csv_validation, uploads, detector, stream, limits, header, rows)


def test_a_row_whose_instant_is_before_year_1_in_utc_is_refused_at_upload(tp_aws, csv_validation, uploads):
    # GIVEN a timestamp in ISO 8601 with a zone, whose instant is before 0001-01-01T00:00Z
    row = dict(zip(CONTRACT, ["t1", "m-1", "12.50", "EUR", CARDS[0], "0001-01-01T00:00:00+01:00"]))
    upload = uploads.put("uploads/early.csv", (csv_line(CONTRACT) + "\n" + csv_line(row.values()) + "\n").encode())
    # WHEN uploaded, THEN the row is rejected naming the column (anomaly-detection could not judge it)
    csv_validation.handler(upload, csv_context())
    assert uploads.result("early")["errors"] == [
        {"row": 2, "column": "timestamp", "reason": "out of range once converted to UTC"}]


# ---------------------------------------------------------------- generated files

def cells(column: str) -> st.SearchStrategy[str]:
    choices = VALID.get(column, []) + INVALID.get(column, []) + EITHER.get(column, [])
    return st.sampled_from(choices)


@st.composite
def files(draw) -> Tuple[List[str], List[Dict[str, str]]]:
    extra = draw(st.lists(st.sampled_from(EXTRA_HEADERS), unique=True, max_size=2))
    header = draw(st.permutations(list(CONTRACT) + extra))
    rows = []
    for number in range(draw(st.integers(1, 6))):
        row = {name: draw(cells(name)) for name in CONTRACT if name != "transaction_id"}
        row["transaction_id"] = f"r{number}" if draw(st.integers(0, 5)) else draw(cells("transaction_id"))
        row.update((name, draw(st.sampled_from(EXTRA_CELLS))) for name in extra)
        rows.append(row)
    return header, rows


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(file=files())
@example(file=(list(CONTRACT), [dict(zip(CONTRACT, ["t1", "m", "1", "EUR", CARDS[0], "0001-01-01T00:00:00+01:00"]))]))
@example(file=(list(CONTRACT), [dict(zip(CONTRACT, ["t1", "\ufffe", "20000", "EUR", CARDS[1], "2026-03-01T11:00Z"]))]))
def test_every_row_of_every_file_ends_in_one_defined_state(tp_aws, csv_validation, uploads, detector, stream,
                                                           limits, file):
    header, rows = file
    run_upload(tp_aws, csv_validation, uploads, detector, stream, limits, header, rows)


# ---------------------------------------------------------------- stream images with unexpected attributes

UNEXPECTED = {
    "status": {"N": "1"}, "anomaly_reasons": {"L": [{"S": "forged"}]}, "reasons": {"S": "forged"},
    "card_number": {"S": "4111 1111"},
    "numbers": {"NS": ["1E+125", "-1E-130"]}, "strings": {"SS": ["\ufffe", "x" * 1000]},
    "nothing": {"NULL": True}, "flag": {"BOOL": False}, "big": {"S": "b" * 100_000},
    "deep": {"L": [{"M": {"k": {"L": [{"N": "1"}]}}}]}, "\u00e9": {"S": "\u00e9"},
}


def test_stream_images_with_unexpected_attributes_alert_with_the_contract_fields_only(detector, stream, tp_aws,
                                                                                        limits):
    # GIVEN an INSERT carrying attributes of every type next to the transaction's own, some named like its fields
    records = stream.insert({**image("t-odd", amount="25000"), **UNEXPECTED, "merchant_id": {"S": "\ufffe-shop"}})
    # WHEN anomaly-detection runs
    result = detector(records)
    # THEN one alert with exactly the contract's fields, none of the others, and nothing reported or refused
    [message] = tp_aws.published()
    assert (failures(result), limits.refused) == ([], [])
    assert json.loads(message["Body"]) == {
        "transaction_id": "t-odd", "upload_id": "3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f", "merchant_id": "\ufffe-shop",
        "amount": "25000", "currency": "EUR", "card_last4": "1111", "timestamp": "2026-03-01T11:00:00Z",
        "reasons": ["high_amount"]}
    assert message["Body"].isascii()
