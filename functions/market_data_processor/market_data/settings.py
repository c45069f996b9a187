"""The function's environment, read per invocation (tests set it with monkeypatch).

A wrong environment is a deployment error, not a bad message: ``from_env``
raises ``Misconfigured`` naming every problem, the invocation fails, and SQS
redelivers every message of the batch (none is lost or sent to the DLQ for it).
"""

import os
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Mapping, Optional

from market_data.errors import Misconfigured
from market_data.limits import storable_number
from market_data.rules import Thresholds

REQUIRED_ENV = ("ALERTS_TABLE", "ALERTS_TOPIC_ARN", "DLQ_URL")
DEFAULT_HIGH_PRICE_THRESHOLD = "150"  # seed
DEFAULT_LOW_PRICE_THRESHOLD = "50"  # seed
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # no exponent, spaces, "_" or NaN


@dataclass(frozen=True)
class Settings:
    alerts_table: str
    topic_arn: str
    dlq_url: str
    thresholds: Thresholds

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        problems = [f"{name} is not set" for name in REQUIRED_ENV if not environ.get(name)]
        high = _threshold(environ, "HIGH_PRICE_THRESHOLD", DEFAULT_HIGH_PRICE_THRESHOLD, problems)
        low = _threshold(environ, "LOW_PRICE_THRESHOLD", DEFAULT_LOW_PRICE_THRESHOLD, problems)
        if high is not None and low is not None and low >= high:
            problems.append(f"LOW_PRICE_THRESHOLD ({low}) must be below HIGH_PRICE_THRESHOLD ({high})")
        if problems:
            raise Misconfigured("market data processor is misconfigured: " + "; ".join(problems))
        return cls(
            alerts_table=environ["ALERTS_TABLE"],
            topic_arn=environ["ALERTS_TOPIC_ARN"],
            dlq_url=environ["DLQ_URL"],
            thresholds=Thresholds(high=high, low=low),
        )


def _threshold(environ: Mapping[str, str], name: str, default: str, problems: List[str]) -> Optional[Decimal]:
    """The variable as a ``Decimal`` (unset: ``default``); None, with a problem noted, if unusable."""
    text = environ.get(name, default)
    if not _PLAIN_NUMBER.fullmatch(text):
        problems.append(f"{name} must be a plain decimal number, got {text[:40]!r}")
        return None
    value = storable_number(Decimal(text))
    if value is None:
        problems.append(f"{name} has more than 38 digits or is out of DynamoDB's range")
    return value
