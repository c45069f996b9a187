"""Standard Webhooks verification against deliveries signed by the reference library."""

import base64
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook

from webhook_validator.errors import SignatureError
from webhook_validator.signing import InvalidSecret, decode_secret, verify

from tests.unit.webhook_pipeline.webhook_test_support import OTHER_SECRET, SIGNING_KEY, SIGNING_SECRET, sign_headers

BODY = b'{"event_id":"evt_1","transaction_type":"payment","amount":1,"timestamp":"2026-11-23T10:00:00Z"}'


def refusal(headers, body=BODY, secret=SIGNING_SECRET, now=None) -> str:
    with pytest.raises(SignatureError) as raised:
        verify(secret, headers, body, time.time() if now is None else now)
    assert raised.value.status_code == 401
    return raised.value.message


def test_reference_signed_delivery_is_accepted():
    # GIVEN a delivery signed by the standardwebhooks library
    headers = sign_headers(BODY)
    # WHEN / THEN it verifies
    assert verify(SIGNING_SECRET, headers, BODY, time.time()) is None


def test_header_names_are_case_insensitive():
    # GIVEN headers in the sender's casing
    headers = {name.upper(): value for name, value in sign_headers(BODY).items()}
    # WHEN / THEN
    assert verify(SIGNING_SECRET, headers, BODY, time.time()) is None


def test_secret_without_whsec_prefix_is_accepted():
    # GIVEN the secret as bare base64, and without padding
    bare = base64.b64encode(SIGNING_KEY).decode().rstrip("=")
    # WHEN / THEN
    assert verify(bare, sign_headers(BODY), BODY, time.time()) is None
    assert decode_secret(bare) == decode_secret(SIGNING_SECRET) == SIGNING_KEY


@pytest.mark.parametrize("secret", ["whsec_", "whsec_not*base64", ""])
def test_malformed_secret_is_invalid(secret):
    # GIVEN / WHEN / THEN
    with pytest.raises(InvalidSecret):
        decode_secret(secret)


def test_tampered_body_is_refused():
    # GIVEN / WHEN / THEN
    assert refusal(sign_headers(BODY), body=BODY.replace(b'"amount":1', b'"amount":9')) == "No valid webhook signature"


def test_tampered_id_is_refused():
    # GIVEN a valid delivery whose webhook-id was changed
    headers = {**sign_headers(BODY), "webhook-id": "msg_other"}
    # WHEN / THEN
    assert refusal(headers) == "No valid webhook signature"


def test_tampered_timestamp_is_refused():
    # GIVEN a valid delivery whose timestamp was moved one second (still fresh)
    headers = sign_headers(BODY)
    headers["webhook-timestamp"] = str(int(headers["webhook-timestamp"]) - 1)
    # WHEN / THEN
    assert refusal(headers) == "No valid webhook signature"


def test_wrong_secret_is_refused():
    # GIVEN / WHEN / THEN
    assert refusal(sign_headers(BODY, secret=OTHER_SECRET)) == "No valid webhook signature"


def test_timestamp_more_than_five_minutes_old_is_refused():
    # GIVEN a correctly signed but stale delivery
    now = int(time.time())
    # WHEN / THEN
    assert refusal(sign_headers(BODY, timestamp=now - 301), now=now) == "Webhook timestamp too old"


def test_timestamp_more_than_five_minutes_ahead_is_refused():
    # GIVEN / WHEN / THEN
    now = int(time.time())
    assert refusal(sign_headers(BODY, timestamp=now + 301), now=now) == "Webhook timestamp too new"


@pytest.mark.parametrize("offset", [-300, 300])
def test_timestamp_exactly_five_minutes_away_is_accepted(offset):
    # GIVEN / WHEN / THEN the window is inclusive
    now = int(time.time())
    assert verify(SIGNING_SECRET, sign_headers(BODY, timestamp=now + offset), BODY, now) is None


@pytest.mark.parametrize("header", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_each_missing_header_is_named(header):
    # GIVEN a signed delivery without one header
    headers = {k: v for k, v in sign_headers(BODY).items() if k != header}
    # WHEN / THEN
    assert refusal(headers) == f"Missing {header} header"


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_header_counts_as_missing(value):
    # GIVEN / WHEN / THEN
    assert refusal({**sign_headers(BODY), "webhook-id": value}) == "Missing webhook-id header"


@pytest.mark.parametrize("value", ["abc", "1.5e9", "-1", "17954280001234567890"])
def test_non_integer_timestamp_is_refused(value):
    # GIVEN / WHEN / THEN
    headers = {**sign_headers(BODY), "webhook-timestamp": value}
    assert refusal(headers) == "Invalid webhook-timestamp header: expected Unix seconds"


def test_rotated_secret_two_v1_signatures_one_valid_is_accepted():
    # GIVEN a sender signing with the old and the new secret during rotation
    old = sign_headers(BODY, secret=OTHER_SECRET)
    new = sign_headers(BODY, timestamp=int(old["webhook-timestamp"]))
    headers = {**new, "webhook-signature": f"{old['webhook-signature']} {new['webhook-signature']}"}
    # WHEN / THEN the valid one is enough, in either order
    assert verify(SIGNING_SECRET, headers, BODY, time.time()) is None
    headers["webhook-signature"] = f"{new['webhook-signature']} {old['webhook-signature']}"
    assert verify(SIGNING_SECRET, headers, BODY, time.time()) is None


def test_unknown_versions_and_malformed_entries_are_ignored():
    # GIVEN junk entries next to a valid v1 signature
    headers = sign_headers(BODY)
    valid = headers["webhook-signature"]
    digest = valid.split(",", 1)[1]
    headers["webhook-signature"] = f"v1a,{digest} v2,{digest} nocomma v1,***notbase64*** {valid}"
    # WHEN / THEN
    assert verify(SIGNING_SECRET, headers, BODY, time.time()) is None


def test_valid_digest_under_another_version_is_refused():
    # GIVEN the right digest labelled with a version other than v1
    headers = sign_headers(BODY)
    headers["webhook-signature"] = "v2," + headers["webhook-signature"].split(",", 1)[1]
    # WHEN / THEN
    assert refusal(headers) == "No valid webhook signature"


@settings(max_examples=50)
@given(body=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), msg_id=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40))
def test_anything_the_reference_signs_verifies_and_its_verifier_agrees(body, msg_id):
    # GIVEN any body and id signed by the reference library
    raw = body.encode("utf-8")
    headers = sign_headers(raw, msg_id=msg_id)
    # WHEN / THEN both implementations accept it
    assert verify(SIGNING_SECRET, headers, raw, time.time()) is None
    Webhook(SIGNING_SECRET).verify(raw, headers, json_parse=False)
