"""Pure parts of transaction-api: item shaping, id checks, the pending upload record."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from boto3.dynamodb.types import Binary

from tools.function_code import load_handler

load_handler("transaction_api")  # puts the function's zip root on sys.path

from upload_api import ids  # noqa: E402
from upload_api.errors import BadRequest  # noqa: E402
from upload_api.pending_upload import PendingUpload  # noqa: E402
from upload_api.views import decimal_string, plain, transaction_view, upload_view  # noqa: E402


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("1234.5"), "1234.5"), (Decimal("1234.50"), "1234.5"), (Decimal("1E+3"), "1000"),
    (Decimal("0.01"), "0.01"), (Decimal("1000000000"), "1000000000"),
    (Decimal("12345678901234567890123456789012345.67"), "12345678901234567890123456789012345.67"),
])
def test_amounts_are_exact_plain_decimal_strings(value, text):
    assert decimal_string(value) == text


def test_plain_turns_numbers_into_ints_or_exact_strings_recursively():
    value = {"n": Decimal("3"), "f": Decimal("2.5"), "l": [Decimal("1"), "a"], "s": {Decimal("2"), Decimal("1")},
             "b": Binary(b"\x00\x01"), "t": True, "none": None}
    assert plain(value) == {"n": 3, "f": "2.5", "l": [1, "a"], "s": [1, 2], "b": "AAE=", "t": True, "none": None}


def test_transaction_view_serves_only_contract_fields_and_never_more_of_a_card():
    # GIVEN an item carrying attributes the contract does not serve (one of them card data)
    item = {"transaction_id": "t-1", "amount": Decimal("10.1"), "row_number": Decimal("7"), "card_last4": "1111",
            "card_number": "4111111111111111", "internal_lease": "x", "status": "ACCEPTED"}
    # WHEN / THEN only the contract's fields come out
    assert transaction_view(item) == {"transaction_id": "t-1", "amount": "10.1", "row_number": 7,
                                      "card_last4": "1111", "status": "ACCEPTED"}


@pytest.mark.parametrize("last4", ["4111111111111111", "111", "11a1", 1111])
def test_transaction_view_drops_a_card_last4_that_is_not_four_digits(last4):
    assert "card_last4" not in transaction_view({"transaction_id": "t-1", "card_last4": last4})


def test_upload_view_keeps_the_contract_fields_as_stored():
    item = {"upload_id": "u", "status": "FAILED", "failure_reason": "file is empty", "rows_total": Decimal("0"),
            "errors": [], "processing_owner": "request-1"}
    assert upload_view(item) == {"upload_id": "u", "status": "FAILED", "failure_reason": "file is empty",
                                 "rows_total": 0, "errors": []}


def test_new_upload_ids_are_canonical_uuid4_that_the_api_serves():
    for _ in range(50):
        assert ids.upload_id(ids.new_upload_id())


def test_rejections_never_echo_the_value():
    with pytest.raises(BadRequest) as raised:
        ids.transaction_id("4111 1111 1111 1111")
    assert "4111" not in raised.value.message


def test_pending_upload_record_and_answer():
    # GIVEN a creation time with sub-second precision, in another time zone
    now = datetime(2026, 5, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=2)))
    upload = PendingUpload.starting("u-1", now)
    # THEN times are whole seconds in UTC; ttl is 90 days later; the URL's end is 15 minutes later
    assert upload.item()["created_at"] == {"S": "2026-05-31T21:59:59Z"}
    assert upload.ttl == int(datetime(2026, 8, 29, 21, 59, 59, tzinfo=timezone.utc).timestamp())
    assert upload.answer("https://u") == {"upload_id": "u-1", "upload_url": "https://u", "method": "PUT",
                                          "object_key": "uploads/u-1.csv", "expires_in": 900,
                                          "expires_at": "2026-05-31T22:14:59Z"}
