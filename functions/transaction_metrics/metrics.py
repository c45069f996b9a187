"""The transaction processor's business metrics: the one catalogue the functions and the dashboard use.

The stack imports this module too (as ``functions.transaction_metrics.metrics``)
to draw the dashboard's business row. The transaction API counts nothing here:
its requests are API Gateway's metrics, and the business event they lead to,
a file arriving, is counted by csv-validation.
"""

from enum import Enum

try:  # in a function's zip, business_metrics is bundled beside this package
    from business_metrics.catalogue import Catalogue, Dimension, Metric, Unit
except ModuleNotFoundError:  # imported by the stack, from the repository root
    from functions.business_metrics.catalogue import Catalogue, Dimension, Metric, Unit


class FileFailure(str, Enum):
    """Why a whole file was refused (FAILED); the reason's text stays in the upload result and the log."""

    EMPTY = "empty"  # no bytes, or only blank lines
    TOO_LARGE = "too_large"  # over the upload limit
    NOT_UTF8 = "not_utf8"  # another encoding's byte order mark, or a header that is not UTF-8
    NOT_CSV = "not_csv"  # binary content, or a header that is not one CSV record
    BAD_HEADER = "bad_header"  # a required column missing or repeated, or no header row
    NO_ROWS = "no_rows"  # a header and nothing else
    OBJECT_GONE = "object_gone"  # deleted before it was read


class RowRejection(str, Enum):
    """Why one row was rejected: its first failing column's rule, or what is wrong with the whole record."""

    INVALID_TRANSACTION_ID = "invalid_transaction_id"
    INVALID_MERCHANT_ID = "invalid_merchant_id"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_CURRENCY = "invalid_currency"
    INVALID_CARD_NUMBER = "invalid_card_number"
    INVALID_TIMESTAMP = "invalid_timestamp"
    WRONG_FIELD_COUNT = "wrong_field_count"  # another number of fields than the header
    MALFORMED_RECORD = "malformed_record"  # broken quoting, or longer than a record may be
    NOT_UTF8 = "not_utf8"
    DUPLICATE_TRANSACTION_ID = "duplicate_transaction_id"  # the id is stored with other values


class AnomalyRule(str, Enum):
    """The anomaly rules, by the name an alert gives as its reason."""

    HIGH_AMOUNT = "high_amount"
    TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"


FILES_PROCESSED = Metric("FilesProcessed", Unit.COUNT)
FILES_FAILED = Metric("FilesFailed", Unit.COUNT, Dimension.of("Reason", FileFailure))
ROWS_STORED = Metric("RowsStored", Unit.COUNT)
ROWS_REJECTED = Metric("RowsRejected", Unit.COUNT, Dimension.of("Reason", RowRejection))
ANOMALIES_FLAGGED = Metric("AnomaliesFlagged", Unit.COUNT, Dimension.of("Rule", AnomalyRule))

CATALOGUE = Catalogue(
    "TransactionProcessor", (FILES_PROCESSED, FILES_FAILED, ROWS_STORED, ROWS_REJECTED, ANOMALIES_FLAGGED)
)
