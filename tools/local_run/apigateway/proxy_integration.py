"""The Lambda proxy integration of a REST API (payload format 1.0): the event in, the answer out."""

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tools.local_run.apigateway.model import ApiModel, Route
from tools.local_run.constants import ACCOUNT_ID


@dataclass
class Request:
    method: str
    path: str  # without the query string, percent-decoded
    query: Mapping[str, list[str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # as the client spelled them
    body: bytes = b""
    source_ip: str = "127.0.0.1"

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def proxy_event(api: ApiModel, route: Route, request: Request, path_parameters: dict[str, str],
                request_id: str, api_key: str | None) -> dict[str, Any]:
    """The Lambda proxy integration's event (REST API, payload format 1.0)."""
    now = datetime.now(timezone.utc)
    try:
        body, encoded = (request.body.decode("utf-8"), False) if request.body else (None, False)
    except UnicodeDecodeError:
        body, encoded = base64.b64encode(request.body).decode(), True
    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers.items():
        multi_headers.setdefault(name, []).append(value)
    return {
        "resource": route.path, "path": request.path.removeprefix(f"/{api.stage}") or "/", "httpMethod": request.method,
        "headers": {name: values[-1] for name, values in multi_headers.items()} or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {name: values[-1] for name, values in request.query.items()} or None,
        "multiValueQueryStringParameters": dict(request.query) or None,
        "pathParameters": path_parameters or None, "stageVariables": None,
        "requestContext": {
            "resourceId": route.resource_id, "resourcePath": route.path, "httpMethod": request.method,
            "requestId": request_id, "extendedRequestId": request_id, "path": request.path, "stage": api.stage,
            "accountId": ACCOUNT_ID, "apiId": api.api_id, "protocol": "HTTP/1.1",
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "requestTimeEpoch": int(now.timestamp() * 1000),
            "domainName": request.header("Host") or "127.0.0.1", "domainPrefix": api.api_id,
            "identity": {"sourceIp": request.source_ip, "userAgent": request.header("User-Agent"),
                         "apiKey": api_key, "apiKeyId": None, "accessKey": None, "accountId": None, "caller": None,
                         "user": None, "userArn": None, "cognitoIdentityId": None, "cognitoIdentityPoolId": None,
                         "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None},
        },
        "body": body, "isBase64Encoded": encoded,
    }


def integration_response(answer: Any, request_id: str) -> Response | None:
    """The client's answer from a proxy result; None when it is malformed (API Gateway: 502)."""
    if not isinstance(answer, dict) or not isinstance(answer.get("statusCode", 200), int):
        return None
    headers = {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
    for name, values in (answer.get("multiValueHeaders") or {}).items():
        headers[str(name)] = ", ".join(str(v) for v in values)
    body = answer.get("body") or ""
    if not isinstance(body, str):
        return None
    data = base64.b64decode(body) if answer.get("isBase64Encoded") else body.encode("utf-8")
    headers.setdefault("Content-Type", "application/json")
    headers["x-amzn-RequestId"] = request_id
    return Response(int(answer.get("statusCode", 200)), headers, data)
