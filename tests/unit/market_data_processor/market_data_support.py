"""SQS records and events for the market data processor's tests, and sample event files."""

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterable, List

EVENTS_DIR = Path(__file__).resolve().parents[2] / "events" / "market_data_processor"
SOURCE_QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:market-data-queue-unittest"
AT = "2026-11-23T10:00:00Z"
AT_KEY = "2026-11-23T10:00:00.000000000Z"  # AT as the alert's range key


def tick(symbol: str = "AAPL", price: str = "151.25", timestamp: str = AT, **extras: Any) -> str:
    """A message body; ``price`` is JSON number text, written as is (``"150.0000000001"`` stays exact)."""
    rest = "".join(f",{json.dumps(name)}:{json.dumps(value)}" for name, value in extras.items())
    return f'{{"symbol":{json.dumps(symbol)},"price":{price},"timestamp":{json.dumps(timestamp)}{rest}}}'


def sqs_record(body: str, message_id: str = "msg-1", receive_count: int = 1) -> Dict[str, Any]:
    """A record as Lambda's SQS event source delivers it."""
    return {
        "messageId": message_id,
        "receiptHandle": f"receipt-{message_id}",
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": str(receive_count),
            "SentTimestamp": "1795428000000",
            "SenderId": "AIDAEXAMPLE",
            "ApproximateFirstReceiveTimestamp": "1795428000001",
        },
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode("utf-8", "surrogatepass")).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": SOURCE_QUEUE_ARN,
        "awsRegion": "us-east-1",
    }


def sqs_event(bodies: Iterable[str], prefix: str = "msg") -> Dict[str, List[Dict[str, Any]]]:
    """One record per body, with ids ``{prefix}-0``, ``{prefix}-1``..."""
    return {"Records": [sqs_record(body, f"{prefix}-{n}") for n, body in enumerate(bodies)]}


def load_event(name: str) -> Dict[str, Any]:
    return json.loads((EVENTS_DIR / name).read_text())


def failures(*message_ids: str) -> Dict[str, List[Dict[str, str]]]:
    """The handler's answer when exactly ``message_ids`` failed."""
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in message_ids]}


def published_bodies(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The published (or dead-lettered) bodies as JSON, fractions as exact ``Decimal``."""
    return [json.loads(message["Body"], parse_float=Decimal) for message in messages]
