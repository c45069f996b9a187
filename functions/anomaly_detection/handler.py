"""anomaly-detection Lambda: DynamoDB stream (NEW_AND_OLD_IMAGES) of the transactions table.

For each INSERT (the mapping filters on it; anything else is ignored without
an AWS call) the rules run on the new image; a transaction with reasons is
alerted on once (``flagging.alert_once``), one without costs no AWS call.
Partial batch response: only failing records are reported, by sequence
number, including records that can never succeed (malformed images) so that
the mapping's retries end in its failure queue. Records that cannot be
finished before the deadline are reported without starting any call.

A new alert is counted once per rule that fired (``AnomaliesFlagged`` by
``Rule``, one ``anomaly_flagged`` line each, as a line holds one value per
dimension) as soon as it is published; a redelivered one is not.

Raises only when the batch cannot be answered at all: a misconfigured
environment, or a failed record without a sequence number (lambda_kit.batch).
"""

import logging
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Dict, List

from anomaly_rules.flagging import ALREADY_FLAGGED, alert_once
from anomaly_rules.rules import reasons
from anomaly_rules.settings import Settings
from anomaly_rules.transaction import inserted_transaction
from business_metrics import emf
from lambda_kit.batch import process_partial_batch, stream_sequence_number
from lambda_kit.deadline import Deadline
from lambda_kit.logs import log_json
from transaction_metrics.metrics import ANOMALIES_FLAGGED, CATALOGUE

logger = logging.getLogger("anomaly_detection")
logger.setLevel(logging.INFO)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def handler(event: Any, context: Any) -> Dict[str, List[Dict[str, str]]]:
    settings = Settings.from_env()
    deadline = Deadline.from_context(context)
    now = utc_now()
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        log_json(logger, logging.WARNING, "no_records", event_type=type(event).__name__)
        return {"batchItemFailures": []}
    tally: Counter = Counter()

    def handle(record: Any) -> None:
        transaction = inserted_transaction(record)
        if transaction is None:
            tally["ignored"] += 1
            return
        fired = reasons(transaction, settings.high_amount_threshold, now)
        if not fired:
            tally["normal"] += 1
            return
        outcome = alert_once(transaction, fired, settings, deadline)
        tally[outcome] += 1
        log_json(logger, logging.INFO, outcome, transaction_id=transaction.transaction_id,
                 upload_id=transaction.upload_id, reasons=fired)
        if outcome != ALREADY_FLAGGED:  # a new alert: one line per rule, each counting it under its Rule
            for rule in fired:
                log_json(logger, logging.INFO, "anomaly_flagged", transaction_id=transaction.transaction_id, rule=rule,
                         metrics=emf.members(CATALOGUE, {ANOMALIES_FLAGGED: 1}, Rule=rule))

    result = process_partial_batch(records, handle, stream_sequence_number, logger)
    log_json(logger, logging.INFO, "batch_done", records=len(records), failed=len(result["batchItemFailures"]),
             **tally)
    return result
