"""Fault and observation hooks for the csv-validation delivery tests.

``PutItemFaults`` and ``SlowPut`` are botocore ``before-send`` hooks put on the
handler's real DynamoDB client (so botocore's own retries run);
``CountingDynamoDB`` counts the handler's calls; ``stream_events`` reads the
transactions table's stream.
"""

import json
import threading
import time
from typing import Any, Dict, Iterable, List, Optional

from botocore.awsrequest import AWSResponse

from tests.fixtures.lambda_context import ACCOUNT_ID, REGION


def stream_events(aws: Any) -> List[tuple]:
    """``(eventName, transaction_id)`` of every change on the transactions table's stream, in order.

    Read from moto's backend: moto 5.2.5 routes boto3's DynamoDB Streams calls
    (signed as "dynamodb") to the DynamoDB backend, which answers 404.
    """
    from moto.dynamodb.models import dynamodb_backends

    table = dynamodb_backends[ACCOUNT_ID][REGION].tables[aws.transactions_table]
    return [(r.record["eventName"], r.record["dynamodb"]["Keys"]["transaction_id"]["S"])
            for r in table.stream_shard.items]


class CountingDynamoDB:
    """The handler's DynamoDB client, counting calls by operation."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.calls: Dict[str, int] = {}
        self._lock = threading.Lock()  # the write pool calls from several threads

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if not callable(method):
            return method

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls[name] = self.calls.get(name, 0) + 1
            return method(*args, **kwargs)

        return counted


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterable[bytes]:
        yield self._body


class PutItemFaults:
    """A botocore ``before-send`` hook: PutItem of ``transaction_id`` answers 500 ``failures`` times.

    Registered first on the handler's real client, so botocore's own retries
    see the errors (each attempt counts) and moto never receives the write.
    """

    def __init__(self, transaction_id: str, failures: int) -> None:
        self.transaction_id = transaction_id
        self.failures = failures
        self.attempts = 0

    def __call__(self, request: Any, **_: Any) -> Optional[AWSResponse]:
        item = json.loads(request.body)["Item"]
        if item["transaction_id"]["S"] != self.transaction_id or self.failures == 0:
            return None
        self.failures -= 1
        self.attempts += 1
        body = json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                           "message": "Internal server error"}).encode()
        return AWSResponse(request.url, 500, {"x-amzn-requestid": "fault"}, _Raw(body))


class SlowPut:
    """A ``before-send`` hook that holds back the PutItem of one row, then lets moto answer it."""

    def __init__(self, transaction_id: str, row_number: int, seconds: float) -> None:
        self.key = (transaction_id, str(row_number))
        self.seconds = seconds

    def __call__(self, request: Any, **_: Any) -> None:
        item = json.loads(request.body)["Item"]
        if (item["transaction_id"]["S"], item["row_number"]["N"]) == self.key:
            time.sleep(self.seconds)
