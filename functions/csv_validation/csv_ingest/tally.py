"""The counts of one upload and its first row errors, in memory bounded by the error cap.

Write outcomes arrive out of row order (the writes run concurrently), so the
first ``MAX_ERRORS`` errors by row are kept in a heap, not a list of all.
"""

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Tuple, Union

from csv_ingest.model import RowError
from transaction_metrics.metrics import RowRejection

MAX_ERRORS = 100


@dataclass
class UploadTally:
    rows_accepted: int = 0
    rows_rejected: int = 0
    max_errors: int = MAX_ERRORS
    rejected_by_code: Counter = field(default_factory=Counter)  # RowRejection -> rows, all of them
    _worst_first: List[Tuple[int, int, RowError]] = field(default_factory=list)  # heap on -row

    @property
    def rows_total(self) -> int:
        return self.rows_accepted + self.rows_rejected

    def accept(self) -> None:
        self.rows_accepted += 1

    def reject(self, error: RowError) -> None:
        self.rows_rejected += 1
        self.rejected_by_code[error.code] += 1
        entry = (-error.row, self.rows_rejected, error)  # the count breaks ties
        if len(self._worst_first) < self.max_errors:
            heapq.heappush(self._worst_first, entry)
        elif entry > self._worst_first[0]:  # an earlier row than the latest one kept
            heapq.heapreplace(self._worst_first, entry)

    def errors(self) -> List[Dict[str, Union[int, str]]]:
        """The first errors by row number, as stored in the upload result."""
        return [error.as_dict() for error in sorted((e for _, _, e in self._worst_first), key=lambda e: e.row)]

    def rejections(self) -> Dict[RowRejection, int]:
        """Every rejected row by its code, in the order of the codes."""
        return {code: self.rejected_by_code[code] for code in RowRejection if self.rejected_by_code[code]}
