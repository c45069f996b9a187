"""emf.members: the members that make a log line an EMF document, by the specification's rules."""

import json
import logging
import math
import time
from enum import Enum
from types import SimpleNamespace

import pytest
from business_metrics import emf
from business_metrics.catalogue import Catalogue, Dimension, Metric, Unit

from tests.fixtures.emf import Datum, emf_problems, extracted, lambda_json_line


class Reason(str, Enum):
    BAD_SIGNATURE = "bad_signature"
    TOO_LARGE = "too_large"


ACCEPTED = Metric("Accepted", Unit.COUNT)
REJECTED = Metric("Rejected", Unit.COUNT, Dimension.of("Reason", Reason))
ROUTED = Metric("Routed", Unit.COUNT, Dimension("TransactionType", ("payment", "refund")))
CATALOGUE = Catalogue("TestSystem", (ACCEPTED, REJECTED, ROUTED))
ENV = (("Environment", "pr-42"),)


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("METRICS_ENVIRONMENT", "pr-42")


def line_of(members: dict, message: str = '{"outcome": "accepted"}') -> dict:
    """The JSON line Lambda writes for a record logged with ``members`` as its extra."""
    record = logging.getLogger("test").makeRecord("test", logging.INFO, __file__, 1, message, (), None, extra=members)
    return lambda_json_line(record)


def test_without_an_environment_a_line_carries_no_metrics(monkeypatch):
    monkeypatch.delenv("METRICS_ENVIRONMENT", raising=False)
    assert emf.members(CATALOGUE, {ACCEPTED: 1}) == {}
    monkeypatch.setenv("METRICS_ENVIRONMENT", "")
    assert emf.members(CATALOGUE, {ACCEPTED: 1}) == {}


def test_a_metric_without_business_dimension_is_extracted_with_the_environment_only(environment):
    before = int(time.time() * 1000)
    members = emf.members(CATALOGUE, {ACCEPTED: 1})
    assert members == {
        "_aws": {"Timestamp": members["_aws"]["Timestamp"], "CloudWatchMetrics": [
            {"Namespace": "TestSystem", "Dimensions": [["Environment"]], "Metrics": [{"Name": "Accepted", "Unit": "Count"}]}]},
        "Environment": "pr-42",
        "Accepted": 1,
    }
    assert before <= members["_aws"]["Timestamp"] <= int(time.time() * 1000)
    line = line_of(members)
    assert emf_problems(line) == []
    assert extracted(line) == [Datum("TestSystem", "Accepted", "Count", ENV, 1)]


def test_the_log_line_keeps_its_message_and_gains_the_members_at_the_top_level(environment):
    line = line_of(emf.members(CATALOGUE, {REJECTED: 1}, Reason=Reason.TOO_LARGE), '{"outcome": "rejected"}')
    assert line["message"] == '{"outcome": "rejected"}' and line["level"] == "INFO"
    assert (line["Environment"], line["Reason"], line["Rejected"]) == ("pr-42", "too_large", 1)


def test_a_business_dimension_takes_an_enum_member_or_its_code(environment):
    by_enum = emf.members(CATALOGUE, {REJECTED: 2}, Reason=Reason.BAD_SIGNATURE)
    by_code = emf.members(CATALOGUE, {REJECTED: 2}, Reason="bad_signature")
    assert extracted(line_of(by_enum)) == extracted(line_of(by_code)) == [
        Datum("TestSystem", "Rejected", "Count", ENV + (("Reason", "bad_signature"),), 2)]


def test_metrics_of_different_dimension_sets_get_one_directive_each(environment):
    members = emf.members(CATALOGUE, {ACCEPTED: 1, REJECTED: 3, ROUTED: 0.5}, Reason="too_large", TransactionType="refund")
    line = line_of(members)
    assert [d["Dimensions"] for d in line["_aws"]["CloudWatchMetrics"]] == [
        [["Environment"]], [["Environment", "Reason"]], [["Environment", "TransactionType"]]]
    assert emf_problems(line) == []
    assert sorted(extracted(line)) == [
        Datum("TestSystem", "Accepted", "Count", ENV, 1),
        Datum("TestSystem", "Rejected", "Count", ENV + (("Reason", "too_large"),), 3),
        Datum("TestSystem", "Routed", "Count", ENV + (("TransactionType", "refund"),), 0.5),
    ]


def test_more_than_100_metrics_of_one_dimension_set_are_split_into_directives_of_100():
    many = tuple(Metric(f"M{i}", Unit.COUNT) for i in range(150))
    members = emf.document_members(Catalogue("Wide", many), {m: i for i, m in enumerate(many)}, {}, "dev", 1)
    assert [len(d["Metrics"]) for d in members["_aws"]["CloudWatchMetrics"]] == [100, 50]
    line = line_of(members)
    assert emf_problems(line) == []
    assert len(extracted(line)) == 150


@pytest.mark.parametrize(
    "values, dimensions, problem",
    [
        ({ACCEPTED: True}, {}, "Accepted must be a number, got bool"),
        ({ACCEPTED: "1"}, {}, "must be a number, got str"),
        ({ACCEPTED: None}, {}, "must be a number, got NoneType"),
        ({ACCEPTED: math.nan}, {}, "must be finite"),
        ({ACCEPTED: math.inf}, {}, "must be finite"),
        ({ACCEPTED: 2.0 ** 361}, {}, "at most 2^360"),
        ({Metric("Other", Unit.COUNT): 1}, {}, "'Other' is not a metric of TestSystem"),
        ({REJECTED: 1}, {}, "Rejected needs Reason in ('bad_signature', 'too_large'), got None"),
        # the reason's text stays in the log: a dimension value outside the fixed set is refused
        ({REJECTED: 1}, {"Reason": "Signature mismatch for msg_1"}, "got 'Signature mismatch for msg_1'"),
        ({ACCEPTED: 1}, {"Reason": "too_large"}, "dimension Reason is given but no metric of the line has it"),
        ({}, {}, "at least one value"),
    ],
)
def test_a_value_or_dimension_cloudwatch_would_refuse_or_count_apart_is_a_bug_named_at_once(
        environment, caplog, values, dimensions, problem):
    with pytest.raises(ValueError, match="TestSystem metrics") as refused:
        emf.document_members(CATALOGUE, values, dimensions, "pr-42", 1)
    assert problem in str(refused.value)
    # the handlers' entry point never raises: the line goes out without metrics, after a warning naming the bug
    caplog.set_level(logging.WARNING, logger="business_metrics")
    assert emf.members(CATALOGUE, values, **dimensions) == {}
    [warning] = [r for r in caplog.records if r.name == "business_metrics"]
    assert warning.levelno == logging.WARNING
    assert json.loads(warning.getMessage()) == {
        "outcome": "metrics_dropped", "namespace": "TestSystem", "error": f"ValueError: {refused.value}"}


def test_members_never_raise_whatever_fails_while_building_them(environment, caplog, monkeypatch):
    def no_clock():
        raise OSError("no clock")

    monkeypatch.setattr(emf, "time", SimpleNamespace(time=no_clock))
    assert emf.members(CATALOGUE, {ACCEPTED: 1}) == {}
    assert [json.loads(r.getMessage())["error"] for r in caplog.records if r.name == "business_metrics"] == [
        "OSError: no clock"]


@pytest.mark.parametrize("environment_value", ["", "e" * 1025])
def test_the_environment_is_a_dimension_value_of_1_to_1024_characters(environment_value):
    with pytest.raises(ValueError, match="Environment must be 1-1024 characters"):
        emf.document_members(CATALOGUE, {ACCEPTED: 1}, {}, environment_value, 1)
    assert emf_problems(line_of(emf.document_members(CATALOGUE, {ACCEPTED: 1}, {}, "e" * 1024, 1))) == []
