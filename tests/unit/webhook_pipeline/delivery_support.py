"""Helpers for the delivery-guarantee tests: async router runtime, faults, queue reads.

``AsyncRouterRuntime`` stands in for the validator's Lambda client *and* for
Lambda's asynchronous invocation of the router (moto cannot run Lambdas):
``invoke`` queues the payload and answers 202; ``run`` gives each queued
event to ``router.handler``, retries it twice on error (the stack's
``aws_lambda_function_event_invoke_config``: maximum_retry_attempts 2) and,
when all three attempts fail, sends a record to the on-failure destination
queue. The record mirrors the shape AWS documents for on-failure destination
records (version, timestamp, requestContext with condition
``RetriesExhausted`` and approximateInvokeCount, requestPayload,
responseContext, responsePayload with errorMessage/errorType), without the
stack trace and with made-up request ids.
"""

import json
import threading
import uuid
from collections import deque
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Callable, Deque, Dict, Iterator, List, Optional

from botocore.exceptions import ClientError

from constructs_lib.defaults import ASYNC_RETRY_ATTEMPTS as MAX_RETRY_ATTEMPTS  # the stack's event invoke config


class LambdaSandboxKilled(BaseException):
    """The validator's sandbox dies mid-request (timeout, OOM): no ``except Exception`` runs."""


class AsyncRouterRuntime:
    def __init__(
        self,
        router: Any,
        sqs: Any,
        queue_urls: Dict[str, str],
        failure_queue_url: str,
        function_arn: str,
        context: Any,
    ) -> None:
        self.router = router
        self.sqs = sqs
        self.queue_urls = queue_urls
        self.failure_queue_url = failure_queue_url
        self.function_arn = function_arn
        self.context = context
        self.pending: Deque[Any] = deque()
        self.received: Dict[str, List[Dict[str, Any]]] = {t: [] for t in queue_urls}
        self.invoke_calls = 0
        self.router_attempts = 0
        self._lock = threading.Lock()
        # Fault knobs for the next invoke: raised before / after Lambda queued the event.
        self.raise_before_queueing: Optional[BaseException] = None
        self.raise_after_queueing: Optional[BaseException] = None
        self.status_code = 202

    # ------------------------------------------------ the validator's Lambda client

    def invoke(self, **kwargs: Any) -> Dict[str, Any]:
        assert kwargs["InvocationType"] == "Event"
        with self._lock:
            self.invoke_calls += 1
            before, self.raise_before_queueing = self.raise_before_queueing, None
            after, self.raise_after_queueing = self.raise_after_queueing, None
        if before is not None:
            raise before
        if self.status_code != 202:
            return {"StatusCode": self.status_code}
        with self._lock:
            self.pending.append(json.loads(kwargs["Payload"]))
        if after is not None:
            raise after
        return {"StatusCode": 202}

    # ------------------------------------------------ Lambda's async invocation

    def queue_raw(self, payload: Any) -> None:
        """Queue a payload as if someone invoked the router with it directly."""
        self.pending.append(payload)

    def run(self, consume_every: int = 50) -> None:
        """Route everything queued; consumers empty the queues every ``consume_every`` events.

        (moto's SQS gets quadratically slower with the messages a queue holds.)
        """
        routed = 0
        while self.pending:
            routed += 1
            if routed % consume_every == 0:
                self._consume()
            payload = self.pending.popleft()
            error: Optional[Exception] = None
            for _attempt in range(1 + MAX_RETRY_ATTEMPTS):
                self.router_attempts += 1
                try:
                    self.router.handler(payload, self.context)
                    error = None
                    break
                except Exception as exc:  # what Lambda records as a function error
                    error = exc
            if error is not None:
                self._send_failure_record(payload, error)

    def _send_failure_record(self, payload: Any, error: Exception) -> None:
        record = {
            "version": "1.0",
            "timestamp": datetime.now(tz=timezone.utc).isoformat(),
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": f"{self.function_arn}:$LATEST",
                "condition": "RetriesExhausted",
                "approximateInvokeCount": 1 + MAX_RETRY_ATTEMPTS,
            },
            "requestPayload": payload,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": {"errorMessage": str(error), "errorType": type(error).__name__},
        }
        self.sqs.send_message(QueueUrl=self.failure_queue_url, MessageBody=json.dumps(record))

    # ------------------------------------------------ reading the outcome

    def _consume(self) -> None:
        for transaction_type, url in self.queue_urls.items():
            self.received[transaction_type].extend(drain(self.sqs, url))

    def routed(self) -> Dict[str, List[Dict[str, Any]]]:
        """Every message the primary queues received (each queue drained)."""
        self._consume()
        return {t: list(messages) for t, messages in self.received.items()}

    def failures(self) -> List[Dict[str, Any]]:
        return [json.loads(message["Body"]) for message in drain(self.sqs, self.failure_queue_url)]


def drain(sqs: Any, queue_url: str) -> List[Dict[str, Any]]:
    """Receive and delete until empty (moto's receive slows with every message kept)."""
    messages: List[Dict[str, Any]] = []
    while True:
        batch = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=10,
            MessageAttributeNames=["All"],
            VisibilityTimeout=3600,
            WaitTimeSeconds=0,
        ).get("Messages", [])
        if not batch:
            return messages
        messages.extend(batch)
        sqs.delete_message_batch(
            QueueUrl=queue_url,
            Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(batch)],
        )


def routed_event_ids(routed: Dict[str, List[Dict[str, Any]]]) -> Dict[str, List[str]]:
    return {
        t: sorted(m["MessageAttributes"]["event_id"]["StringValue"] for m in messages)
        for t, messages in routed.items()
    }


def client_error(code: str, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, operation)


class FaultyClient:
    """Wraps a boto3 client; ``faults[name]`` is called instead of the named operation.

    The fault gets the real operation and the kwargs, so it can fail before
    the call, after it (the write applied, the answer lost), or twice over.
    """

    def __init__(self, client: Any, **faults: Callable[..., Any]) -> None:
        self._client = client
        self.faults = dict(faults)
        self.calls: List[str] = []

    def __getattr__(self, name: str) -> Any:
        operation = getattr(self._client, name)
        if not callable(operation):
            return operation

        def call(**kwargs: Any) -> Any:
            self.calls.append(name)
            fault = self.faults.pop(name, None)
            if fault is None:
                return operation(**kwargs)
            return fault(operation, kwargs)

        return call


@contextmanager
def serialized_moto_dynamodb_writes() -> Iterator[threading.Lock]:
    """Make moto's conditional writes atomic across threads, as DynamoDB's are.

    moto evaluates a condition and writes in two Python steps; without this a
    double acceptance could be the emulator's race, not the code's.
    """
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.Lock()
    originals = {name: getattr(DynamoDBBackend, name) for name in ("put_item", "update_item", "delete_item")}

    def locked(original: Callable[..., Any]) -> Callable[..., Any]:
        def write(self: Any, *args: Any, **kwargs: Any) -> Any:
            with lock:
                return original(self, *args, **kwargs)

        return write

    for name, original in originals.items():
        setattr(DynamoDBBackend, name, locked(original))
    try:
        yield lock
    finally:
        for name, original in originals.items():
            setattr(DynamoDBBackend, name, original)
