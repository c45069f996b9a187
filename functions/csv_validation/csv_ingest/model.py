"""The values that flow through the pipeline: a valid row, a row error, a refused file."""

from dataclasses import dataclass
from typing import Dict, Union

from transaction_metrics.metrics import FileFailure, RowRejection

WHOLE_RECORD = "*"  # the ``column`` of an error about the record, not one of its fields


@dataclass(frozen=True)
class RowError:
    """One rejected row: its record number (header = 1), the first failing column, why.

    The reason never quotes the value: a misplaced card number must not leak.
    ``code`` is what the ``RowsRejected`` metric counts it under; the stored
    result and the log keep the reason's text.
    """

    row: int
    column: str
    reason: str
    code: RowRejection

    def as_dict(self) -> Dict[str, Union[int, str]]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class Transaction:
    """A valid row, ready to store: only the card's last four digits are kept."""

    row_number: int
    transaction_id: str
    merchant_id: str
    amount: str  # the exact decimal as written, e.g. "12.50"; never a float
    currency: str
    card_last4: str
    timestamp: str  # ISO 8601 extended, with the row's own offset


class FileRejected(Exception):
    """The whole file is refused (FAILED): nothing of it is stored. ``code`` is the ``FilesFailed`` metric's."""

    def __init__(self, code: FileFailure, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
