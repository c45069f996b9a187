"""Partial batch responses for SQS and stream event sources.

One record handler (pure of the batch) and a loop that reports exactly the
records that failed, the shape Lambda expects with ``ReportBatchItemFailures``
(Powertools' ``process_partial_response``, in a few lines: zips carry no
third-party code).
"""

import json
import logging
from typing import Any, Callable, Dict, Iterable, List, Optional

Record = Dict[str, Any]


class MissingItemId(RuntimeError):
    """A failed record has no id to report: the whole batch fails, so nothing is lost."""


def process_partial_batch(
    records: Iterable[Record],
    handle_record: Callable[[Record], Any],
    item_id: Callable[[Record], Optional[str]],
    logger: logging.Logger,
) -> Dict[str, List[Dict[str, str]]]:
    """``{"batchItemFailures": [{"itemIdentifier": id}, ...]}`` for the records that raised.

    A record that succeeded is never reported. A failed record without an id
    raises ``MissingItemId`` after the loop (Lambda then retries the whole
    batch): reporting an empty id would make Lambda treat the batch as failed
    anyway, and skipping it would drop the record.
    """
    failures: List[Dict[str, str]] = []
    unidentified = 0
    for record in records:
        try:
            handle_record(record)
        except Exception as error:  # noqa: BLE001 - every failure is reported, never dropped
            identifier = item_id(record) if isinstance(record, dict) else None
            logger.warning(
                json.dumps(
                    {"outcome": "record_failed", "item_id": identifier, "error": type(error).__name__,
                     "detail": str(error)[:500]},
                    default=str,
                )
            )
            if identifier:
                failures.append({"itemIdentifier": identifier})
            else:
                unidentified += 1
    if unidentified:
        raise MissingItemId(f"{unidentified} failed record(s) carry no id to report")
    return {"batchItemFailures": failures}


def sqs_message_id(record: Record) -> Optional[str]:
    return record.get("messageId") or None


def stream_sequence_number(record: Record) -> Optional[str]:
    dynamodb = record.get("dynamodb")
    return (dynamodb.get("SequenceNumber") if isinstance(dynamodb, dict) else None) or None
