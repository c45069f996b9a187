"""csv-validation and anomaly-detection count files, rows and anomalies in their log lines, as CloudWatch reads them."""

import json
import sys

import pytest

from functions.transaction_metrics.metrics import AnomalyRule, FileFailure, RowRejection
from tests.fixtures.emf import captured_metrics
from tests.unit.transaction_processor.anomaly_detection_support import image, stream_record
from tests.unit.transaction_processor.csv_validation_support import csv_body, row
from tests.unit.transaction_processor.tp_metrics_tour import SCENARIOS, harness, play

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_outcome_is_counted_in_the_transaction_processor_namespace(scenario):
    captured = play(scenario, environment="pr-42")
    data = captured.data()
    assert {(d.namespace, d.unit) for d in data} == {("TransactionProcessor", "Count")}
    assert {d.dimensions[0] for d in data} == {("Environment", "pr-42")}
    assert captured.totals() == scenario.expected


def test_a_processed_file_counts_on_its_outcome_line_then_one_line_per_rejection_code():
    captured = play(BY_NAME["processed"])
    lines = [(json.loads(line["message"]), line) for line in captured.emf_lines]
    (outcome, first), *rejections = lines
    assert outcome["outcome"] == "processed" and (first["FilesProcessed"], first["RowsStored"]) == (1, 2)
    assert [(text["outcome"], text["reason"], text["rows"], line["Reason"]) for text, line in rejections] == [
        ("rows_rejected", code.value, 1, code.value) for code in RowRejection]


def test_a_transaction_both_rules_flag_is_counted_once_per_rule_on_its_own_lines():
    captured = play(BY_NAME["flagged"])
    texts = [json.loads(line["message"]) for line in captured.emf_lines]
    assert [(t["outcome"], t["rule"]) for t in texts] == [
        ("anomaly_flagged", "high_amount"), ("anomaly_flagged", "timestamp_out_of_range")]


def test_every_code_has_a_scenario():
    dimensions = {value for s in SCENARIOS for _, dims in s.expected for _, value in dims}
    assert dimensions == {c.value for codes in (FileFailure, RowRejection, AnomalyRule) for c in codes}


@pytest.fixture
def broken_metrics():
    """The harness, with the EMF builder both handlers' metrics go through raising; the lines logged."""
    with harness("dev") as h, captured_metrics() as captured:
        def broken(*args, **kwargs):
            raise RuntimeError("metric builder broken")

        h.env.setattr(sys.modules["business_metrics.emf"], "document_members", broken)
        yield h, captured


def dropped(captured) -> list:
    return [json.loads(line["message"]) for line in captured.lines
            if line["logger"] == "business_metrics" and line["level"] == "WARNING"]


DROPPED = {"outcome": "metrics_dropped", "namespace": "TransactionProcessor",
           "error": "RuntimeError: metric builder broken"}


def test_a_failing_metric_builder_changes_no_recorded_upload_result(broken_metrics):
    h, captured = broken_metrics
    # WHEN a file with one valid row and one rejected row is processed
    answer = h.validate(h.uploads.put("uploads/metrics-broken.csv", csv_body(row(), row(transaction_id="t-2", amount="0"))))
    # THEN the handler answers normally (no Lambda retry) and the result is recorded
    assert [(u["status"], u["rows_accepted"], u["rows_rejected"]) for u in answer["uploads"]] == [("PROCESSED", 1, 1)]
    assert h.uploads.result("metrics-broken")["status"] == "PROCESSED"
    # THEN the outcome and rejection lines went out without metrics, each after a warning
    assert [json.loads(line["message"])["outcome"] for line in captured.lines if line["logger"] == "csv_validation"] \
        == ["processed", "rows_rejected"]
    assert (captured.emf_lines, dropped(captured)) == ([], [DROPPED] * 2)


def test_a_failing_metric_builder_changes_no_anomaly_alert(broken_metrics):
    h, captured = broken_metrics
    item = image("txn-flagged", amount="25000.00", timestamp="2025-11-21T12:00:00Z")
    h.uploads.aws.dynamodb.put_item(TableName=h.uploads.aws.transactions_table, Item=item)
    # WHEN a transaction both rules flag is detected THEN the record is not reported failed (no redelivery)
    assert h.detect([stream_record("100", item)]) == {"batchItemFailures": []}
    assert (captured.emf_lines, dropped(captured)) == ([], [DROPPED] * 2)
