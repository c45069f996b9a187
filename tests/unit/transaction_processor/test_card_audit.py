"""The whole-run card audit finds what it must, and nothing else."""

import pytest

from tests.unit.transaction_processor.card_audit import card_runs


@pytest.mark.parametrize("text", ["4111111111111111", "card 4111 1111 1111 1111!", "x5555-5555-5555-4444y",
                                  '{"S": "411111111111"}', "3782-822463-10005", "11114111111111111111"])
def test_full_numbers_and_12_digit_runs_of_test_cards_are_found(text):
    assert card_runs(text)


@pytest.mark.parametrize("text", ["1111", "card_last4 4444", "41111111111", "2026-11-24T10:00:00.123456+00:00",
                                  "1795428000000", "123456789012345"])
def test_last_four_digits_timestamps_and_other_numbers_are_not(text):
    assert card_runs(text) == []
