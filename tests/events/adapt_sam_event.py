"""Adapt an event from ``sam local generate-event`` (stdin) into one of this repository's samples (stdout).

sam's templates carry the shape AWS sends (every key, where it sits, its type); this script only sets
values: the bodies, ids, names and clock the tests rely on, and what the template gets wrong for these
functions (an S3 key is encoded as S3 encodes it, ``+`` for a space; API Gateway sends ``null`` for
absent query strings and path parameters, and every header in ``multiValueHeaders`` too).
``generate_events.sh`` runs it for every sample; the outputs are committed. Standard library only.

    sam local generate-event sqs receive-message --queue-name market-data-queue-unittest \\
        | python3 tests/events/adapt_sam_event.py md-high-alert > tests/events/market_data_processor/high_alert.json
"""

import base64
import copy
import hashlib
import json
import struct
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import quote_plus, unquote

ACCOUNT = "123456789012"
HOST = "abc123.execute-api.us-east-1.amazonaws.com"

# ---------------------------------------------------------------- SQS (market data processor)

SENT = {"SentTimestamp": "1795428000000", "ApproximateFirstReceiveTimestamp": "1795428000001",
        "SenderId": "AIDAEXAMPLE"}


def md5_of_message_attributes(attributes: Dict[str, Dict[str, Any]]) -> str:
    """SQS's digest of message attributes: per name in order, length-prefixed name, type, transport, value."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        value = attribute["stringValue"].encode()
        for part in (name.encode(), attribute["dataType"].encode()):
            digest.update(struct.pack(">I", len(part)) + part)
        digest.update(b"\x01" + struct.pack(">I", len(value)) + value)  # 1: a string value
    return digest.hexdigest()


def sqs_batch(event: Dict[str, Any], messages: List[Tuple[str, str, Dict[str, str]]]) -> Dict[str, Any]:
    """One record per (message id, body, string message attributes), from sam's record."""
    template = event["Records"][0]
    records = []
    for message_id, body, attributes in messages:
        record = copy.deepcopy(template)
        record.update(messageId=message_id, receiptHandle=f"receipt-{message_id}", body=body,
                      md5OfBody=hashlib.md5(body.encode()).hexdigest())
        record["attributes"].update(SENT)
        record["messageAttributes"] = {
            name: {"stringValue": value, "stringListValues": [], "binaryListValues": [], "dataType": "String"}
            for name, value in attributes.items()
        }
        if attributes:
            record["md5OfMessageAttributes"] = md5_of_message_attributes(record["messageAttributes"])
        records.append(record)
    return {"Records": records}


def tick(symbol: str, price: str, timestamp: str, extra: str = "") -> str:
    return f'{{"symbol":"{symbol}","price":{price},"timestamp":"{timestamp}"{extra}}}'


AT = "2026-11-23T10:00:00Z"
MIXED = [  # (message id suffix, body): every outcome of the contract in one batch of 25
    ("01-no-alert-100", tick("AAPL", "100", AT)),
    ("02-no-alert-exactly-150", tick("MSFT", "150", AT)),
    ("03-no-alert-exactly-50", tick("MSFT", "50.00", "2026-11-23T10:00:01Z")),
    ("04-high-150.01", tick("AAPL", "150.01", "2026-11-23T10:00:02Z")),
    ("05-low-49.99", tick("TSLA", "49.99", "2026-11-23T10:00:02Z")),
    ("06-high-extras", tick("NVDA", "420.5", "2026-11-23T10:00:03Z",
                            ',"venue":"XNAS","status":"HACKED","ttl":1,"alert_type":"LOW"')),
    ("07-duplicate-of-high-150.01", tick("AAPL", "150.01", "2026-11-23T12:00:02.000+02:00")),
    ("08-malformed-not-json", "AAPL,150.01,2026-11-23T10:00:00Z"),
    ("09-malformed-array", '["AAPL", 151, "2026-11-23T10:00:00Z"]'),
    ("10-malformed-missing-price", f'{{"symbol":"AAPL","timestamp":"{AT}"}}'),
    ("11-malformed-price-string", tick("AAPL", '"151"', AT)),
    ("12-malformed-price-boolean", tick("AAPL", "true", AT)),
    ("13-malformed-price-zero", tick("AAPL", "0", AT)),
    ("14-malformed-price-negative", tick("AAPL", "-151", AT)),
    ("15-malformed-symbol-lowercase", tick("aapl", "151", AT)),
    ("16-malformed-symbol-13-chars", tick("ABCDEFGHIJKLM", "151", AT)),
    ("17-malformed-timestamp-no-zone", tick("AAPL", "151", "2026-11-23T10:00:00")),
    ("18-malformed-price-nan", tick("AAPL", "NaN", AT)),
    ("19-malformed-duplicate-key", f'{{"symbol":"AAPL","price":151,"price":1,"timestamp":"{AT}"}}'),
    ("20-no-alert-75", tick("BRK.B", "75", AT)),
    ("21-high-1000", tick("BRK-A", "1000", AT)),
    ("22-low-0.0001", tick("PENNY", "0.0001", AT)),
    ("23-no-alert-149.99", tick("IBM", "149.99", AT)),
    ("24-no-alert-50.01", tick("IBM", "50.01", "2026-11-23T10:00:01Z")),
    ("25-high-150.0000000001", tick("GOOG", "150.0000000001", AT)),
]
PRODUCER = {"producer": "feed-handler-7"}  # a producer's own attribute: carried, never read


def single(message_id: str, body: str) -> Callable[[Dict[str, Any]], Dict[str, Any]]:
    return lambda event: sqs_batch(event, [(message_id, body, {})])


# ---------------------------------------------------------------- S3 (csv-validation)


def s3_put(event_time: str, principal: str, source_ip: str, request_id: str, size: int, etag: str,
           version_id: str, sequencer: str) -> Callable[[Dict[str, Any]], Dict[str, Any]]:
    def adapt(event: Dict[str, Any]) -> Dict[str, Any]:
        record = event["Records"][0]
        record.update(eventVersion="2.1", eventTime=event_time)
        record["userIdentity"]["principalId"] = principal
        record["requestParameters"]["sourceIPAddress"] = source_ip
        record["responseElements"]["x-amz-request-id"] = request_id
        record["s3"]["configurationId"] = "csv-validation-uploads"
        record["s3"]["bucket"]["ownerIdentity"]["principalId"] = "A3NL1KOZZKExample"
        obj = record["s3"]["object"]
        # sam encodes a space as %20; S3 writes +, and %2B for a plus
        obj.update(key=quote_plus(unquote(obj["key"]), safe="/"), size=size, eTag=etag, versionId=version_id,
                   sequencer=sequencer)
        return event
    return adapt


# ---------------------------------------------------------------- DynamoDB stream (anomaly-detection)

UPLOAD_ID = "3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f"


def transaction(transaction_id: str, amount: str, card_last4: str, timestamp: str, row: int,
                status: str = "ACCEPTED") -> Dict[str, Dict[str, str]]:
    return {"transaction_id": {"S": transaction_id}, "upload_id": {"S": UPLOAD_ID},
            "merchant_id": {"S": "merchant-42"}, "amount": {"N": amount}, "currency": {"S": "EUR"},
            "card_last4": {"S": card_last4}, "timestamp": {"S": timestamp}, "row_number": {"N": str(row)},
            "status": {"S": status}}


def stream_inserts(event: Dict[str, Any]) -> Dict[str, Any]:
    """sam's INSERT and MODIFY records (its REMOVE has no counterpart here: the table has no TTL)."""
    insert, modify = (copy.deepcopy(r) for r in event["Records"][:2])
    first = transaction("txn-0001", "1234.5", "1111", "2026-01-01T10:00:00Z", 2)
    second = transaction("txn-0002", "25000.00", "4242", "2026-01-01T10:01:00+01:00", 3)
    flagged = {**second, "status": {"S": "FLAGGED"}, "anomaly_reasons": {"L": [{"S": "high_amount"}]}}
    records = []
    for number, (template, new, old) in enumerate([(insert, first, None), (insert, second, None),
                                                   (modify, flagged, second)], start=1):
        record = copy.deepcopy(template)
        change = record["dynamodb"]
        change.update(Keys={"transaction_id": new["transaction_id"]}, NewImage=new,
                      ApproximateCreationDateTime=1767225600 + number,
                      SequenceNumber=f"10000000000000000000{number}",
                      SizeBytes=len(json.dumps(new)) // 2)
        if old is None:
            change.pop("OldImage", None)
        else:
            change["OldImage"] = old
        record["eventID"] = f"e10000000000000000000{number}"
        record["eventSourceARN"] = record["eventSourceARN"].replace("2015-06-27T00:48:05.899",
                                                                    "2026-01-01T00:00:00.000")
        records.append(record)
    return {"Records": records}


# ---------------------------------------------------------------- API Gateway REST proxy


def proxy(stage: str, path_parameters: Optional[Dict[str, str]], headers: Dict[str, str],
          body: Optional[str] = None, base64_body: bool = False, api_key_id: Optional[str] = None,
          request_time: Tuple[str, int] = ("23/Nov/2026:10:00:00 +0000", 1795428000000)
          ) -> Callable[[Dict[str, Any]], Dict[str, Any]]:
    """sam's aws-proxy event for a method and resource given on its command line, with these values."""
    def adapt(event: Dict[str, Any]) -> Dict[str, Any]:
        event.update(pathParameters=path_parameters, stageVariables=None, queryStringParameters=None,
                     multiValueQueryStringParameters=None, headers=dict(headers),
                     multiValueHeaders={name: [value] for name, value in headers.items()})
        if body is None:
            event.update(body=None, isBase64Encoded=False)
        elif base64_body:
            event.update(body=base64.b64encode(body.encode()).decode(), isBase64Encoded=True)
        else:
            event.update(body=body, isBase64Encoded=False)
        context = event["requestContext"]
        context.update(stage=stage, path=f"/{stage}{event['path']}", apiId="abc123", domainName=HOST,
                       domainPrefix="abc123", requestTime=request_time[0], requestTimeEpoch=request_time[1],
                       extendedRequestId="BqQ9AFmBoAMFvWg=")
        context["identity"].update(sourceIp="203.0.113.10", userAgent=headers.get("User-Agent"),
                                   apiKey=None, apiKeyId=api_key_id)
        return event
    return adapt


SENDER = {"Content-Type": "application/json", "Host": HOST, "User-Agent": "example-sender/1.0",
          "X-Amzn-Trace-Id": "Root=1-6740a1b2-0123456789abcdef01234567", "X-Forwarded-For": "203.0.113.10",
          "X-Forwarded-Port": "443", "X-Forwarded-Proto": "https"}
MERCHANT = {"Accept": "application/json", "Host": HOST, "User-Agent": "merchant-client/2.3",
            "x-api-key": "EXAMPLE-NOT-A-REAL-KEY", "X-Forwarded-For": "203.0.113.10", "X-Forwarded-Port": "443",
            "X-Forwarded-Proto": "https"}
PAYMENT = ('{"event_id": "evt_pay_0001", "transaction_type": "payment", "amount": 125.5, '
           '"timestamp": "2026-11-23T10:00:00Z", "currency": "EUR", "merchant": {"id": "m_42", "name": '
           '"Caf\u00e9 Zo\u00eb"}}')
REFUND = ('{"event_id": "evt_ref_0001", "transaction_type": "refund", "amount": 40, '
          '"timestamp": "2026-11-23T10:05:00.250+01:00", "original_event_id": "evt_pay_0001"}')
DISPUTE = ('{"event_id": "evt_dis_0001", "transaction_type": "dispute", "amount": 125.5, '
           '"timestamp": "2026-11-23T11:00:00-05:00", "reason": "fraudulent"}')
API_TIME = ("01/Jan/2026:00:00:00 +0000", 1767225600000)

RECIPES: Dict[str, Callable[[Dict[str, Any]], Dict[str, Any]]] = {
    "md-high-alert": single("c5b2c3a0-1f7e-4a51-9a0e-6f4f3c2d1e01", tick("AAPL", "151.25", AT, ',"venue":"XNAS"')),
    "md-low-alert": single("c5b2c3a0-1f7e-4a51-9a0e-6f4f3c2d1e02",
                           tick("TSLA", "49.99", "2026-11-23T11:30:00.250+01:00")),
    "md-no-alert": single("c5b2c3a0-1f7e-4a51-9a0e-6f4f3c2d1e03", tick("MSFT", "150", AT)),
    "md-malformed": single("c5b2c3a0-1f7e-4a51-9a0e-6f4f3c2d1e04", tick("aapl", "151", AT)),
    "md-mixed-batch-25": lambda event: sqs_batch(
        event, [(f"mixed-{name}", body, PRODUCER if n % 2 else {}) for n, (name, body) in enumerate(MIXED)]),
    "tp-s3-put": s3_put("2026-11-24T02:00:00.000Z", "AWS:AROAEXAMPLEROLEID:transaction-api-unittest",
                        "203.0.113.10", "C3D13FE58DE4C810", 226, "d41d8cd98f00b204e9800998ecf8427e",
                        "096fKKXTRTtl3on89fVO.nfljtsv6qko", "0055AED6DCD90281E5"),
    "tp-s3-put-encoded-key": s3_put("2026-11-24T02:00:05.000Z", "AWS:AIDAEXAMPLEUSER", "203.0.113.11",
                                    "D4E24FE69EF5D921", 226, "0cc175b9c0f1b6a831c399e269772661",
                                    "3HL4kqtJlcpXroDTDmjVBH40Nrjfkd", "0055AED6DCD90281F0"),
    "tp-stream-inserts": stream_inserts,
    "tp-api-post-upload": proxy("v1", None, MERCHANT, api_key_id="a1b2c3d4e5", request_time=API_TIME),
    "tp-api-get-status": proxy("v1", {"transaction_id": "txn-0001"}, MERCHANT, api_key_id="a1b2c3d4e5",
                               request_time=API_TIME),
    "tp-api-get-upload": proxy("v1", {"upload_id": UPLOAD_ID}, MERCHANT, api_key_id="a1b2c3d4e5",
                               request_time=API_TIME),
    "wh-payment": proxy("prod", None, SENDER, PAYMENT),
    "wh-refund-base64": proxy("prod", None, SENDER, REFUND, base64_body=True),
    "wh-dispute": proxy("prod", None, SENDER, DISPUTE),
}


def main(argv: List[str]) -> int:
    if len(argv) != 2 or argv[1] not in RECIPES:
        sys.stderr.write(f"usage: sam local generate-event ... | {argv[0]} {{{','.join(RECIPES)}}}\n")
        return 2
    event = RECIPES[argv[1]](json.load(sys.stdin))
    sys.stdout.write(json.dumps(event, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
