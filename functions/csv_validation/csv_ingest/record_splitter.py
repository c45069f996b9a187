"""Cut a byte stream into numbered CSV records, in one pass, with bounded memory.

Records end at a line feed outside a quoted field, exactly where Python's
``csv`` module would end them (RFC 4180: a quote opens a quoted field only at
the start of a field; ``""`` inside one is an escaped quote). Splitting bytes,
not text, lets an invalid UTF-8 sequence spoil only the record it is in:
quotes, commas and line feeds are ASCII, which never occurs inside a UTF-8
multi-byte sequence. A record ends at a line feed only (CRLF or LF); a bare
CR outside quotes (old Mac line ends) leaves a record that the strict parse
then rejects as malformed.

A record longer than ``max_record_bytes`` is not kept: it comes out with
``data=None`` (the quote state is still followed to find its end), so an
unclosed quote or a file without line feeds cannot fill the memory.
"""

from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional

MAX_RECORD_BYTES = 64 * 1024

_QUOTE = 0x22
_FIELD_START, _UNQUOTED, _QUOTED, _QUOTE_IN_QUOTED = range(4)


@dataclass(frozen=True)
class RawRecord:
    number: int  # 1-based, blank lines included
    data: Optional[bytes]  # without its line end; None when longer than the limit

    @property
    def blank(self) -> bool:
        return self.data is not None and self.data in (b"", b"\r")


def _advance(state: int, piece: bytes) -> int:
    """The quote state after ``piece`` (a part of one line, without line feeds)."""
    if state in (_FIELD_START, _UNQUOTED) and _QUOTE not in piece:
        if not piece:
            return state
        return _FIELD_START if piece[-1] == 0x2C else _UNQUOTED  # fast path: most lines
    i, end = 0, len(piece)
    while i < end:
        if state == _FIELD_START:
            if piece[i] == _QUOTE:
                state, i = _QUOTED, i + 1
            else:
                state = _UNQUOTED
        elif state == _UNQUOTED:  # a quote here is a literal character
            comma = piece.find(b",", i)
            if comma < 0:
                return _UNQUOTED
            state, i = _FIELD_START, comma + 1
        elif state == _QUOTED:
            quote = piece.find(b'"', i)
            if quote < 0:
                return _QUOTED
            state, i = _QUOTE_IN_QUOTED, quote + 1
        elif piece[i] == _QUOTE:  # _QUOTE_IN_QUOTED: "" is an escaped quote
            state, i = _QUOTED, i + 1
        else:  # the field's closing quote was followed by something else
            state = _UNQUOTED
    return state


class _Record:
    """The record being read: its pieces, unless it has outgrown the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pieces: List[bytes] = []
        self.size = 0
        self.too_long = False

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limit:
            self.too_long, self.pieces = True, []
        elif piece:
            self.pieces.append(piece)

    def data(self) -> Optional[bytes]:
        return None if self.too_long else b"".join(self.pieces)


def split_records(chunks: Iterable[bytes], max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    state, number = _FIELD_START, 0
    record = _Record(max_record_bytes)
    for chunk in chunks:
        start = 0
        while True:
            line_feed = chunk.find(b"\n", start)
            piece = chunk[start:] if line_feed < 0 else chunk[start:line_feed]
            state = _advance(state, piece)
            record.add(piece)
            if line_feed < 0:
                break
            start = line_feed + 1
            if state == _QUOTED:  # a line feed inside a quoted field belongs to it
                record.add(b"\n")
                continue
            number += 1
            yield RawRecord(number, record.data())
            state, record = _FIELD_START, _Record(max_record_bytes)
    if record.size or state == _QUOTED:  # the last record has no line end
        yield RawRecord(number + 1, record.data())
