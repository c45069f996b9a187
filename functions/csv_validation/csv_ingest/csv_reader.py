"""From the object's bytes to a header and numbered data records, or a refused file.

The file is refused (``FileRejected``) only for what its start shows: no
bytes, another encoding's byte order mark, a header that is not UTF-8, not
one CSV record, or lacks a required column (reported as binary content when
the first 8 KiB hold NUL bytes: a zip, an image). A NUL byte in a data
record only makes that record fail its column's rule. Later, a record that is not UTF-8, has broken quoting or is
too long becomes a ``RowError`` for that record alone. Blank lines keep their
record number but are neither rows nor errors.
"""

import csv
import re
from itertools import chain
from typing import Iterable, Iterator, List, Tuple, Union

from csv_ingest.model import WHOLE_RECORD, FileRejected, RowError
from csv_ingest.record_splitter import MAX_RECORD_BYTES, RawRecord, split_records
from csv_ingest.rows import Header, read_header
from transaction_metrics.metrics import FileFailure, RowRejection

SNIFF_BYTES = 8 * 1024
UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of an invalid byte

DataRecord = Union[Tuple[int, List[str]], RowError]


def _start_and_rest(chunks: Iterable[bytes]) -> Tuple[bytes, Iterator[bytes]]:
    """The first ``SNIFF_BYTES`` (or fewer, at the end of the file) and the chunks after them."""
    rest = iter(chunks)
    start = b""
    for chunk in rest:
        start += chunk
        if len(start) >= SNIFF_BYTES:
            break
    return start, rest


def _one_record(text: str) -> List[str]:
    return next(csv.reader((text,), strict=True))  # csv.Error for broken quoting


def _header(record: RawRecord) -> Header:
    if record.number != 1:
        raise FileRejected(FileFailure.BAD_HEADER, "no header row: the file starts with a blank line")
    if record.data is None:
        raise FileRejected(FileFailure.NOT_CSV, f"not a CSV file: the header is longer than {MAX_RECORD_BYTES} bytes")
    try:
        text = record.data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRejected(FileFailure.NOT_UTF8, "not UTF-8: invalid byte sequence in the header") from None
    try:
        names = _one_record(text)
    except csv.Error:
        raise FileRejected(FileFailure.NOT_CSV, "not a CSV file: the header is not a valid CSV record") from None
    return read_header(names)


def open_csv(chunks: Iterable[bytes]) -> Tuple[Header, Iterator[DataRecord]]:
    """The header and a lazy iterator of data records; ``FileRejected`` for a refused file."""
    start, rest = _start_and_rest(chunks)
    if not start:
        raise FileRejected(FileFailure.EMPTY, "file is empty")
    for bom, encoding in _OTHER_BOMS:
        if start.startswith(bom):
            raise FileRejected(FileFailure.NOT_UTF8, f"not UTF-8: the file starts with a {encoding} byte order mark")
    if start.startswith(UTF8_BOM):
        start = start[len(UTF8_BOM):]
    records = split_records(chain((start,), rest))
    try:
        first = next((record for record in records if not record.blank), None)
        if first is None:
            raise FileRejected(FileFailure.EMPTY, "file is empty")
        header = _header(first)
    except FileRejected:
        if b"\x00" in start:  # no CSV header, and NUL bytes: say what the file really is
            raise FileRejected(FileFailure.NOT_CSV, "not a CSV file: binary content (NUL bytes)") from None
        raise
    return header, (parse_record(header, record) for record in records if not record.blank)


def parse_record(header: Header, record: RawRecord) -> DataRecord:
    """``(record number, values)``, or the error that rejects the whole record."""
    if record.data is None:
        return RowError(record.number, WHOLE_RECORD, f"record longer than {MAX_RECORD_BYTES} bytes",
                        RowRejection.MALFORMED_RECORD)
    try:
        text = record.data.decode("utf-8")
    except UnicodeDecodeError:
        return _invalid_utf8(header, record.number, record.data)
    try:
        return record.number, _one_record(text)
    except csv.Error:
        return RowError(record.number, WHOLE_RECORD, "malformed CSV record", RowRejection.MALFORMED_RECORD)


def _invalid_utf8(header: Header, number: int, data: bytes) -> RowError:
    """Names the column holding the first invalid byte when the record still parses."""
    column = WHOLE_RECORD
    try:
        values = _one_record(data.decode("utf-8", "surrogateescape"))
        position = next(i for i, value in enumerate(values) if _ESCAPED_BYTE.search(value))
        column = header.column_at(position)
    except (csv.Error, StopIteration):
        pass
    return RowError(number, column, "not valid UTF-8", RowRejection.NOT_UTF8)
