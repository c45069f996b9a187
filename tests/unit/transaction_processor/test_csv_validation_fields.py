"""The CSV contract's column rules, as pure functions: every row of the table, valid and invalid."""

import pytest

from tests.unit.transaction_processor.csv_validation_support import AMEX, MASTERCARD, VISA, load_handler

load_handler("csv_validation")  # puts the function's package on sys.path, as in the zip

from csv_ingest import fields  # noqa: E402
from csv_ingest.currencies import CURRENCIES_IN_USE  # noqa: E402
from csv_ingest.fields import FieldInvalid  # noqa: E402


def reason(rule, value: str) -> str:
    with pytest.raises(FieldInvalid) as refused:
        rule(value)
    return refused.value.reason


# ---------------------------------------------------------------- transaction_id


@pytest.mark.parametrize("value", ["a", "TXN_0001-b", "9" * 64, "-_-"])
def test_transaction_id_accepts_1_to_64_of_the_allowed_characters(value):
    assert fields.transaction_id(value) == value


@pytest.mark.parametrize("value", ["t" * 65, "txn 1", "txn.1", "txn/1", "tx\u00e9", "txn1\n", "１２"])
def test_transaction_id_refuses_other_characters_and_lengths(value):
    assert reason(fields.transaction_id, value) == "must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'"


def test_every_rule_calls_an_empty_field_missing():
    for rule in (fields.transaction_id, fields.merchant_id, fields.amount, fields.currency,
                 fields.card_last4, fields.timestamp):
        assert reason(rule, "") == "missing"


# ---------------------------------------------------------------- merchant_id


@pytest.mark.parametrize("value", ["m", "Café Zürich #12", "m" * 64, " padded "])
def test_merchant_id_accepts_1_to_64_characters_without_control_characters(value):
    assert fields.merchant_id(value) == value


@pytest.mark.parametrize(
    "value, why",
    [
        ("m" * 65, "longer than 64 characters"),
        ("é" * 65, "longer than 64 characters"),  # characters, not bytes
        ("shop\tone", "contains control characters"),
        ("shop\x00", "contains control characters"),
        ("shop\x7f", "contains control characters"),
        ("shop\x85", "contains control characters"),  # C1 control
        ("   ", "blank"),
    ],
)
def test_merchant_id_refusals(value, why):
    assert reason(fields.merchant_id, value) == why


# ---------------------------------------------------------------- amount


@pytest.mark.parametrize(
    "value, stored",
    [("12.50", "12.50"), ("0.01", "0.01"), ("1", "1"), ("7.5", "7.5"), ("007.50", "7.50"),
     ("1000000000", "1000000000"), ("1000000000.00", "1000000000.00"), ("999999999.99", "999999999.99")],
)
def test_amount_is_kept_as_the_exact_decimal_string(value, stored):
    assert fields.amount(value) == stored


@pytest.mark.parametrize(
    "value, why",
    [
        ("1.005", "more than 2 fraction digits"),
        ("0.001", "more than 2 fraction digits"),
        ("0", "must be greater than 0"),
        ("0.00", "must be greater than 0"),
        ("1000000000.01", "must be at most 1000000000"),
        ("99999999999", "must be at most 1000000000"),
        ("-1", "not a decimal number with at most 2 fraction digits"),
        ("+1", "not a decimal number with at most 2 fraction digits"),
        ("1e3", "not a decimal number with at most 2 fraction digits"),
        (" 12.50", "not a decimal number with at most 2 fraction digits"),
        ("12.50 ", "not a decimal number with at most 2 fraction digits"),
        ("1,000.00", "not a decimal number with at most 2 fraction digits"),
        ("12.", "not a decimal number with at most 2 fraction digits"),
        (".5", "not a decimal number with at most 2 fraction digits"),
        ("NaN", "not a decimal number with at most 2 fraction digits"),
        ("Infinity", "not a decimal number with at most 2 fraction digits"),
        ("١٢", "not a decimal number with at most 2 fraction digits"),  # non-ASCII digits
        ("1" * 40, "not a decimal number with at most 2 fraction digits"),
    ],
)
def test_amount_refusals(value, why):
    assert reason(fields.amount, value) == why


# ---------------------------------------------------------------- currency


@pytest.mark.parametrize("value", ["USD", "EUR", "JPY", "GBP", "ZWG", "XCG", "SLE", "VED"])
def test_currency_accepts_codes_in_current_use(value):
    assert fields.currency(value) == value


@pytest.mark.parametrize("value", ["usd", "Usd", "US", "USDD", "ABC", "HRK", "BGN", "ZWL", "SLL", "XTS", "XXX", " USD"])
def test_currency_refuses_lower_case_unknown_and_withdrawn_codes(value):
    assert reason(fields.currency, value) == "not an upper-case ISO 4217 currency code in current use"


def test_currency_set_is_alpha_3_upper_case():
    assert len(CURRENCIES_IN_USE) == 176
    assert all(len(code) == 3 and code.isascii() and code.isupper() for code in CURRENCIES_IN_USE)


# ---------------------------------------------------------------- card_number


@pytest.mark.parametrize(
    "value, last4",
    [(VISA, "1111"), (MASTERCARD, "4444"), (AMEX, "0005"), ("4111 1111 1111 1111", "1111"),
     ("4111-1111-1111-1111", "1111"), (" 4111 1111-1111 1111 ", "1111"), ("4000056655665556", "5556"),
     ("6011111111111117", "1117"), ("4222222222222", "2222"), ("6759649826438453", "8453"),
     ("5019717010103742", "3742")],
)
def test_card_number_keeps_only_the_last_four_digits(value, last4):
    assert fields.card_last4(value) == last4


@pytest.mark.parametrize(
    "value, why",
    [
        ("4111111111111112", "fails the Luhn check"),
        ("4111 1111 1111 1121", "fails the Luhn check"),
        ("41111111111", "must be 12-19 digits (spaces and dashes allowed)"),  # 11 digits
        ("41111111111111111111", "must be 12-19 digits (spaces and dashes allowed)"),  # 20 digits
        ("4111.1111.1111.1111", "must be 12-19 digits (spaces and dashes allowed)"),
        ("4111\t1111\t1111\t1111", "must be 12-19 digits (spaces and dashes allowed)"),
        ("411111111111111X", "must be 12-19 digits (spaces and dashes allowed)"),
        ("４１１１１１１１１１１１１１１１", "must be 12-19 digits (spaces and dashes allowed)"),
        (" - ", "must be 12-19 digits (spaces and dashes allowed)"),
    ],
)
def test_card_number_refusals_are_fixed_texts_that_never_quote_the_number(value, why):
    assert reason(fields.card_last4, value) == why


@pytest.mark.parametrize(
    "digits, valid",
    [("79927398713", True), ("79927398710", False), ("0000000000000", True), ("49927398716", True),
     ("49927398717", False), ("1234567812345670", True), ("1234567812345678", False)],
)
def test_luhn_check(digits, valid):
    assert fields.luhn_valid(digits) is valid


# ---------------------------------------------------------------- timestamp


@pytest.mark.parametrize(
    "value, stored",
    [
        ("2026-11-20T10:15:00Z", "2026-11-20T10:15:00+00:00"),
        ("2026-11-20T10:15:00+05:30", "2026-11-20T10:15:00+05:30"),
        ("2026-11-20T10:15:00-0800", "2026-11-20T10:15:00-08:00"),
        ("2026-11-20T10:15:00.123Z", "2026-11-20T10:15:00.123000+00:00"),
        ("2026-11-20T10:15:00,5+01", "2026-11-20T10:15:00.500000+01:00"),
        ("2026-11-20T10:15Z", "2026-11-20T10:15:00+00:00"),
        ("20261120T101500Z", "2026-11-20T10:15:00+00:00"),
    ],
)
def test_timestamp_with_a_zone_is_stored_in_extended_form(value, stored):
    assert fields.timestamp(value) == stored


@pytest.mark.parametrize(
    "value, why",
    [
        ("2026-11-20T10:15:00", "has no time zone"),
        ("2026-11-20T10:15:00.123", "has no time zone"),
        ("2026-11-20", "not an ISO 8601 date and time"),
        ("2026-11-20 10:15:00Z", "not an ISO 8601 date and time"),
        ("2026-11-20t10:15:00Z", "not an ISO 8601 date and time"),
        ("2026-W47-5T10:15:00Z", "not an ISO 8601 date and time"),
        ("20/11/2026 10:15 UTC", "not an ISO 8601 date and time"),
        ("1763633700", "not an ISO 8601 date and time"),
        ("2026-11-20T10:15:00.1234567Z", "not an ISO 8601 date and time"),
        (" 2026-11-20T10:15:00Z", "not an ISO 8601 date and time"),
        ("2026-02-30T10:15:00Z", "not a valid date and time"),
        ("2026-11-20T24:00:00Z", "not a valid date and time"),
        ("2026-11-20T10:15:00+25:00", "not a valid date and time"),
    ],
)
def test_timestamp_refusals(value, why):
    assert reason(fields.timestamp, value) == why
