"""A catalogue refuses what would make CloudWatch's metrics unbounded, clash with the log line, or be refused."""

from enum import Enum

import pytest
from business_metrics.catalogue import Catalogue, Dimension, Metric, Unit


class Reason(str, Enum):
    BAD_SIGNATURE = "bad_signature"
    TOO_LARGE = "too_large"


REASON = Dimension.of("Reason", Reason)


def test_a_dimension_takes_its_values_from_an_enum_in_order():
    assert REASON == Dimension("Reason", ("bad_signature", "too_large"))


def test_a_metric_has_the_environment_dimension_and_at_most_one_business_dimension():
    assert Metric("Accepted", Unit.COUNT).dimension_names == ("Environment",)
    assert Metric("Rejected", Unit.COUNT, REASON).dimension_names == ("Environment", "Reason")


def test_a_valid_catalogue_keeps_its_metrics_in_order():
    rejected = Metric("Rejected", Unit.COUNT, REASON)
    catalogue = Catalogue("WebhookPipeline", (Metric("Accepted", Unit.COUNT), rejected))
    assert [m.name for m in catalogue.metrics] == ["Accepted", "Rejected"]


@pytest.mark.parametrize(
    "namespace, metrics, problem",
    [
        ("AWS/Lambda", (Metric("Accepted", Unit.COUNT),), "namespace 'AWS/Lambda'"),
        ("N" * 256, (Metric("Accepted", Unit.COUNT),), "1-255 characters"),
        ("", (Metric("Accepted", Unit.COUNT),), "namespace ''"),
        ("Ns", (), "at least one"),
        ("Ns", (Metric("Accepted", Unit.COUNT), Metric("Accepted", Unit.COUNT)), "distinct"),
        # lower case would let a metric member overwrite the line's message, level or a LogRecord attribute
        ("Ns", (Metric("message", Unit.COUNT),), "metric name 'message' must be CamelCase"),
        ("Ns", (Metric("Environment", Unit.COUNT),), "not Environment"),
        ("Ns", (Metric("Accepted", "Count"),), "unit must be a Unit"),
        ("Ns", (Metric("Rejected", Unit.COUNT, Dimension("Environment", ("a",))),), "dimension name 'Environment'"),
        ("Ns", (Metric("Rejected", Unit.COUNT, Dimension("Reason", ())),), "distinct values"),
        ("Ns", (Metric("Rejected", Unit.COUNT, Dimension("Reason", ("a", "a"))),), "distinct values"),
        # free text (spaces, long reasons) would make one metric per distinct message
        ("Ns", (Metric("Rejected", Unit.COUNT, Dimension("Reason", ("Bad signature",))),), "not a short code"),
        ("Ns", (Metric("Rejected", Unit.COUNT, Dimension("Reason", ("x" * 65,))),), "not a short code"),
        ("Ns", (Metric("Reason", Unit.COUNT), Metric("Rejected", Unit.COUNT, REASON)), "has a metric's name"),
    ],
)
def test_a_catalogue_refuses(namespace, metrics, problem):
    with pytest.raises(ValueError, match="Catalogue") as refused:
        Catalogue(namespace, metrics)
    assert problem in str(refused.value)


def test_every_problem_is_named_at_once():
    with pytest.raises(ValueError) as refused:
        Catalogue("AWS/X", (Metric("lower", Unit.COUNT), Metric("Rejected", Unit.COUNT, Dimension("Reason", ("a b",)))))
    assert all(part in str(refused.value) for part in ("namespace 'AWS/X'", "'lower'", "'a b'"))
