"""One uploaded object from claim to answer: stream, validate, write, report.

Time: no AWS call starts unless it and the final result update fit before
the deadline (``lambda_kit.deadline``); otherwise ``OutOfTime`` is raised
once the writes in flight are done, the result stays PROCESSING and Lambda
retries the event. A retry rewrites nothing: rows already stored come back
as identical (accepted) or as duplicates, exactly as the first time.
"""

from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, Dict, Mapping, Optional

from csv_ingest import upload_results
from csv_ingest.aws_clients import WRITE_THREADS
from csv_ingest.csv_reader import open_csv
from csv_ingest.model import FileRejected, RowError, Transaction
from csv_ingest.rows import validate_row
from csv_ingest.s3_objects import ObjectStream, UploadedObject
from csv_ingest.settings import Settings
from csv_ingest.tally import UploadTally
from csv_ingest.transactions_table import WriteOutcome, put_transaction
from csv_ingest.write_pool import WritePool
from lambda_kit.deadline import Deadline
from transaction_metrics.metrics import FileFailure, RowRejection

CALLS_TO_FINISH = 1  # the upload result's final update


@dataclass(frozen=True)
class UploadSummary:
    upload_id: str
    outcome: str  # processed, failed, already_processed, superseded
    status: Optional[str]  # None when superseded: the newer version's run answers
    rows_total: int
    rows_accepted: int
    rows_rejected: int
    failure_reason: Optional[str] = None
    # For the metrics only: the answer and the stored result keep the reason's text.
    failure_code: Optional[FileFailure] = None
    rejections: Mapping[RowRejection, int] = field(default_factory=dict)  # rows by code, every one

    def as_dict(self) -> Dict[str, Any]:
        """The answer: what ``outcome`` and the counts say, without the metrics' codes."""
        return {key: value for key, value in asdict(self).items()
                if value is not None and key not in ("failure_code", "rejections")}


def _stored_summary(obj: UploadedObject, finished: upload_results.Finished) -> UploadSummary:
    def number(name: str) -> int:
        return int(finished.item.get(name, {}).get("N", "0"))

    return UploadSummary(
        upload_id=obj.upload_id,
        outcome=finished.outcome,
        status=finished.item.get("status", {}).get("S", ""),
        rows_total=number("rows_total"),
        rows_accepted=number("rows_accepted"),
        rows_rejected=number("rows_rejected"),
        failure_reason=finished.item.get("failure_reason", {}).get("S"),
    )


def _record(tally: UploadTally, outcome: WriteOutcome) -> None:
    if outcome.error is None:
        tally.accept()
    else:
        tally.reject(outcome.error)


def store_rows(clients: Any, settings: Settings, obj: UploadedObject, deadline: Deadline, tally: UploadTally) -> None:
    """Every data row of the object stored or rejected into ``tally``; ``FileRejected`` before any write."""
    deadline.require(1 + CALLS_TO_FINISH)
    stream = ObjectStream(clients.s3, obj, settings.max_upload_bytes)
    try:
        header, records = open_csv(stream.chunks())
        write = partial(put_transaction, clients.dynamodb, settings.transactions_table, obj.upload_id)
        pool: WritePool[Transaction, WriteOutcome]
        with WritePool(write, WRITE_THREADS) as pool:
            for record in records:
                row = record if isinstance(record, RowError) else validate_row(header, *record)
                if isinstance(row, RowError):
                    tally.reject(row)
                    continue
                deadline.require(1 + CALLS_TO_FINISH)
                for outcome in pool.submit(row.transaction_id, row):
                    _record(tally, outcome)
            for outcome in pool.drain():
                _record(tally, outcome)
    finally:
        stream.close()
    if tally.rows_total == 0:
        raise FileRejected(FileFailure.NO_ROWS, "file has a header but no rows")


def ingest(clients: Any, settings: Settings, obj: UploadedObject, deadline: Deadline) -> UploadSummary:
    table = settings.upload_results_table
    deadline.require(1 + CALLS_TO_FINISH)
    claim = upload_results.claim(clients.dynamodb, table, obj)
    if isinstance(claim, upload_results.Finished):
        return _stored_summary(obj, claim)
    tally = UploadTally()
    refused: Optional[FileRejected] = None
    if obj.size is not None and obj.size > settings.max_upload_bytes:
        refused = FileRejected(FileFailure.TOO_LARGE, f"file is larger than {settings.max_upload_bytes} bytes")
    elif obj.size == 0:
        refused = FileRejected(FileFailure.EMPTY, "file is empty")
    else:
        try:
            store_rows(clients, settings, obj, deadline, tally)
        except FileRejected as rejected:
            refused = rejected
    failure = refused.reason if refused else None
    counts = {"rows_total": tally.rows_total, "rows_accepted": tally.rows_accepted,
              "rows_rejected": tally.rows_rejected}
    deadline.require(CALLS_TO_FINISH)
    owned = upload_results.finish(clients.dynamodb, table, obj, claim.ttl, counts, tally.errors(), failure)
    return UploadSummary(
        upload_id=obj.upload_id,
        outcome=("failed" if failure else "processed") if owned else "superseded",
        status=(upload_results.FAILED if failure else upload_results.PROCESSED) if owned else None,
        failure_reason=failure,
        failure_code=refused.code if refused else None,
        rejections=tally.rejections(),
        **counts,
    )
