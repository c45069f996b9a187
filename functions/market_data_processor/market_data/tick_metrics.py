"""What one tick's outcome line counts (``market_data.metrics``): an alert published, a tick parked.

An alert counts when this delivery published it: ``alert_sent``, or the
other tick's PENDING alert an ``alert_conflict`` publishes before parking
its own tick. A redelivery that finds the alert SENT counts nothing, so each
alert counts once. A published alert whose stored type is neither HIGH nor
LOW (a row written by hand) is published but not counted.
"""

from typing import Any, Dict, Mapping, Optional

from business_metrics import emf

from market_data.metrics import ALERTS_SENT, CATALOGUE, TICKS_PARKED, ParkReason
from market_data.rules import AlertType


def _alert_type(published: Optional[Mapping[str, Any]]) -> Optional[AlertType]:
    try:
        return AlertType(published.get("alert_type")) if published is not None else None
    except ValueError:
        return None


def tick_metrics(parked: Optional[ParkReason] = None, published: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    values, dimensions = {}, {}
    if parked is not None:
        values[TICKS_PARKED], dimensions["Reason"] = 1, parked
    alert_type = _alert_type(published)
    if alert_type is not None:
        values[ALERTS_SENT], dimensions["AlertType"] = 1, alert_type
    return emf.members(CATALOGUE, values, **dimensions) if values else {}
