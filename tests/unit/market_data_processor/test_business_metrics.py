"""The data processor counts alerts sent by type and ticks parked by reason in its outcome lines."""

import json
import sys

import pytest

from functions.market_data_processor.market_data.metrics import ParkReason
from functions.market_data_processor.market_data.rules import AlertType
from tests.fixtures.emf import captured_metrics
from tests.unit.market_data_processor.market_data_support import tick
from tests.unit.market_data_processor.md_metrics_tour import SCENARIOS, harness, play

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_outcome_is_counted_in_the_market_data_processor_namespace(scenario):
    captured = play(scenario, environment="pr-42")
    data = captured.data()
    assert {(d.namespace, d.unit) for d in data} <= {("MarketDataProcessor", "Count")}
    assert {d.dimensions[0] for d in data} <= {("Environment", "pr-42")}
    assert captured.totals() == scenario.expected


def test_a_malformed_tick_is_counted_on_its_moved_to_dlq_line_with_the_code_not_the_text():
    [line] = play(BY_NAME["parked_invalid_price"]).emf_lines
    text = json.loads(line["message"])
    assert (text["outcome"], text["reason"]) == ("moved_to_dlq", "price -1 is not greater than 0")
    assert (line["Reason"], line["TicksParked"]) == ("invalid_price", 1)


def test_a_conflict_that_publishes_the_other_ticks_alert_counts_both_on_one_line():
    [line] = play(BY_NAME["conflict_with_a_pending_alert"]).emf_lines
    assert json.loads(line["message"])["outcome"] == "alert_conflict"
    assert [d["Dimensions"] for d in line["_aws"]["CloudWatchMetrics"]] == [
        [["Environment", "Reason"]], [["Environment", "AlertType"]]]


def test_every_code_and_alert_type_has_a_scenario():
    dimensions = {value for s in SCENARIOS for _, dims in s.expected for _, value in dims}
    assert dimensions == {c.value for codes in (ParkReason, AlertType) for c in codes}


def test_a_failing_metric_builder_changes_no_alert_and_parks_nothing_more():
    def broken(*args, **kwargs):
        raise RuntimeError("metric builder broken")

    with harness("dev") as h, pytest.MonkeyPatch.context() as patch, captured_metrics() as captured:
        patch.setattr(sys.modules["business_metrics.emf"], "document_members", broken)
        # WHEN an alerting tick and a malformed one are processed
        # THEN neither is reported failed (no redelivery): the alert is sent and marked, the other parked
        assert h.process(tick(price="151.25"), tick(price="-1")) == {"batchItemFailures": []}
        [alert] = h.dynamodb.scan(TableName="market-alerts-metrics")["Items"]
        assert alert["status"] == {"S": "SENT"}
    outcomes = [json.loads(line["message"])["outcome"] for line in captured.lines if line["logger"] == "market_data_processor"]
    dropped = [json.loads(line["message"]) for line in captured.lines if line["logger"] == "business_metrics"]
    assert "alert_sent" in outcomes and "moved_to_dlq" in outcomes and captured.emf_lines == []
    assert dropped == [{"outcome": "metrics_dropped", "namespace": "MarketDataProcessor",
                        "error": "RuntimeError: metric builder broken"}] * 2
