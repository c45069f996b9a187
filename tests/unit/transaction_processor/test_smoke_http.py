"""The smoke command's own HTTP opener against a local server: every answer is a status and a body."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.request import Request

import pytest

from tools.smoke import transaction_processor as smoke


class Gateway(BaseHTTPRequestHandler):
    """Answers like API Gateway: 403 without x-api-key, else 200 echoing the method and body length."""

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, body = (403, b'{"error":"Forbidden"}') if not self.headers.get("x-api-key") else (
            200, f'{{"method":"{self.command}","length":{length}}}'.encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = answer

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def server():
    httpd = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_an_error_status_is_an_answer_with_its_body(server):
    assert smoke.urlopen(Request(f"{server}/v1/upload", b"", method="POST")) == (403, b'{"error":"Forbidden"}')


def test_a_success_returns_status_and_body(server):
    request = Request(f"{server}/uploads/x.csv", b"a,b\r\n", {"x-api-key": "k"}, method="PUT")
    assert smoke.urlopen(request) == (200, b'{"method":"PUT","length":5}')


def test_no_answer_at_all_is_status_zero_saying_why():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, body = smoke.urlopen(Request(f"http://127.0.0.1:{port}/v1/upload"))
    assert status == 0 and body.startswith(b"no answer: ")
