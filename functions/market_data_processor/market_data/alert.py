"""An alert as stored in DynamoDB and as published to SNS.

The item holds the message's extra fields first, then the alert's own
fields over them, so an extra field can never overwrite ``OWN_FIELDS``. The
SNS message is the item without ``status`` and ``ttl``: own fields first,
then the extra fields by name.
"""

from dataclasses import dataclass
from typing import Any, Dict, Mapping

from market_data import json_text
from market_data.message import Tick
from market_data.rules import AlertRule

OWN_FIELDS = ("symbol", "timestamp", "price", "alert_type", "threshold", "status", "ttl")
PUBLISHED_OWN_FIELDS = ("symbol", "price", "timestamp", "alert_type", "threshold")
STATUS_PENDING = "PENDING"
STATUS_SENT = "SENT"
RETENTION_SECONDS = 90 * 24 * 60 * 60  # the table's TTL deletes alerts after 90 days


@dataclass(frozen=True)
class Notification:
    message: str
    attributes: Dict[str, Dict[str, str]]


def alert_item(tick: Tick, rule: AlertRule, now: float) -> Dict[str, Any]:
    """The PENDING alert for ``tick`` written at epoch second ``now``."""
    item = {name: value for name, value in tick.extras.items() if name not in OWN_FIELDS}
    item.update(
        symbol=tick.symbol,
        timestamp=tick.timestamp,
        price=tick.price,
        alert_type=rule.alert_type.value,
        threshold=rule.threshold,
        status=STATUS_PENDING,
        ttl=int(now) + RETENTION_SECONDS,
    )
    return item


def alert_key(item: Mapping[str, Any]) -> Dict[str, Any]:
    return {"symbol": item["symbol"], "timestamp": item["timestamp"]}


def can_publish(item: Mapping[str, Any]) -> bool:
    """True when ``item`` has every field the SNS message needs."""
    return all(name in item for name in PUBLISHED_OWN_FIELDS)


def notification(item: Mapping[str, Any]) -> Notification:
    """The SNS message and its attributes (``alert_type``, ``symbol``) for subscribers' filters."""
    published = {name: item[name] for name in PUBLISHED_OWN_FIELDS}
    published.update((name, item[name]) for name in sorted(item) if name not in OWN_FIELDS)
    return Notification(
        message=json_text.dumps(published),
        attributes={
            "alert_type": {"DataType": "String", "StringValue": str(item["alert_type"])},
            "symbol": {"DataType": "String", "StringValue": str(item["symbol"])},
        },
    )
