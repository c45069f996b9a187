"""One HTTP server on 127.0.0.1 per REST API: each request goes through `gateway.handle`.

The stage is the first path segment, as in the API's invoke URL:
`http://127.0.0.1:<port>/<stage>/<resource path>`.
"""

import logging
import urllib.parse
from http.server import BaseHTTPRequestHandler
from typing import Any

from tools.local_run.apigateway import gateway
from tools.local_run.apigateway.model import ApiModel
from tools.local_run.apigateway.proxy_integration import Request
from tools.local_run.lambda_.functions import Functions
from tools.local_run.loopback_server import LoopbackServer

logger = logging.getLogger("local_run.api")


class ApiServer:
    """Bound at once (its URL goes into the stage's invoke_url); serves once `api` is set and `start` is called."""

    def __init__(self, functions: Functions) -> None:
        self.api: ApiModel | None = None
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urllib.parse.urlsplit(self.path)
                request = Request(
                    method=self.command,
                    path=urllib.parse.unquote(url.path),
                    query=urllib.parse.parse_qs(url.query, keep_blank_values=True),
                    headers=dict(self.headers.items()),
                    body=body,
                    source_ip=self.client_address[0],
                )
                response = gateway.handle(server.api, request, lambda arn, event: functions.find(arn).invoke(event))
                logger.info("%s %s -> %s", self.command, url.path, response.status)
                self.send_response(response.status)
                for name, value in response.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(response.body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(response.body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _answer  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                logger.debug(format, *args)

        self._server = LoopbackServer(Handler, "api-server")
        self.url = self._server.url

    def start(self) -> None:
        if self.api is None:
            raise RuntimeError("no API model to serve")
        self._server.start()

    def stop(self) -> None:
        self._server.stop()
