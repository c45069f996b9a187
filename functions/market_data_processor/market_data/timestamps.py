"""Tick timestamps: ISO 8601 with a time zone, and the alert's range-key form.

Accepted: the extended format ``YYYY-MM-DDThh:mm[:ss[.f]]`` followed by ``Z``
or an offset ``+hh:mm``, ``+hhmm`` or ``+hh`` (``-`` likewise), with 1-9
fractional digits after ``.`` or ``,``. A local time without a zone is
refused: it names no instant.

The range key is the instant in UTC, ``YYYY-MM-DDThh:mm:ss.fffffffffZ``, with
exactly nine fractional digits: one width for every key, so DynamoDB's
byte-wise sort of the range key is chronological, and two spellings of one
instant (``10:00:00Z``, ``12:00:00.0+02:00``) are one alert.
"""

import re
from datetime import datetime, timedelta, timezone

from market_data.errors import MalformedMessage, json_type_name
from market_data.metrics import ParkReason

_ISO_8601 = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,9}))?)?"
    r"(?:(?P<utc>Z)|(?P<sign>[+-])(?P<offset_hours>[0-9]{2})(?::?(?P<offset_minutes>[0-9]{2}))?)"
)
FRACTION_DIGITS = 9


def _zone(match: "re.Match[str]") -> timezone:
    if match["utc"]:
        return timezone.utc
    hours, minutes = int(match["offset_hours"]), int(match["offset_minutes"] or 0)
    if hours > 23 or minutes > 59:
        raise MalformedMessage(ParkReason.INVALID_TIMESTAMP, "timestamp has an offset outside -23:59..+23:59")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match["sign"] == "-" else offset)


def normalize_timestamp(value: object) -> str:
    """The alert's range key for ``value``; ``MalformedMessage`` naming what is wrong."""
    if not isinstance(value, str):
        raise MalformedMessage(ParkReason.INVALID_TIMESTAMP, f"timestamp must be a string, not {json_type_name(value)}")
    match = _ISO_8601.fullmatch(value)
    if match is None:
        raise MalformedMessage(
            ParkReason.INVALID_TIMESTAMP,
            "timestamp is not ISO 8601 date and time with a time zone (e.g. 2026-11-23T10:00:00Z)",
        )
    zone = _zone(match)
    try:
        local = datetime.fromisoformat(match["date"]).replace(
            hour=int(match["hour"]), minute=int(match["minute"]), second=int(match["second"] or 0), tzinfo=zone
        )
        utc = local.astimezone(timezone.utc)
    except ValueError:
        raise MalformedMessage(
            ParkReason.INVALID_TIMESTAMP, "timestamp is not a valid calendar date and time"
        ) from None
    except OverflowError:
        raise MalformedMessage(
            ParkReason.INVALID_TIMESTAMP, "timestamp is out of range once converted to UTC"
        ) from None
    fraction = (match["fraction"] or "").ljust(FRACTION_DIGITS, "0")
    return f"{utc.replace(tzinfo=None).isoformat(timespec='seconds')}.{fraction}Z"
