"""Each answer's log line carries its business metric: names, units, dimensions and values, as CloudWatch reads them.

The lines are read as Lambda writes them with the JSON log format, checked
against the EMF specification and extracted (``tests.fixtures.emf``).
"""

import json

import pytest

from functions.webhook_events.metrics import RejectReason
from functions.webhook_events.routes import TRANSACTION_TYPES
from tests.unit.webhook_pipeline.webhook_metrics_tour import SCENARIOS, Scenario, play
from tests.unit.webhook_pipeline.webhook_test_support import event_body, make_delivery

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_outcome_is_counted_once_in_the_webhook_pipeline_namespace(scenario):
    # WHEN the handlers answer one delivery (or route one event) of this outcome
    captured = play(scenario, environment="pr-42")
    # THEN the lines are valid EMF and CloudWatch extracts exactly the expected counts
    data = captured.data()
    assert {(d.namespace, d.unit) for d in data} == {("WebhookPipeline", "Count")}
    assert {d.dimensions[0] for d in data} == {("Environment", "pr-42")}
    assert captured.totals() == scenario.expected


def test_the_metric_rides_on_the_outcome_line_and_the_reason_text_stays_out_of_the_dimensions():
    captured = play(BY_NAME["bad_signature"], environment="dev")
    [line] = captured.emf_lines
    assert json.loads(line["message"]) == {"outcome": "rejected", "status": 401, "error": "No valid webhook signature"}
    assert (line["Reason"], line["DeliveriesRejected"], line["Environment"]) == ("bad_signature", 1, "dev")
    assert len([n for n in captured.lines if n["logger"] == "webhook_validator"]) == 1


def test_every_rejection_reason_and_transaction_type_has_a_scenario():
    dimensions = {value for s in SCENARIOS for _, dims in s.expected for _, value in dims}
    assert dimensions == {r.value for r in RejectReason} | set(TRANSACTION_TYPES)


def test_without_an_environment_the_lines_carry_no_metrics():
    captured = play(BY_NAME["accepted"], environment="")
    assert captured.lines and not captured.emf_lines


def test_a_number_a_float_would_change_is_counted_as_an_invalid_event():
    def lossy_amount(h):
        body = json.dumps({**event_body("payment_delivery.json"), "amount": 0}).replace(
            '"amount": 0', '"amount": 12345678901234567.89')
        assert h.deliver(make_delivery(body=body)) == 400

    captured = play(Scenario("lossy_amount", lossy_amount, {}), environment="dev")
    [line] = captured.emf_lines
    assert json.loads(line["message"])["error"].startswith("Field 'amount' holds a number")
    assert captured.totals() == {("DeliveriesRejected", (("Reason", "invalid_event"),)): 1}
