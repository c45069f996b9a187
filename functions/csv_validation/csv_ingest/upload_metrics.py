"""What an answered upload counts (``transaction_metrics``), in the log lines the handler writes for it.

Only the run that records the result counts: a redelivery of a finished
upload (``already_processed``) and a run overtaken by a newer version of
the file (``superseded``) count nothing, so each file is counted once.
The outcome line of a PROCESSED file carries ``FilesProcessed`` and
``RowsStored``; then one ``rows_rejected`` line per rejection code carries
``RowsRejected`` (a line holds one value per dimension). A FAILED file's
line carries ``FilesFailed`` with the failure's code.
"""

from typing import Any, Dict, Iterator, Tuple

from business_metrics import emf
from csv_ingest.ingest import UploadSummary
from transaction_metrics.metrics import CATALOGUE, FILES_FAILED, FILES_PROCESSED, ROWS_REJECTED, ROWS_STORED

PROCESSED, FAILED = "processed", "failed"


def outcome_metrics(summary: UploadSummary) -> Dict[str, Any]:
    if summary.outcome == PROCESSED:
        return emf.members(CATALOGUE, {FILES_PROCESSED: 1, ROWS_STORED: summary.rows_accepted})
    if summary.outcome == FAILED:
        return emf.members(CATALOGUE, {FILES_FAILED: 1}, Reason=summary.failure_code)
    return {}


def rejection_lines(summary: UploadSummary) -> Iterator[Tuple[Dict[str, Any], Dict[str, Any]]]:
    """(log fields, metrics) of each ``rows_rejected`` line the upload's answer is followed by."""
    if summary.outcome != PROCESSED:
        return
    for code, rows in summary.rejections.items():
        fields = {"upload_id": summary.upload_id, "reason": code.value, "rows": rows}
        yield fields, emf.members(CATALOGUE, {ROWS_REJECTED: rows}, Reason=code)
