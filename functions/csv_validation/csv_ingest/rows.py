"""The header's required columns and the validation of one data record."""

from dataclasses import dataclass
from typing import Callable, Dict, List, Sequence, Tuple, Union

from csv_ingest import fields
from csv_ingest.model import WHOLE_RECORD, FileRejected, RowError, Transaction
from transaction_metrics.metrics import FileFailure, RowRejection

# In the contract's order, which is also the order a row's columns are checked
# in: the error names the first failing column of this list, wherever the
# file puts it. Each with the code its rejections are counted under.
RULES: Tuple[Tuple[str, Callable[[str], str], RowRejection], ...] = (
    ("transaction_id", fields.transaction_id, RowRejection.INVALID_TRANSACTION_ID),
    ("merchant_id", fields.merchant_id, RowRejection.INVALID_MERCHANT_ID),
    ("amount", fields.amount, RowRejection.INVALID_AMOUNT),
    ("currency", fields.currency, RowRejection.INVALID_CURRENCY),
    ("card_number", fields.card_last4, RowRejection.INVALID_CARD_NUMBER),
    ("timestamp", fields.timestamp, RowRejection.INVALID_TIMESTAMP),
)
REQUIRED_COLUMNS: Tuple[str, ...] = tuple(name for name, _, _ in RULES)


@dataclass(frozen=True)
class Header:
    names: Tuple[str, ...]  # every column of the file, in its order
    index: Dict[str, int]  # required column -> position

    def column_at(self, position: int) -> str:
        return self.names[position] if position < len(self.names) else WHOLE_RECORD


def read_header(names: Sequence[str]) -> Header:
    """The header's layout; ``FileRejected`` when a required column is missing or repeated.

    Names match exactly after surrounding spaces are dropped; extra columns
    are allowed and ignored.
    """
    cleaned = tuple(name.strip() for name in names)
    missing = [name for name in REQUIRED_COLUMNS if name not in cleaned]
    if missing:
        raise FileRejected(FileFailure.BAD_HEADER, f"missing header columns: {', '.join(missing)}")
    repeated = [name for name in REQUIRED_COLUMNS if cleaned.count(name) > 1]
    if repeated:
        raise FileRejected(FileFailure.BAD_HEADER, f"repeated header columns: {', '.join(repeated)}")
    return Header(names=cleaned, index={name: cleaned.index(name) for name in REQUIRED_COLUMNS})


def validate_row(header: Header, row_number: int, values: List[str]) -> Union[Transaction, RowError]:
    """The transaction a record describes, or the error naming its first failing column.

    A record with another number of fields than the header is refused as a
    whole: an unquoted comma (``1,000.00``) would shift every column after it.
    """
    if len(values) != len(header.names):
        return RowError(row_number, WHOLE_RECORD, f"has {len(values)} fields, the header has {len(header.names)}",
                        RowRejection.WRONG_FIELD_COUNT)
    clean: Dict[str, str] = {}
    for name, rule, code in RULES:
        try:
            clean[name] = rule(values[header.index[name]])
        except fields.FieldInvalid as invalid:
            return RowError(row_number, name, invalid.reason, code)
    return Transaction(
        row_number=row_number,
        transaction_id=clean["transaction_id"],
        merchant_id=clean["merchant_id"],
        amount=clean["amount"],
        currency=clean["currency"],
        card_last4=clean["card_number"],
        timestamp=clean["timestamp"],
    )
