"""AWS calls per message by kind, counted with botocore's ``before-call`` event on the handler's clients."""

import pytest

from tests.unit.market_data_processor.market_data_support import AT_KEY, failures, sqs_event, tick

NEW_ALERT = ["dynamodb:PutItem", "sns:Publish", "dynamodb:UpdateItem"]


def stored(status: str) -> dict:
    return {"symbol": "AAPL", "timestamp": AT_KEY, "price": 151, "alert_type": "HIGH", "threshold": 150,
            "status": status, "ttl": 1_803_204_000}


@pytest.mark.parametrize(
    "body, already_stored, calls",
    [
        pytest.param(tick("AAPL", "100"), None, [], id="no alert"),
        pytest.param(tick("AAPL", "150"), None, [], id="no alert at exactly 150"),
        pytest.param(tick("AAPL", "50"), None, [], id="no alert at exactly 50"),
        pytest.param(tick("AAPL", "151"), None, NEW_ALERT, id="new HIGH alert"),
        pytest.param(tick("AAPL", "49"), None, NEW_ALERT, id="new LOW alert"),
        pytest.param(tick("AAPL", "151"), "SENT", ["dynamodb:PutItem"], id="redelivered SENT alert"),
        pytest.param(tick("AAPL", "151"), "PENDING", NEW_ALERT, id="redelivered PENDING alert"),
        pytest.param('{"symbol":"AAPL"}', None, ["sqs:SendMessage"], id="malformed"),
    ],
)
def test_aws_calls_per_message(md_aws, md_calls, md_handler, md_context, body, already_stored, calls):
    # GIVEN one message of the kind (and the alert an earlier delivery left, if any)
    if already_stored:
        md_aws.put_alert(stored(already_stored))
    # WHEN it is handled
    assert md_handler(sqs_event([body]), md_context) == failures()
    # THEN exactly these calls were made
    assert md_calls == calls
