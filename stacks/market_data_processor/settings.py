"""The market data processor's own values (SPEC-market-data-processor.md); environments differ by profile."""

from dataclasses import dataclass
from decimal import Decimal

from constructs_lib.defaults import FOURTEEN_DAYS_SECONDS, SQS_VISIBILITY_FACTOR

TIMEOUT_SECONDS = 60  # seed
# The seed's "3 GB", and the most every account accepts (new accounts are refused more).
MEMORY_MB = 3008
RESERVED_CONCURRENCY = 5  # seed, where the profile reserves concurrency
LOG_RETENTION_DAYS = 30
RETENTION_SECONDS = FOURTEEN_DAYS_SECONDS  # 14 days (seed), queue and DLQ
MAX_RECEIVE_COUNT = 5
BATCH_SIZE = 25  # seed
BATCHING_WINDOW_SECONDS = 1  # Lambda requires one for batches over 10
MAXIMUM_CONCURRENCY = 5  # every profile; never above the reserved concurrency
# AWS's guidance: at least 6 x the function timeout plus the batching window.
VISIBILITY_TIMEOUT_SECONDS = SQS_VISIBILITY_FACTOR * TIMEOUT_SECONDS + BATCHING_WINDOW_SECONDS
OLDEST_MESSAGE_AGE_SECONDS = 300
ALERT_TTL_ATTRIBUTE = "ttl"


@dataclass(frozen=True)
class Thresholds:
    high: Decimal  # a price strictly above is a HIGH alert
    low: Decimal  # strictly below is a LOW alert

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"LOW_PRICE_THRESHOLD {self.low} must be below HIGH_PRICE_THRESHOLD {self.high}")


SEED_THRESHOLDS = Thresholds(high=Decimal("150"), low=Decimal("50"))
# Per environment profile: change a profile's thresholds here (the Lambda reads them from its environment).
THRESHOLDS_BY_PROFILE = {"dev": SEED_THRESHOLDS, "staging": SEED_THRESHOLDS, "prod": SEED_THRESHOLDS}
