"""An alert as stored in DynamoDB and as published to SNS.

The item holds the extra fields the tick keeps (``limits``) first, then the
alert's own fields over them, so an extra field can never overwrite
``OWN_FIELDS``. The SNS message is the item without ``status`` and ``ttl``:
own fields first, then the extra fields by name.

One alert per symbol and instant (the table's key): a tick for a key that
holds another tick's alert ``conflicts`` with it, and cannot be stored.
"""

from dataclasses import dataclass
from decimal import Decimal
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


def _extra_fields(item: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: value for name, value in item.items() if name not in OWN_FIELDS}


def conflicts(stored: Mapping[str, Any], item: Mapping[str, Any]) -> bool:
    """True when ``stored`` is another tick's alert: another price or other extra fields than ``item``.

    A redelivered message builds the same alert (numbers compare by value, as
    DynamoDB normalizes them). A row without a price is not this function's
    alert: ``item`` is published over it, as before.
    """
    if not isinstance(stored.get("price"), Decimal):
        return False
    return stored["price"] != item["price"] or _extra_fields(stored) != _extra_fields(item)


def conflict_reason(stored: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    """Why a conflicting tick is parked (ASCII: the symbol, the key and a Decimal's text are)."""
    return (f"another tick's alert for {item['symbol']} at {item['timestamp']} is stored (price "
            f"{str(stored['price'])[:40]}): one alert per symbol and instant")


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
