"""Helpers shared by the handler tests: sample events, signing, fakes, moto handles."""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

from standardwebhooks.webhooks import Webhook

REPO_ROOT = Path(__file__).resolve().parents[3]
EVENTS_DIR = REPO_ROOT / "tests" / "events" / "webhook_pipeline"
FUNCTIONS_DIR = REPO_ROOT / "functions"

# A fixed test key, in the Standard Webhooks secret format: whsec_ + base64(key).
SIGNING_KEY = bytes(range(32))
SIGNING_SECRET = "whsec_" + base64.b64encode(SIGNING_KEY).decode("ascii")
OTHER_SECRET = "whsec_" + base64.b64encode(b"\x7f" * 32).decode("ascii")

JSON_HEADERS = {"Content-Type": "application/json"}


# ---------------------------------------------------------------- events


def load_event(name: str) -> Dict[str, Any]:
    return json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))


def event_body(name: str) -> Dict[str, Any]:
    """The webhook event inside a sample API Gateway event."""
    api_event = load_event(name)
    body = api_event["body"]
    if api_event["isBase64Encoded"]:
        body = base64.b64decode(body).decode("utf-8")
    return json.loads(body)


def sign_headers(
    raw_body: bytes,
    secret: str = SIGNING_SECRET,
    msg_id: str = "msg_2p6fA1f3sV",
    timestamp: Optional[int] = None,
) -> Dict[str, str]:
    """Standard Webhooks headers computed by the reference ``standardwebhooks`` library."""
    if timestamp is None:
        timestamp = int(datetime.now(tz=timezone.utc).timestamp())
    when = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    try:
        signature = Webhook(secret).sign(msg_id, when, raw_body.decode("utf-8"))
    except UnicodeDecodeError:
        # The reference signer only takes text; sign undecodable bytes by the spec.
        key = base64.b64decode(secret.removeprefix("whsec_"))
        digest = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + raw_body, hashlib.sha256).digest()
        signature = "v1," + base64.b64encode(digest).decode("ascii")
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }


def make_delivery(
    name: str = "payment_delivery.json",
    body: Union[None, str, bytes, Dict[str, Any], List[Any]] = None,
    secret: str = SIGNING_SECRET,
    base64_encoded: Optional[bool] = None,
    header_case: Callable[[str], str] = str.title,
    **sign_kwargs: Any,
) -> Dict[str, Any]:
    """A sample API Gateway event, optionally with another body, freshly signed.

    ``body``: a dict/list is JSON-encoded, a str is used as is, bytes are raw.
    Header names get ``header_case`` applied, as senders choose their casing.
    """
    api_event = load_event(name)
    if base64_encoded is None:
        base64_encoded = api_event["isBase64Encoded"]
    if body is None:
        raw = (
            base64.b64decode(api_event["body"])
            if api_event["isBase64Encoded"]
            else api_event["body"].encode("utf-8")
        )
    elif isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode("utf-8")
    else:
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
    api_event["isBase64Encoded"] = base64_encoded
    api_event["body"] = (
        base64.b64encode(raw).decode("ascii") if base64_encoded else raw.decode("utf-8")
    )
    for header, value in sign_headers(raw, secret=secret, **sign_kwargs).items():
        api_event["headers"][header_case(header)] = value
        api_event["multiValueHeaders"][header_case(header)] = [value]
    return api_event


def parsed(response: Dict[str, Any]) -> Dict[str, Any]:
    """statusCode, headers and the decoded JSON body of a proxy response."""
    assert set(response) == {"statusCode", "headers", "body"}
    return {
        "statusCode": response["statusCode"],
        "headers": response["headers"],
        "body": json.loads(response["body"]),
    }


def expect(status: int, body: Dict[str, Any]) -> Dict[str, Any]:
    return {"statusCode": status, "headers": JSON_HEADERS, "body": body}


# ---------------------------------------------------------------- fakes


class FakeLambdaClient:
    """Stands in for the validator's Lambda client (moto cannot run Lambdas).

    Records every invoke. ``status_code``/``function_error`` shape the answer,
    ``error`` is raised instead, and ``forward_to`` runs a handler in-process
    with the decoded payload (the end-to-end wiring to the router).
    """

    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        self.status_code = 202
        self.function_error: Optional[str] = None
        self.error: Optional[BaseException] = None
        self.forward_to: Optional[Callable[[Any, Any], Any]] = None

    def invoke(self, **kwargs: Any) -> Dict[str, Any]:
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error
        if self.forward_to is not None:
            self.forward_to(json.loads(kwargs["Payload"]), None)
        response: Dict[str, Any] = {"StatusCode": self.status_code}
        if self.function_error:
            response["FunctionError"] = self.function_error
        return response

    @property
    def payloads(self) -> List[Any]:
        return [json.loads(call["Payload"]) for call in self.calls]


@dataclass
class AwsResources:
    table_name: str
    router_name: str
    secret_arn: str
    queue_urls: Dict[str, str]
    dynamodb: Any
    sqs: Any
    secretsmanager: Any
    lambda_client: FakeLambdaClient = field(default_factory=FakeLambdaClient)

    def item(self, event_id: str) -> Optional[Dict[str, Any]]:
        return self.dynamodb.get_item(
            TableName=self.table_name, Key={"event_id": {"S": event_id}}, ConsistentRead=True
        ).get("Item")

    def item_count(self) -> int:
        return self.dynamodb.scan(TableName=self.table_name)["Count"]

    def messages(self, transaction_type: str) -> List[Dict[str, Any]]:
        return self.sqs.receive_message(
            QueueUrl=self.queue_urls[transaction_type],
            MaxNumberOfMessages=10,
            MessageAttributeNames=["All"],
            WaitTimeSeconds=0,
        ).get("Messages", [])
