"""anomaly-detection's environment. A bad one raises: the batch is retried and alarmed, never half-done."""

import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from anomaly_rules.rules import DEFAULT_HIGH_AMOUNT_THRESHOLD


class Misconfigured(RuntimeError):
    pass


def _threshold(text: str) -> Decimal:
    if not text:
        return DEFAULT_HIGH_AMOUNT_THRESHOLD
    try:
        threshold = Decimal(text)
    except InvalidOperation:
        threshold = None
    if threshold is None or not threshold.is_finite() or threshold < 0:
        raise Misconfigured("HIGH_AMOUNT_THRESHOLD is not a non-negative decimal")
    return threshold


@dataclass(frozen=True)
class Settings:
    transactions_table: str
    topic_arn: str
    high_amount_threshold: Decimal

    @classmethod
    def from_env(cls) -> "Settings":
        missing = [name for name in ("TRANSACTIONS_TABLE", "ANOMALY_TOPIC_ARN") if not os.environ.get(name)]
        if missing:
            raise Misconfigured(f"missing environment variables: {', '.join(missing)}")
        return cls(
            transactions_table=os.environ["TRANSACTIONS_TABLE"],
            topic_arn=os.environ["ANOMALY_TOPIC_ARN"],
            high_amount_threshold=_threshold(os.environ.get("HIGH_AMOUNT_THRESHOLD", "").strip()),
        )
