"""Streaming CSV reading, pure: record splitting, quoting, encodings, refused files."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.transaction_processor.csv_validation_support import HEADER, csv_body, load_handler, row

load_handler("csv_validation")

from csv_ingest.csv_reader import open_csv  # noqa: E402
from csv_ingest.model import FileRejected, RowError  # noqa: E402
from csv_ingest.record_splitter import RawRecord, split_records  # noqa: E402


def chunked(data: bytes, size: int):
    return [data[i:i + size] for i in range(0, len(data), size)]


def records(data: bytes, size: int = 64 * 1024, limit: int = 64 * 1024):
    return list(split_records(chunked(data, size), limit))


def read(data: bytes, size: int = 64 * 1024):
    header, rows = open_csv(chunked(data, size))
    return header, list(rows)


def refusal(data: bytes) -> str:
    with pytest.raises(FileRejected) as refused:
        read(data)
    return refused.value.reason


# ---------------------------------------------------------------- splitting


def test_quoted_line_feeds_stay_inside_their_record_and_records_are_numbered_not_lines():
    # GIVEN a record whose quoted field spans two lines, between two plain ones
    data = b'a,b\r\n1,"two\r\nlines"\r\n3,x\r\n'
    # WHEN / THEN three records, numbered 1..3
    assert records(data) == [RawRecord(1, b"a,b\r"), RawRecord(2, b'1,"two\r\nlines"\r'), RawRecord(3, b"3,x\r")]


def test_escaped_quotes_and_a_literal_quote_inside_an_unquoted_field():
    data = b'1,"say ""hi""\n, ok"\n2,12" pizza\n3,z'
    assert records(data) == [RawRecord(1, b'1,"say ""hi""\n, ok"'), RawRecord(2, b'2,12" pizza'), RawRecord(3, b"3,z")]


def test_blank_lines_keep_their_number():
    assert [(r.number, r.blank) for r in records(b"a\n\n\r\nb\n")] == [(1, False), (2, True), (3, True), (4, False)]


def test_an_unclosed_quote_is_one_last_record():
    assert records(b'a\n"open,\nstill open') == [RawRecord(1, b"a"), RawRecord(2, b'"open,\nstill open')]


def test_a_record_over_the_limit_is_dropped_but_its_end_is_still_found():
    # GIVEN a quoted field of 100 bytes with a line feed inside, limit 50
    data = b'1,ok\n2,"' + b"x" * 50 + b"\n" + b"y" * 50 + b'"\n3,ok\n'
    # THEN record 2 comes out without data, and record 3 is intact
    assert records(data, limit=50) == [RawRecord(1, b"1,ok"), RawRecord(2, None), RawRecord(3, b"3,ok")]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64])
def test_chunk_boundaries_change_nothing(size):
    data = b'h1,h2\r\n"a ""q"" \r\n,b",c\r\n\r\nd,"e"\r\n"f\r\n"'
    assert records(data, size=size) == records(data)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.text(alphabet=st.sampled_from('ab ,"\r\nçé€'), max_size=6), min_size=1, max_size=4),
             min_size=1, max_size=6),
    st.integers(min_value=1, max_value=9),
)
def test_splitting_then_parsing_matches_pythons_csv_module(table, chunk_size):
    # GIVEN any table written by csv.writer (RFC 4180 quoting, \r\n line ends)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    text = buffer.getvalue()
    expected = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    # WHEN split from UTF-8 bytes in small chunks and each record parsed
    got = [next(csv.reader((r.data.decode(),), strict=True)) for r in records(text.encode(), chunk_size) if not r.blank]
    # THEN the same rows
    assert got == expected


# ---------------------------------------------------------------- data records


def test_bom_is_dropped_and_data_records_carry_their_number():
    header, rows = read(b"\xef\xbb\xbf" + csv_body(row(), row(transaction_id="t2")))
    assert header.index["transaction_id"] == 0
    assert [number for number, _ in rows] == [2, 3]


def test_invalid_utf8_mid_file_rejects_only_its_record_naming_the_column():
    data = csv_body(row(transaction_id="t1"), row(transaction_id="t2", merchant_id="X"), row(transaction_id="t3"))
    data = data.replace(b",X,", b",caf\xe9,")  # Latin-1 byte in merchant_id of record 3
    _, rows = read(data)
    assert rows[1] == RowError(3, "merchant_id", "not valid UTF-8")
    assert [r[0] for r in (rows[0], rows[2])] == [2, 4]


def test_invalid_utf8_in_a_record_that_does_not_parse_names_the_whole_record():
    _, rows = read(csv_body('"\xff"x,1', header=HEADER).replace(b"\xc3\xbf", b"\xff"))
    assert rows == [RowError(2, "*", "not valid UTF-8")]


def test_broken_quoting_and_overlong_records_are_row_errors():
    data = csv_body('t1,"m"x,1,USD,4111111111111111,2026-11-20T10:15:00Z', "t2," + "9" * 70_000, row())
    _, rows = read(data)
    assert rows[0] == RowError(2, "*", "malformed CSV record")
    assert rows[1] == RowError(3, "*", "record longer than 65536 bytes")
    assert rows[2][0] == 4


# ---------------------------------------------------------------- refused files


@pytest.mark.parametrize(
    "data, why",
    [
        (b"", "file is empty"),
        (b"\xef\xbb\xbf", "file is empty"),
        (b"\r\n\n", "file is empty"),
        (b"\xff\xfe" + HEADER.encode("utf-16-le"), "not UTF-8: the file starts with a UTF-16 byte order mark"),
        (b"\xfe\xff" + HEADER.encode("utf-16-be"), "not UTF-8: the file starts with a UTF-16 byte order mark"),
        (b"\xff\xfe\x00\x00" + HEADER.encode("utf-32-le"), "not UTF-8: the file starts with a UTF-32 byte order mark"),
        (HEADER.encode("utf-16-le"), "not a CSV file: binary content (NUL bytes)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file: binary content (NUL bytes)"),
        (HEADER.replace("merchant_id", "h\u00e4ndler").encode("latin-1") + b"\n", "not UTF-8: invalid byte sequence in the header"),
        (b'transaction_id,"merchant_id"x\n', "not a CSV file: the header is not a valid CSV record"),
        (b"a" * 70_000 + b"\n", "not a CSV file: the header is longer than 65536 bytes"),
        (b"\n" + csv_body(row()), "no header row: the file starts with a blank line"),
        (csv_body(row(), header=HEADER.replace("amount,", "")), "missing header columns: amount"),
        (row().encode() + b"\n", "missing header columns: transaction_id, merchant_id, amount, currency, card_number, timestamp"),
        (b"hello world\n", "missing header columns: transaction_id, merchant_id, amount, currency, card_number, timestamp"),
        (csv_body(header=HEADER + ",amount"), "repeated header columns: amount"),
    ],
)
def test_refused_files_name_their_reason(data, why):
    assert refusal(data) == why


def test_header_names_match_after_surrounding_spaces_and_extra_columns_are_kept_in_place():
    header, _ = read(b"note, amount ,transaction_id,merchant_id,currency,card_number,timestamp,extra\n")
    assert header.index == {"transaction_id": 2, "merchant_id": 3, "amount": 1, "currency": 4,
                            "card_number": 5, "timestamp": 6}


def test_a_nul_byte_in_a_data_record_fails_only_that_records_rule():
    # GIVEN a valid header and a NUL inside a data field, in the first 8 KiB
    _, rows = read(csv_body(row(merchant_id="m\x00"), row(transaction_id="t2")))
    # THEN the file is read; the NUL is just a character of its field
    assert rows == [(2, row(merchant_id="m\x00").split(",")), (3, row(transaction_id="t2").split(","))]


def test_a_bare_carriage_return_outside_quotes_makes_its_record_malformed():
    _, rows = read(csv_body(row(transaction_id="t1") + "\r" + row(transaction_id="t2"), row(transaction_id="t3")))
    assert rows[0] == RowError(2, "*", "malformed CSV record")
    assert rows[1][0] == 3
