"""Threshold rules at their boundaries, and the environment that sets them."""

from decimal import Decimal

import pytest

from market_data.errors import Misconfigured
from market_data.rules import AlertRule, AlertType, Thresholds, classify
from market_data.settings import Settings

SEED = Thresholds(high=Decimal(150), low=Decimal(50))
ENV = {"ALERTS_TABLE": "market-alerts-unittest", "ALERTS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:t",
       "DLQ_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/market-data-dlq-unittest"}


@pytest.mark.parametrize(
    "price, expected",
    [
        ("150", None),
        ("150.00", None),
        ("50", None),
        ("50.0", None),
        ("100", None),
        ("149.99", None),
        ("50.01", None),
        ("150.01", AlertRule(AlertType.HIGH, Decimal(150))),
        ("150.0000000001", AlertRule(AlertType.HIGH, Decimal(150))),
        ("49.99", AlertRule(AlertType.LOW, Decimal(50))),
        ("49.9999999999", AlertRule(AlertType.LOW, Decimal(50))),
        ("0.0001", AlertRule(AlertType.LOW, Decimal(50))),
    ],
)
def test_only_prices_strictly_beyond_a_threshold_alert(price, expected):
    assert classify(Decimal(price), SEED) == expected


def test_thresholds_default_to_the_seed_values():
    assert Settings.from_env(ENV) == Settings(ENV["ALERTS_TABLE"], ENV["ALERTS_TOPIC_ARN"], ENV["DLQ_URL"], SEED)


def test_thresholds_come_from_the_environment():
    settings = Settings.from_env({**ENV, "HIGH_PRICE_THRESHOLD": "200.5", "LOW_PRICE_THRESHOLD": "0"})
    assert settings.thresholds == Thresholds(high=Decimal("200.5"), low=Decimal(0))


@pytest.mark.parametrize(
    "overrides, problem",
    [
        ({"HIGH_PRICE_THRESHOLD": "abc"}, "HIGH_PRICE_THRESHOLD must be a plain decimal number, got 'abc'"),
        ({"LOW_PRICE_THRESHOLD": ""}, "LOW_PRICE_THRESHOLD must be a plain decimal number, got ''"),
        ({"HIGH_PRICE_THRESHOLD": "NaN"}, "HIGH_PRICE_THRESHOLD must be a plain decimal number, got 'NaN'"),
        ({"HIGH_PRICE_THRESHOLD": "1e3"}, "HIGH_PRICE_THRESHOLD must be a plain decimal number, got '1e3'"),
        ({"HIGH_PRICE_THRESHOLD": " 150"}, "HIGH_PRICE_THRESHOLD must be a plain decimal number, got ' 150'"),
        ({"HIGH_PRICE_THRESHOLD": "1" * 39},
         "HIGH_PRICE_THRESHOLD has more than 38 digits or is out of DynamoDB's range"),
        ({"LOW_PRICE_THRESHOLD": "150"}, "LOW_PRICE_THRESHOLD (150) must be below HIGH_PRICE_THRESHOLD (150)"),
        ({"LOW_PRICE_THRESHOLD": "200", "HIGH_PRICE_THRESHOLD": "100"},
         "LOW_PRICE_THRESHOLD (200) must be below HIGH_PRICE_THRESHOLD (100)"),
        ({"ALERTS_TABLE": ""}, "ALERTS_TABLE is not set"),
    ],
)
def test_a_bad_environment_is_refused_with_the_problem_named(overrides, problem):
    with pytest.raises(Misconfigured) as caught:
        Settings.from_env({**ENV, **overrides})
    assert str(caught.value) == f"market data processor is misconfigured: {problem}"


def test_every_problem_is_named_at_once():
    with pytest.raises(Misconfigured) as caught:
        Settings.from_env({"HIGH_PRICE_THRESHOLD": "x"})
    assert str(caught.value) == (
        "market data processor is misconfigured: ALERTS_TABLE is not set; ALERTS_TOPIC_ARN is not set; "
        "DLQ_URL is not set; HIGH_PRICE_THRESHOLD must be a plain decimal number, got 'x'"
    )
