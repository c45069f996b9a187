"""Threshold rules: strictly above HIGH is a HIGH alert, strictly below LOW a LOW alert."""

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Optional


class AlertType(str, Enum):
    HIGH = "HIGH"
    LOW = "LOW"


@dataclass(frozen=True)
class Thresholds:
    high: Decimal
    low: Decimal  # below ``high`` (``settings`` refuses anything else)


@dataclass(frozen=True)
class AlertRule:
    alert_type: AlertType
    threshold: Decimal  # the threshold the price crossed


def classify(price: Decimal, thresholds: Thresholds) -> Optional[AlertRule]:
    """The alert ``price`` raises, or None: a price equal to a threshold raises none."""
    if price > thresholds.high:
        return AlertRule(AlertType.HIGH, thresholds.high)
    if price < thresholds.low:
        return AlertRule(AlertType.LOW, thresholds.low)
    return None
