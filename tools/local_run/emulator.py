"""moto in server mode on 127.0.0.1: the local AWS every client of the local run talks to.

One ThreadedMotoServer serves every service on one port (moto picks the
service from the request's signature). Credentials are fake and fixed; the
account is moto's default, 123456789012.

One fix on the way in: moto reads a PUT body sent as
`application/x-www-form-urlencoded` (what urllib sends when no Content-Type
is given) as an HTML form and stores an empty object; S3 stores the bytes.
Such PUTs reach moto as `application/octet-stream`.
"""

import logging
import threading
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.server import ThreadedMotoServer
from werkzeug.serving import make_server

from tools.local_run.constants import FAKE_CREDENTIALS, HOST

# Local calls answer at once; a dead endpoint should fail fast, not after botocore's 60 s.
CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=30, retries={"total_max_attempts": 2, "mode": "standard"})
FORM = "application/x-www-form-urlencoded"

WsgiApp = Callable[[dict[str, Any], Callable], Any]


def form_puts_as_bytes(app: WsgiApp) -> WsgiApp:
    def wrapped(environ: dict[str, Any], start_response: Callable) -> Any:
        if environ.get("REQUEST_METHOD") == "PUT" and environ.get("CONTENT_TYPE", "").startswith(FORM):
            environ["CONTENT_TYPE"] = "application/octet-stream"
        return app(environ, start_response)

    return wrapped


class MotoEmulator(ThreadedMotoServer):
    """ThreadedMotoServer on 127.0.0.1 and a free port, with the PUT fix above."""

    def __init__(self, port: int = 0) -> None:
        super().__init__(ip_address=HOST, port=port, verbose=False)

    def _server_entry(self) -> None:  # ThreadedMotoServer's own, with the app wrapped
        app = form_puts_as_bytes(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
        super().start()

    def stop(self) -> None:
        if self._thread is not None:
            super().stop()

    @property
    def endpoint(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"


class Clients:
    """boto3 clients for the emulator, built once each (the local run's own calls, not the handlers')."""

    def __init__(self, endpoint: str, region: str) -> None:
        self.endpoint, self.region = endpoint, region
        self._session = boto3.session.Session(
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=region,
        )
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()  # a boto3 session must not build two clients at once

    def __call__(self, service: str) -> Any:
        with self._lock:
            if service not in self._clients:
                self._clients[service] = self._session.client(service, endpoint_url=self.endpoint, config=CLIENT_CONFIG)
            return self._clients[service]
