"""csv-validation and anomaly-detection count files, rows and anomalies in their log lines, as CloudWatch reads them."""

import json

import pytest

from functions.transaction_metrics.metrics import AnomalyRule, FileFailure, RowRejection
from tests.unit.transaction_processor.tp_metrics_tour import SCENARIOS, play

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
