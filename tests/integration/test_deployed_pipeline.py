"""The deployed pipeline keeps the webhook contract end to end (skips without a deployed stack)."""

import pytest

from tests.integration.deployed_stack import QUEUE_OUTPUT_BY_TYPE, Delivery, new_event, take_message

ACCEPTED = "Event validated and queued for processing"
OTHER_SECRET = "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="


@pytest.mark.parametrize("transaction_type", sorted(QUEUE_OUTPUT_BY_TYPE))
def test_signed_delivery_is_accepted_and_lands_in_its_queue(
    endpoint, signing_secret, sqs, stack_outputs, transaction_type
):
    # GIVEN a delivery signed with the stack's secret
    event = new_event(transaction_type)
    # WHEN it is posted
    response = Delivery.signed(event, signing_secret).post(endpoint)
    # THEN it is accepted, and the event reaches the queue of its type
    assert response.status == 200, response
    assert response.body == {"message": ACCEPTED, "event_id": event["event_id"]}
    assert response.headers["content-type"].startswith("application/json")
    message = take_message(sqs, stack_outputs[QUEUE_OUTPUT_BY_TYPE[transaction_type]], event["event_id"])
    assert message is not None, f"{event['event_id']} did not reach the {transaction_type} queue"
    assert message["MessageAttributes"]["transaction_type"]["StringValue"] == transaction_type


def test_duplicate_delivery_is_refused(endpoint, signing_secret, sqs, stack_outputs):
    # GIVEN a delivery that was accepted
    event = new_event("refund")
    delivery = Delivery.signed(event, signing_secret)
    first = delivery.post(endpoint)
    assert first.status == 200, first
    # WHEN the sender retries it
    again = delivery.post(endpoint)
    # THEN the retry is refused as a duplicate, and one message was queued
    assert again.status == 409, again
    assert again.body == {"error": "Duplicate event"}
    assert take_message(sqs, stack_outputs["refunds_queue_url"], event["event_id"]) is not None


def test_bad_signature_is_refused_before_the_event_is_claimed(endpoint, signing_secret, sqs, stack_outputs):
    # GIVEN a delivery signed with another secret
    event = new_event("payment")
    # WHEN it is posted
    forged = Delivery.signed(event, OTHER_SECRET).post(endpoint)
    # THEN it is refused with a JSON error
    assert forged.status == 401, forged
    assert set(forged.body) == {"error"}
    # AND the forger did not claim the event id: the real delivery goes through
    genuine = Delivery.signed(event, signing_secret).post(endpoint)
    assert genuine.status == 200, genuine
    assert take_message(sqs, stack_outputs["payments_queue_url"], event["event_id"]) is not None


def test_unsigned_delivery_is_refused(endpoint):
    delivery = Delivery.signed(new_event("dispute"), OTHER_SECRET)
    unsigned = Delivery(delivery.body, {"Content-Type": "application/json"})
    response = unsigned.post(endpoint)
    assert response.status == 401, response
    assert set(response.body) == {"error"}
