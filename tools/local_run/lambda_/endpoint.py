"""Lambda's Invoke API on 127.0.0.1, for AWS_ENDPOINT_URL_LAMBDA: moto's own Invoke needs Docker.

`POST /2015-03-31/functions/{name}/invocations`:
- `X-Amz-Invocation-Type: Event`: 202 at once, the event queued for the
  asynchronous invoker (retries, on-failure destination);
- `RequestResponse` (the default): the handler runs, 200 with its answer, or
  200 with `X-Amz-Function-Error: Unhandled` and the error payload;
- `DryRun`: 204.
An unknown function is 404 ResourceNotFoundException. Every other Lambda
API is 501: the local run serves only what the stacks' code calls.
"""

import json
import logging
import re
import urllib.parse
from http.server import BaseHTTPRequestHandler
from typing import Any

from tools.local_run.lambda_.async_invoke import AsyncInvoker
from tools.local_run.lambda_.functions import FunctionError, Functions
from tools.local_run.loopback_server import LoopbackServer

logger = logging.getLogger("local_run.lambda")
INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$")


def _error(status: int, error_type: str, message: str) -> tuple[int, dict[str, str], bytes]:
    body = json.dumps({"Type": "User", "message": message}).encode()
    return status, {"x-amzn-ErrorType": error_type, "Content-Type": "application/json"}, body


def handle_invoke(functions: Functions, invoker: AsyncInvoker, method: str, raw_path: str, headers: dict[str, str],
                  body: bytes) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) for one request to the Lambda endpoint."""
    path = urllib.parse.urlsplit(raw_path).path
    match = INVOKE_PATH.match(path)
    if method != "POST" or match is None:
        return _error(501, "NotImplemented", f"the local run serves only Lambda's Invoke API, not {method} {path}")
    name = urllib.parse.unquote(match.group("name"))
    try:
        function = functions.find(name)
    except KeyError:
        return _error(404, "ResourceNotFoundException", f"Function not found: {name}")
    try:
        payload = json.loads(body) if body else {}
    except ValueError:
        return _error(400, "InvalidRequestContentException", "Could not parse request body into json")
    kind = headers.get("x-amz-invocation-type", "RequestResponse")
    if kind == "DryRun":
        return 204, {}, b""
    if kind == "Event":
        request_id = invoker.submit(function.name, payload)
        return 202, {"x-amzn-RequestId": request_id}, b""
    if kind != "RequestResponse":
        return _error(400, "InvalidParameterValueException", f"InvocationType {kind!r}")
    try:
        answer: Any = function.invoke(payload)
    except FunctionError as error:
        headers_out = {"X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST"}
        return 200, headers_out, json.dumps(error.payload).encode()
    return 200, {"X-Amz-Executed-Version": "$LATEST"}, json.dumps(answer).encode()


class LambdaEndpoint:
    def __init__(self, functions: Functions, invoker: AsyncInvoker) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's names
                self._answer()

            def do_GET(self) -> None:  # noqa: N802
                self._answer()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                status, out, data = handle_invoke(functions, invoker, self.command, self.path, headers, body)
                self.send_response(status)
                for name, value in out.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug(format, *args)

        self._server = LoopbackServer(Handler, "lambda-endpoint")
        self.url = self._server.url

    def start(self) -> None:
        self._server.start()

    def stop(self) -> None:
        self._server.stop()
