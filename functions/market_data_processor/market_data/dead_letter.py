"""Moving a malformed message to the DLQ at once, with the reason it can never succeed.

The DLQ message is the original body, unchanged, with two attributes:
``error_reason`` (what is wrong, never the payload) and ``source_message_id``.
"""

from typing import Any

MAX_REASON_CHARS = 256


def send_to_dead_letter_queue(sqs: Any, dlq_url: str, body: str, reason: str, source_message_id: str) -> str:
    """Send ``body`` to the DLQ; SQS's message id."""
    response = sqs.send_message(
        QueueUrl=dlq_url,
        MessageBody=body,
        MessageAttributes={
            "error_reason": {"DataType": "String", "StringValue": reason[:MAX_REASON_CHARS]},
            "source_message_id": {"DataType": "String", "StringValue": source_message_id},
        },
    )
    return response["MessageId"]
