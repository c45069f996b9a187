"""The tests' EMF reader (tests/fixtures/emf.py) accepts the specification's example and names each rule broken."""

import copy
import logging

import pytest

from tests.fixtures.emf import Datum, captured_metrics, emf_problems, extracted, lambda_json_line

# The specification's own example document.
SPEC_EXAMPLE = {
    "_aws": {
        "Timestamp": 1574109732004,
        "CloudWatchMetrics": [{
            "Namespace": "lambda-function-metrics",
            "Dimensions": [["functionVersion"]],
            "Metrics": [{"Name": "time", "Unit": "Milliseconds", "StorageResolution": 60}],
        }],
    },
    "functionVersion": "$LATEST",
    "time": 100,
    "requestId": "989ffbf8-9ace-4817-a57c-e4dd734019ee",
}


def test_the_specifications_example_is_valid_and_yields_its_metric():
    assert emf_problems(SPEC_EXAMPLE) == []
    assert extracted(SPEC_EXAMPLE) == [
        Datum("lambda-function-metrics", "time", "Milliseconds", (("functionVersion", "$LATEST"),), 100)]


def test_an_array_target_yields_one_datum_per_value_and_each_dimension_set_its_own():
    document = copy.deepcopy(SPEC_EXAMPLE)
    document["time"] = [1, 2]
    document["_aws"]["CloudWatchMetrics"][0]["Dimensions"] = [["functionVersion"], []]
    assert emf_problems(document) == []
    assert len(extracted(document)) == 4


def broken(change) -> dict:
    document = copy.deepcopy(SPEC_EXAMPLE)
    change(document)
    return document


def directive(document: dict) -> dict:
    return document["_aws"]["CloudWatchMetrics"][0]


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda d: d.pop("_aws"), "_aws must be an object"),
        (lambda d: d["_aws"].pop("Timestamp"), "exactly Timestamp and CloudWatchMetrics"),
        (lambda d: d["_aws"].update(Timestamp="2026-01-01"), "is not epoch milliseconds"),
        (lambda d: d["_aws"].update(CloudWatchMetrics=[]), "non-empty array"),
        (lambda d: directive(d).update(Extra=1), "exactly Namespace, Dimensions and Metrics"),
        (lambda d: directive(d).update(Namespace="AWS/Lambda"), "outside AWS/"),
        (lambda d: directive(d).update(Dimensions=[]), "at least one dimension set"),
        (lambda d: directive(d).update(Dimensions=[[f"d{i}" for i in range(31)]]), "at most 30 keys"),
        (lambda d: d.pop("functionVersion"), "dimension 'functionVersion' has no top-level string value"),
        (lambda d: d.update(functionVersion=1), "dimension 'functionVersion' has no top-level string value"),
        (lambda d: d.update(functionVersion="v" * 1025), "dimension 'functionVersion' has no top-level string value"),
        (lambda d: directive(d).update(Metrics=[{"Name": f"m{i}"} for i in range(101)]), "1-100 definitions"),
        (lambda d: d.update(time=True), "metric time targets True"),
        (lambda d: d.update(time="100"), "metric time targets '100'"),
        (lambda d: d.update(time=list(range(101))), "array of at most 100 numbers"),
        (lambda d: d.pop("time"), "metric time targets None"),
        (lambda d: directive(d)["Metrics"][0].update(Unit="ms"), "unit 'ms' is not a CloudWatch unit"),
        (lambda d: directive(d)["Metrics"][0].update(StorageResolution=30), "storage resolution must be 1 or 60"),
        (lambda d: directive(d)["Metrics"][0].update(Label="x"), "members the spec does not define"),
        (lambda d: d.update(padding="x" * 256 * 1024), "longer than 262144 bytes"),
    ],
)
def test_a_rule_broken_is_named(change, problem):
    problems = emf_problems(broken(change))
    assert any(problem in p for p in problems), problems


def test_a_record_becomes_the_line_lambda_writes_with_its_extra_members_at_the_top_level():
    record = logging.getLogger("fn").makeRecord("fn", logging.WARNING, __file__, 1, "%s done", ("upload",), None,
                                                extra={"Count": 2, "_aws": {"Timestamp": 1}})
    assert lambda_json_line(record) == {
        "timestamp": "2026-01-01T00:00:00.000Z", "level": "WARNING", "message": "upload done", "logger": "fn",
        "requestId": "00000000-0000-0000-0000-000000000000", "Count": 2, "_aws": {"Timestamp": 1}}


def test_captured_metrics_refuses_a_line_emf_would_refuse():
    with captured_metrics() as captured:
        logging.getLogger("fn").warning("x", extra={"_aws": {"Timestamp": 1, "CloudWatchMetrics": []}})
    with pytest.raises(AssertionError, match="non-empty array"):
        captured.data()


def test_captured_metrics_refuses_a_line_whose_metrics_were_dropped():
    with captured_metrics() as captured:
        logging.getLogger("business_metrics").warning('{"outcome": "metrics_dropped"}')
    with pytest.raises(AssertionError, match="metrics_dropped"):
        captured.data()
