"""The market data processor's business metrics: the one catalogue the function and the dashboard use.

The stack imports this module too (as
``functions.market_data_processor.market_data.metrics``) to draw the
dashboard's business row.
"""

from enum import Enum

from .rules import AlertType

try:  # in the function's zip, business_metrics is bundled beside this package
    from business_metrics.catalogue import Catalogue, Dimension, Metric, Unit
except ModuleNotFoundError:  # imported by the stack, from the repository root
    from functions.business_metrics.catalogue import Catalogue, Dimension, Metric, Unit


class ParkReason(str, Enum):
    """Why a tick was moved to the DLQ; the reason's text is its ``error_reason`` attribute and in the log."""

    INVALID_JSON = "invalid_json"  # not strict JSON, or not a JSON object
    MISSING_FIELD = "missing_field"  # symbol, price or timestamp absent
    INVALID_SYMBOL = "invalid_symbol"
    INVALID_PRICE = "invalid_price"  # not a finite number > 0 that DynamoDB holds
    INVALID_TIMESTAMP = "invalid_timestamp"
    ALERT_CONFLICT = "alert_conflict"  # another tick's alert holds its symbol and instant


ALERTS_SENT = Metric("AlertsSent", Unit.COUNT, Dimension.of("AlertType", AlertType))
TICKS_PARKED = Metric("TicksParked", Unit.COUNT, Dimension.of("Reason", ParkReason))

CATALOGUE = Catalogue("MarketDataProcessor", (ALERTS_SENT, TICKS_PARKED))
