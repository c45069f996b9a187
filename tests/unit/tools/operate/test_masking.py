"""What the command may print: card numbers cut to their last four, secrets redacted, ids kept."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tools.operate.masking import REDACTED, mask, mask_payload, short

CARD = "4111111111111111"


@pytest.mark.parametrize("text, expected", [
    ("card 4111111111111111 paid", "card ************1111 paid"),
    ("4111 1111 1111 1111", "************1111"),
    ("5555-5555-5555-4444", "************4444"),
    ("amex 378282246310005", "amex ***********0005"),
    ("4111 1111 1111 1111 2222", "****************2222"),  # a longer run with separators may hide a card
    ("account 123456789012", "account ********9012"),  # 12 digits: masked, card or not
    ("sequence 1100000000017454423009", "sequence 1100000000017454423009"),  # 22 bare digits: no card's shape
    ("amount 12345678901", "amount 12345678901"),  # 11 digits: too short for a card
    ("id fda12345-6789-0492-ae28-4e8053a217d0", "id fda12345-6789-0492-ae28-4e8053a217d0"),  # a UUID is kept
    ("secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw!", f"secret {REDACTED}!"),
    ("Authorization: Bearer eyJhbGciOi.x.y", f"Authorization: Bearer {REDACTED}"),
])
def test_mask(text, expected):
    assert mask(text) == expected


@given(st.text(alphabet="0123456789 -abc", max_size=40), st.sampled_from(["4111111111111111", "5555555555554444",
                                                                          "4111 1111 1111 1111", "378282246310005"]))
def test_no_card_number_survives_masking_whatever_surrounds_it(noise, card):
    masked = mask(f"{noise} {card} {noise}")
    written_any_way = "[ -]?".join(card.replace(" ", ""))
    assert not re.search(written_any_way, masked)


def test_a_payload_is_shown_masked_and_its_secret_fields_redacted():
    shown = mask_payload(json.dumps({"event_id": "evt-1", "card_number": CARD, "extra": {"pan": CARD, "note": CARD},
                                     "signing_secret": "whsec_abc", "api_key": "k-1", "memo": "whsec_xyz"}))
    assert CARD not in shown and "whsec_" not in shown and "k-1" not in shown
    assert json.loads(shown) == {"event_id": "evt-1", "card_number": REDACTED, "extra": {"pan": REDACTED,
                                 "note": "************1111"}, "signing_secret": REDACTED, "api_key": REDACTED,
                                 "memo": REDACTED}


def test_a_body_that_is_not_json_is_masked_as_text():
    assert mask_payload(f"not json {CARD}") == "not json ************1111"


def test_short_bounds_and_masks():
    text = short(f"{CARD} " + "x" * 500, 50)
    assert len(text) == 50 and text.startswith("************1111") and text.endswith("...")
