"""Anomaly rules: pure functions of a transaction, the threshold and an injected ``now``."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import List

from anomaly_rules.transaction import Transaction
from transaction_metrics.metrics import AnomalyRule

# An alert's reasons, and the Rule dimension of the AnomaliesFlagged metric.
HIGH_AMOUNT = AnomalyRule.HIGH_AMOUNT.value
TIMESTAMP_OUT_OF_RANGE = AnomalyRule.TIMESTAMP_OUT_OF_RANGE.value
DEFAULT_HIGH_AMOUNT_THRESHOLD = Decimal("10000")
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_AGE = timedelta(days=90)


def high_amount(amount: Decimal, threshold: Decimal) -> bool:
    """Strictly above the threshold, compared exactly (Decimal, never float)."""
    return amount > threshold


def timestamp_out_of_range(occurred_at: datetime, now: datetime) -> bool:
    """More than 5 minutes in the future, or older than 90 days; both bounds themselves are in range."""
    return occurred_at > now + FUTURE_TOLERANCE or occurred_at < now - MAX_AGE


def reasons(transaction: Transaction, threshold: Decimal, now: datetime) -> List[str]:
    """The names of the rules that fire, in a fixed order."""
    fired = []
    if high_amount(transaction.amount, threshold):
        fired.append(HIGH_AMOUNT)
    if timestamp_out_of_range(transaction.occurred_at, now):
        fired.append(TIMESTAMP_OUT_OF_RANGE)
    return fired
