"""A deployed transaction processor in process, for its smoke test's tests (tools/smoke/transaction_processor.py).

``DeployedSystem`` is the command's HTTP opener. Requests to the API's stage
URL play API Gateway: a route the API does not have, or a missing or wrong
``x-api-key`` (compared with the key created in moto's API Gateway), gets
the gateway's 403 ``{"error": ...}``; the others become REST proxy events for
the real transaction-api handler. A PUT to the presigned URL (virtual-hosted,
SigV4 query) stores the body in moto's bucket and queues the ObjectCreated
event S3 would send; the queue is delivered to the csv-validation handler
(the real one unless a test swaps it) when the command sleeps between polls,
as the asynchronous notification would arrive while it waits.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, unquote, urlsplit
from urllib.request import Request

from tests.unit.transaction_processor.csv_validation_support import CsvUploads, csv_context
from tests.unit.transaction_processor.transaction_api_support import api_event

from tests.fixtures.lambda_context import FakeLambdaContext

SUFFIX = "unittest"
STACK_ID = f"transaction-processor-{SUFFIX}"
ENDPOINT = "https://abc123.execute-api.us-east-1.amazonaws.com/v1"
# (method, path pattern) -> (the resource API Gateway names, its path parameter, the sample event)
ROUTES = {
    ("POST", re.compile(r"/upload")): ("/upload", None, "post_upload"),
    ("GET", re.compile(r"/uploads/([^/]+)")): ("/uploads/{upload_id}", "upload_id", "get_upload"),
    ("GET", re.compile(r"/status/([^/]+)")): ("/status/{transaction_id}", "transaction_id", "get_status"),
}
PRESIGNED_QUERY = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Signature")


def answer(status: int, body: Any) -> Tuple[int, bytes]:
    return status, json.dumps(body).encode()


@dataclass
class DeployedSystem:
    api: Any  # the transaction-api handler module
    csv_handler: Callable[[Dict[str, Any], Any], Any]
    uploads: CsvUploads
    api_key: str
    require_key: bool = True  # False: a stage whose methods forgot api_key_required
    notify: bool = True  # False: the bucket notification never reaches csv-validation
    queued: List[Dict[str, Any]] = field(default_factory=list)
    requests: List[Tuple[str, str, Optional[str]]] = field(default_factory=list)  # method, path, x-api-key sent

    def __call__(self, request: Request) -> Tuple[int, bytes]:
        url = urlsplit(request.full_url)
        self.requests.append((request.get_method(), url.path, request.get_header("X-api-key")))
        if request.full_url.startswith(ENDPOINT + "/"):
            return self.gateway(request, request.full_url[len(ENDPOINT):])
        return self.s3_put(request)

    def gateway(self, request: Request, path: str) -> Tuple[int, bytes]:
        for (method, pattern), (resource, parameter, sample) in ROUTES.items():
            match = pattern.fullmatch(path)
            if match and request.get_method() == method:
                break
        else:
            return answer(403, {"error": "Missing Authentication Token"})
        if self.require_key and request.get_header("X-api-key") != self.api_key:
            return answer(403, {"error": "Forbidden"})
        body = request.data.decode() if request.data is not None else None
        event = api_event(sample, path=path, headers=dict(request.header_items()), body=body,
                          pathParameters={parameter: unquote(match.group(1))} if parameter else None)
        response = self.api.handler(event, FakeLambdaContext(function_name=f"transaction-api-{SUFFIX}"))
        return response["statusCode"], response["body"].encode()

    def s3_put(self, request: Request) -> Tuple[int, bytes]:
        url, bucket = urlsplit(request.full_url), self.uploads.aws.bucket
        query = parse_qs(url.query)
        signed = all(name in query for name in PRESIGNED_QUERY) and query["X-Amz-Expires"] == ["900"]
        if request.get_method() != "PUT" or url.netloc != f"{bucket}.s3.us-east-1.amazonaws.com" or not signed:
            return 403, b"<Error><Code>AccessDenied</Code></Error>"
        event = self.uploads.put(unquote(url.path[1:]), request.data)
        if self.notify:
            self.queued.append(event)
        return 200, b""

    def deliver(self) -> None:
        """Run csv-validation on every notification sent so far."""
        while self.queued:
            self.csv_handler(self.queued.pop(0), csv_context())


def write_outputs(path: Path, api_key_id: str, aws: Any) -> Path:
    """An outputs file as `cdktf output --outputs-file` writes it for the stack."""
    arn = f"arn:aws:lambda:us-east-1:123456789012:function:{{}}-{SUFFIX}"
    outputs = {
        "api_endpoint": ENDPOINT,
        "api_key_id": api_key_id,
        "uploads_bucket_name": aws.bucket,
        "transactions_table_name": aws.transactions_table,
        "upload_results_table_name": aws.upload_results_table,
        "anomaly_topic_arn": aws.topic_arn,
        **{f"{name}_lambda_arn": arn.format(name.replace("_", "-"))
           for name in ("csv_validation", "anomaly_detection", "transaction_api")},
    }
    path.write_text(json.dumps({STACK_ID: outputs}))
    return path
