"""Card data: full card numbers never appear in transaction-api's answers or logs (caplog at DEBUG)."""

import logging

import pytest

from tests.unit.transaction_processor.transaction_api_support import (  # noqa: F401
    TEST_CARDS,
    api,
    call,
    seed_transaction,
    status_event,
    upload_event,
)


def card_forms(card):
    """The number as digits, and grouped by spaces or dashes."""
    groups = [card[i:i + 4] for i in range(0, len(card), 4)]
    return [card, " ".join(groups), "-".join(groups)]


def assert_no_card_in(texts):
    for card in TEST_CARDS:
        for form in card_forms(card):
            assert all(form not in text for text in texts), form


def test_no_full_card_number_leaves_the_api(api, tp_aws, caplog):
    # GIVEN transactions stored as csv-validation stores them: card_last4 only
    for index, card in enumerate(TEST_CARDS):
        seed_transaction(tp_aws, f"txn-{index}", card_last4={"S": card[-4:]})
    # WHEN every route is called, also with card numbers where ids belong (shapes the ids never take)
    with caplog.at_level(logging.DEBUG):
        answers = [call(api, status_event(f"txn-{index}")) for index in range(len(TEST_CARDS))]
        answers += [call(api, status_event(card_forms(TEST_CARDS[0])[1])), call(api, upload_event(TEST_CARDS[2])),
                    call(api, {"httpMethod": "POST", "resource": "/upload", "body": TEST_CARDS[1]})]
    # THEN the last four digits are served, and no full number is in any answer or log record (botocore's too)
    assert [body.get("card_last4") for _, body, _ in answers[:3]] == ["1111", "4242", "4444"]
    assert [status for status, _, _ in answers] == [200, 200, 200, 400, 400, 200]
    assert "txn-2" in caplog.text and "GetItem" in caplog.text  # the DEBUG capture saw the calls
    assert_no_card_in([str(answer) for answer in answers] + [caplog.text])


@pytest.mark.seeds_card_numbers  # a corrupt item, to prove the API never reads it
def test_a_stray_card_number_attribute_is_never_even_read(api, tp_aws, caplog):
    # GIVEN (defence in depth) an item where a bug upstream also stored full numbers
    seed_transaction(tp_aws, "txn-stray", card_number={"S": TEST_CARDS[0]}, pan={"N": TEST_CARDS[1]})
    # WHEN its status is asked for
    with caplog.at_level(logging.DEBUG):
        answer = call(api, status_event("txn-stray"))
    # THEN the answer has card_last4 only, and the full numbers were not even read (projection)
    assert answer[0] == 200 and answer[1]["card_last4"] == "1111"
    assert "txn-stray" in caplog.text
    assert_no_card_in([str(answer), caplog.text])


@pytest.mark.seeds_card_numbers  # a corrupt item, to prove the API never serves it
def test_a_card_last4_holding_more_digits_is_not_served(api, tp_aws, caplog):
    # GIVEN (defence in depth) an item whose card_last4 holds a full number
    seed_transaction(tp_aws, "txn-long-last4", card_last4={"S": TEST_CARDS[2]})
    # WHEN its status is asked for
    with caplog.at_level(logging.DEBUG, logger="transaction_api"):
        answer = call(api, status_event("txn-long-last4"))
    # THEN the field is left out of the answer and of the function's own log
    assert answer[0] == 200 and "card_last4" not in answer[1]
    own_records = "\n".join(r.getMessage() for r in caplog.records if r.name == "transaction_api")
    assert "txn-long-last4" in own_records
    assert_no_card_in([str(answer), own_records])
