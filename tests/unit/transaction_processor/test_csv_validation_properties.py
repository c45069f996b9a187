"""Property: whatever the file, the handler answers, and every row is stored or reported.

Two sources of files: random bytes (with or without a valid header in front)
and well-formed-ish CSV (columns in any order, extra columns, values valid or
random text with quotes, commas, line feeds and control characters, a BOM,
CRLF or LF, sometimes one byte spoiled). Well-formed means RFC 4180: a
field holding a comma, quote, CR or LF is quoted (Python's csv.writer leaves
a bare CR unquoted when the line end is LF; this reader, like RFC 4180, ends
records at line feeds only, so such a record is rejected as malformed).
No fault and no deadline is injected, so the handler must never raise.
"""

import csv
import io
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.transaction_processor.csv_validation_support import (  # noqa: F401 - fixtures
    HEADER,
    csv_context,
    csv_line,
    csv_validation,
    uploads,
)

COLUMNS = HEADER.split(",")
VALID_VALUES = {
    "transaction_id": st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True),
    "merchant_id": st.sampled_from(["m-1", "Café", "shop 7"]),
    "amount": st.sampled_from(["0.01", "12.50", "1000000000", "7"]),
    "currency": st.sampled_from(["USD", "EUR", "JPY"]),
    "card_number": st.sampled_from(["4111111111111111", "5555 5555 5555 4444", "378282246310005"]),
    "timestamp": st.sampled_from(["2026-11-20T10:15:00Z", "2026-11-20T10:15:00.5+05:30"]),
}
ANY_TEXT = st.text(alphabet=st.sampled_from('a1 ,"\r\n\x00\x7f-.éZT:+'), max_size=8)
PROPERTY_SETTINGS = settings(max_examples=50, deadline=None,
                             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_keys = itertools.count()


@st.composite
def csv_files(draw):
    extra = draw(st.lists(st.sampled_from(["note", "region", "x"]), max_size=2, unique=True))
    names = draw(st.permutations(COLUMNS + extra))
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        if draw(st.booleans()):  # a blank line
            rows.append([])
            continue
        values = [draw(VALID_VALUES[n] if n in VALID_VALUES and draw(st.integers(0, 4)) else ANY_TEXT) for n in names]
        rows.append(values[: draw(st.sampled_from([len(values)] * 4 + [len(values) - 1]))])
    line_end = draw(st.sampled_from(["\r\n", "\n"]))
    data = "".join(csv_line(values) + line_end for values in [names] + rows).encode()
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    spoiled = draw(st.booleans())
    if spoiled:
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    return data, spoiled


def check_accounting(tp_aws, csv_validation, uploads, data: bytes):
    upload_id = f"prop-{next(_keys)}"
    answer = csv_validation.handler(uploads.put(f"uploads/{upload_id}.csv", data), csv_context())
    result = uploads.result(upload_id)
    assert answer["uploads"][0]["status"] == result["status"] in ("PROCESSED", "FAILED")
    assert result["rows_total"] == result["rows_accepted"] + result["rows_rejected"]
    assert len(result["errors"]) == min(result["rows_rejected"], 100)
    error_rows = [e["row"] for e in result["errors"]]
    assert error_rows == sorted(set(error_rows)) and all(r >= 2 for r in error_rows)
    stored = [t for t in uploads.transactions() if t["upload_id"] == upload_id]
    assert len(stored) == result["rows_accepted"]  # accepted rows are exactly the stored items
    stored_rows = {t["row_number"] for t in stored}
    assert not stored_rows & set(error_rows)
    if result["status"] == "FAILED":
        assert result["rows_total"] == 0 and result["failure_reason"]
    return result, stored_rows | set(error_rows)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=600), with_header=st.booleans())
def test_random_bytes_never_crash_the_handler(tp_aws, csv_validation, uploads, data, with_header):
    check_accounting(tp_aws, csv_validation, uploads, (HEADER + "\n").encode() + data if with_header else data)


@PROPERTY_SETTINGS
@given(file=csv_files())
def test_random_csv_every_row_is_stored_or_reported(tp_aws, csv_validation, uploads, file):
    data, spoiled = file
    result, accounted_rows = check_accounting(tp_aws, csv_validation, uploads, data)
    if spoiled:
        return
    # THEN a well-formed file's data records, numbered as csv.reader numbers them, are all accounted for
    text = data.decode("utf-8-sig")
    expected = {n for n, r in enumerate(csv.reader(io.StringIO(text, newline="")), start=1) if r and n > 1}
    assert result["status"] == ("PROCESSED" if expected else "FAILED")
    assert result["rows_total"] == len(expected)
    assert accounted_rows == expected
