"""Card data: full card numbers never appear in anomaly-detection's alerts or logs (caplog at DEBUG)."""

import json
import logging

from tests.unit.transaction_processor.anomaly_detection_support import (  # noqa: F401
    TEST_CARDS,
    detector,
    failures,
    image,
    stream,
    stream_record,
)


def card_forms(card):
    groups = [card[i:i + 4] for i in range(0, len(card), 4)]
    return [card, " ".join(groups), "-".join(groups)]


def test_alerts_and_logs_carry_card_last4_only(detector, stream, tp_aws, caplog):
    # GIVEN high-amount transactions stored with card_last4 only; (defence in depth) one image that also
    # carries a full number, and one whose card_last4 holds a full number
    records = stream.insert(*(image(f"t-{i}", amount="50000", card_last4={"S": card[-4:]})
                              for i, card in enumerate(TEST_CARDS)))
    records.append(stream_record("901", image("t-stray", amount="50000", card_number={"S": TEST_CARDS[0]})))
    records.append(stream_record("902", image("t-long", amount="50000", card_last4={"S": TEST_CARDS[1]})))
    # WHEN the batch is processed with everything logged
    with caplog.at_level(logging.DEBUG):
        result = detector(records)
        published = tp_aws.published()
    # THEN the stored ones and the stray one are alerted on with their last four digits
    bodies = {json.loads(m["Body"])["transaction_id"]: json.loads(m["Body"]) for m in published}
    assert {txn: body["card_last4"] for txn, body in bodies.items()} == {
        "t-0": "1111", "t-1": "4242", "t-2": "4444", "t-stray": "1111"}
    # THEN the one with a full number as card_last4 is reported, never published
    assert failures(result) == ["902"]
    # THEN no full number is in any message, attribute or log record (botocore's and moto's included)
    assert "Publish" in caplog.text  # the DEBUG capture saw the calls
    texts = [json.dumps(published), caplog.text]
    for card in TEST_CARDS:
        for form in card_forms(card):
            assert all(form not in text for text in texts), form
