"""Each answer's log line carries its business metric: names, units, dimensions and values, as CloudWatch reads them.

The lines are read as Lambda writes them with the JSON log format, checked
against the EMF specification and extracted (``tests.fixtures.emf``).
"""

import json
import sys

import pytest

from functions.webhook_events.metrics import RejectReason
from functions.webhook_events.routes import TRANSACTION_TYPES
from tests.fixtures.emf import captured_metrics
from tests.fixtures.lambda_context import FakeLambdaContext
from tests.unit.webhook_pipeline.webhook_metrics_tour import SCENARIOS, Scenario, harness, play
from tests.unit.webhook_pipeline.webhook_test_support import OTHER_SECRET, event_body, make_delivery

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


def metrics_dropped(captured) -> list:
    return [json.loads(line["message"]) for line in captured.lines
            if line["logger"] == "business_metrics" and line["level"] == "WARNING"]


def outcomes(captured) -> list:
    return [json.loads(line["message"])["outcome"] for line in captured.lines
            if line["logger"] in ("webhook_validator", "event_router")]


@pytest.fixture
def broken_metrics():
    """The harness, with the EMF builder every handler's metrics go through raising; the lines logged."""
    with harness("dev") as h, captured_metrics() as captured:
        emf = sys.modules["business_metrics.emf"]
        assert h.router.emf is emf

        def broken(*args, **kwargs):
            raise RuntimeError("metric builder broken")

        h.env.setattr(emf, "document_members", broken)
        yield h, captured


DROPPED = {"outcome": "metrics_dropped", "namespace": "WebhookPipeline", "error": "RuntimeError: metric builder broken"}


def test_a_failing_metric_builder_changes_no_answer_of_the_validator(broken_metrics):
    h, captured = broken_metrics
    event = event_body("payment_delivery.json")
    # WHEN a delivery is accepted and a forged one refused
    assert h.deliver(make_delivery()) == 200
    assert h.deliver(make_delivery(secret=OTHER_SECRET)) == 401
    # THEN the accepted one was claimed, handed on once and the claim completed
    assert h.aws.item(event["event_id"])["status"] == {"S": "COMPLETED"}
    assert [json.loads(call["Payload"]) for call in h.aws.lambda_client.calls] == [event]
    # THEN each outcome line went out without its metric, after a warning naming why
    assert (outcomes(captured), captured.emf_lines, metrics_dropped(captured)) == (
        ["accepted", "rejected"], [], [DROPPED] * 2)


def test_a_failing_metric_builder_changes_nothing_the_router_does(broken_metrics):
    h, captured = broken_metrics
    event = event_body("payment_delivery.json")
    # WHEN the router routes an event
    answer = h.router.handler(event, FakeLambdaContext(function_name="event-router"))
    # THEN it returned normally (no Lambda retry, so no second copy) and the event is queued once
    [message] = h.aws.messages("payment")
    assert answer["message_id"] == message["MessageId"] and json.loads(message["Body"]) == event
    assert (outcomes(captured), captured.emf_lines, metrics_dropped(captured)) == (["routed"], [], [DROPPED])
