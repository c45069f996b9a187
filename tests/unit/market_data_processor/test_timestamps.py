"""The timestamp row of the contract, and the range-key form: UTC, nine fractional digits."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from market_data.errors import MalformedMessage
from market_data.timestamps import normalize_timestamp


@pytest.mark.parametrize(
    "timestamp, key",
    [
        ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00.000000000Z"),
        ("2026-11-23T10:00:00+00:00", "2026-11-23T10:00:00.000000000Z"),
        ("2026-11-23T10:00:00-00:00", "2026-11-23T10:00:00.000000000Z"),
        ("2026-11-23T12:00:00.000+02:00", "2026-11-23T10:00:00.000000000Z"),
        ("2026-11-23T10:00Z", "2026-11-23T10:00:00.000000000Z"),
        ("2026-11-23T10:00:00.123456789Z", "2026-11-23T10:00:00.123456789Z"),
        ("2026-11-23T10:00:00,5-05:00", "2026-11-23T15:00:00.500000000Z"),
        ("2026-11-23T10:00:00+0530", "2026-11-23T04:30:00.000000000Z"),
        ("2026-11-23T22:00:00-03", "2026-11-24T01:00:00.000000000Z"),
        ("2028-02-29T23:59:59.999999999+23:59", "2028-02-29T00:00:59.999999999Z"),
    ],
)
def test_timestamp_valid(timestamp, key):
    assert normalize_timestamp(timestamp) == key


NOT_ISO = "timestamp is not ISO 8601 date and time with a time zone (e.g. 2026-11-23T10:00:00Z)"


@pytest.mark.parametrize(
    "timestamp, reason",
    [
        ("2026-11-23T10:00:00", NOT_ISO),
        ("2026-11-23", NOT_ISO),
        ("2026-11-23 10:00:00Z", NOT_ISO),
        ("20261123T100000Z", NOT_ISO),
        ("2026-11-23t10:00:00z", NOT_ISO),
        ("2026-11-23T10:00:00.1234567890Z", NOT_ISO),
        ("2026-11-23T10:00:00Z\n", NOT_ISO),
        ("\u0662026-11-23T10:00:00Z", NOT_ISO),
        ("", NOT_ISO),
        ("2026-02-30T10:00:00Z", "timestamp is not a valid calendar date and time"),
        ("2026-11-23T24:00:00Z", "timestamp is not a valid calendar date and time"),
        ("2026-11-23T10:00:60Z", "timestamp is not a valid calendar date and time"),
        ("2026-11-23T10:00:00+24:00", "timestamp has an offset outside -23:59..+23:59"),
        ("2026-11-23T10:00:00+05:60", "timestamp has an offset outside -23:59..+23:59"),
        ("0001-01-01T00:30:00+01:00", "timestamp is out of range once converted to UTC"),
        ("9999-12-31T23:30:00-01:00", "timestamp is out of range once converted to UTC"),
        (1795428000, "timestamp must be a string, not number"),
        (None, "timestamp must be a string, not null"),
        (["2026-11-23T10:00:00Z"], "timestamp must be a string, not array"),
    ],
)
def test_timestamp_invalid(timestamp, reason):
    value = Decimal(timestamp) if isinstance(timestamp, int) else timestamp  # as the JSON parser gives it
    with pytest.raises(MalformedMessage) as caught:
        normalize_timestamp(value)
    assert caught.value.reason == reason


OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
INSTANTS = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=st.just(timezone.utc))


@given(first=INSTANTS, second=INSTANTS, zone_a=OFFSETS, zone_b=OFFSETS)
def test_range_keys_sort_like_instants_whatever_the_spelling(first, second, zone_a, zone_b):
    # GIVEN two instants, each written in some time zone
    key_a = normalize_timestamp(first.astimezone(zone_a).isoformat())
    key_b = normalize_timestamp(second.astimezone(zone_b).isoformat())
    # THEN their keys compare as the instants do, and one instant has one key
    assert (key_a < key_b) == (first < second)
    assert (key_a == key_b) == (first == second)
