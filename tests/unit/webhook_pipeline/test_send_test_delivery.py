"""The webhook pipeline's smoke test (tools/smoke/webhook_pipeline.py) signs like the reference library and reads outputs as cdktf writes them.

No network: a fake opener answers the requests and a fake Secrets Manager
client hands out the secret.
"""

import io
import json
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from stacks.webhook_pipeline import SYSTEM
from stacks.webhook_pipeline.names import WebhookNames
from tools.cli import main as tools_main, parse
from tools.smoke import webhook_pipeline as send_test_delivery
from webhook_validator.event_schema import validate_event


SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
ENDPOINT = "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/webhook"
NOW = 1_795_000_000.0  # 2026-11-18T11:06:40Z


class FakeSecrets:
    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.asked: list[str] = []

    def get_secret_value(self, SecretId: str) -> dict:  # noqa: N803 - boto3's keyword
        self.asked.append(SecretId)
        return {"SecretString": self.secret}


class FakeOpener:
    def __init__(self, *answers: tuple[int, dict]) -> None:
        self.answers = list(answers)
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request) -> tuple[int, bytes]:
        self.requests.append(request)
        status, body = self.answers.pop(0)
        return status, json.dumps(body).encode()


@pytest.fixture
def outputs_file(tmp_path) -> Path:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"webhook-pipeline-pr-42": {"api_endpoint": ENDPOINT, "payments_queue_url": "q"}}))
    return path


def run(outputs_file: Path, *args: str, opener=None, secrets=None) -> tuple[int, str]:
    out = io.StringIO()
    code = tools_main(
        ["smoke", "webhook-pipeline", "--suffix", "pr-42", "--outputs-file", str(outputs_file), *args],
        opener=opener or FakeOpener((200, {"message": "ok"})),
        secrets_client=secrets or FakeSecrets(),
        out=out,
        clock=lambda: NOW,
    )
    return code, out.getvalue()


def headers_of(request: urllib.request.Request) -> dict[str, str]:
    return {k.lower(): v for k, v in request.header_items()}


# --- Signature ----------------------------------------------------------------


def test_signature_is_accepted_by_the_reference_verifier():
    # GIVEN a request built by the script for a delivery signed just now
    now = int(datetime.now(timezone.utc).timestamp())
    event = {"event_id": "evt-1", "transaction_type": "payment", "amount": 1.5, "timestamp": "2026-11-23T10:00:00Z"}
    request = send_test_delivery.build_request(ENDPOINT, SECRET, event, "msg_1", now)
    # WHEN the reference library verifies its body and headers
    verified = Webhook(SECRET).verify(request.data, headers_of(request))
    # THEN it accepts it and reads back the event
    assert verified == event


def test_signature_equals_the_reference_signature():
    body = b'{"event_id":"evt-2","amount":3}'
    expected = Webhook(SECRET).sign("msg_2", datetime.fromtimestamp(NOW, timezone.utc), body.decode())
    assert send_test_delivery.sign(SECRET, "msg_2", int(NOW), body) == expected


def test_signature_with_another_secret_is_refused_by_the_reference_verifier():
    now = int(datetime.now(timezone.utc).timestamp())
    request = send_test_delivery.build_request(ENDPOINT, SECRET, {"event_id": "e"}, "msg_3", now)
    with pytest.raises(Exception, match="No matching signature"):
        Webhook("whsec_" + "A" * 44).verify(request.data, headers_of(request))


@pytest.mark.parametrize("transaction_type", send_test_delivery.TRANSACTION_TYPES)
@pytest.mark.parametrize("clock", [NOW, NOW + 0.25])
def test_event_passes_the_validators_schema(transaction_type, clock):
    event = send_test_delivery.build_event(
        transaction_type, 1.5, "evt-3", datetime.fromtimestamp(clock, timezone.utc)
    )
    assert validate_event(event) == event


# --- One delivery -----------------------------------------------------------------


def test_accepted_delivery_exits_zero_and_prints_the_response(outputs_file):
    opener = FakeOpener((200, {"message": "Event validated and queued for processing", "event_id": "x"}))
    code, printed = run(outputs_file, "--type", "refund", "--amount", "42.25", "--event-id", "evt-9", opener=opener)
    assert code == 0
    assert '#1: 200 {"message": "Event validated and queued for processing"' in printed
    [request] = opener.requests
    assert (request.full_url, request.get_method()) == (ENDPOINT, "POST")
    event = json.loads(request.data)
    assert event["event_id"] == "evt-9"
    assert (event["transaction_type"], event["amount"]) == ("refund", 42.25)
    assert headers_of(request)["webhook-timestamp"] == str(int(NOW))
    assert headers_of(request)["content-type"] == "application/json"


def test_new_event_id_per_run(outputs_file):
    first, second = FakeOpener((200, {})), FakeOpener((200, {}))
    run(outputs_file, opener=first)
    run(outputs_file, opener=second)
    ids = {json.loads(o.requests[0].data)["event_id"] for o in (first, second)}
    assert len(ids) == 2


def test_refused_delivery_exits_one(outputs_file):
    code, printed = run(outputs_file, opener=FakeOpener((401, {"error": "Invalid signature"})))
    assert code == 1
    assert '#1: 401 {"error": "Invalid signature"} (expected 200)' in printed


# --- --duplicate -----------------------------------------------------------------


def test_duplicate_sends_the_same_delivery_twice_and_expects_409(outputs_file):
    opener = FakeOpener((200, {"message": "ok"}), (409, {"error": "Duplicate event"}))
    code, printed = run(outputs_file, "--duplicate", opener=opener)
    assert code == 0
    first, second = opener.requests
    assert first.data == second.data
    assert headers_of(first) == headers_of(second)
    assert '#2: 409 {"error": "Duplicate event"} (expected 409)' in printed


def test_duplicate_accepted_twice_exits_one(outputs_file):
    code, _ = run(outputs_file, "--duplicate", opener=FakeOpener((200, {}), (200, {})))
    assert code == 1


def test_duplicate_after_a_refused_first_delivery_exits_one(outputs_file):
    code, _ = run(outputs_file, "--duplicate", opener=FakeOpener((500, {}), (409, {})))
    assert code == 1


# --- Outputs and secret -------------------------------------------------------------


def test_reads_the_secret_of_the_suffix(outputs_file):
    secrets = FakeSecrets()
    run(outputs_file, secrets=secrets)
    assert secrets.asked == ["webhook-signing-secret-pr-42"]


def test_names_match_the_stack():
    assert send_test_delivery.SYSTEM.stack_id("pr-42") == SYSTEM.stack_id("pr-42") == "webhook-pipeline-pr-42"
    assert send_test_delivery.secret_name("pr-42") == WebhookNames("pr-42").signing_secret


def test_missing_outputs_file_exits_two_and_says_how_to_write_it(tmp_path, capsys):
    code, _ = run(tmp_path / "absent.json")
    assert code == 2
    assert "cdktf output webhook-pipeline-pr-42 --outputs-file" in capsys.readouterr().err


def test_outputs_without_the_stack_exit_two_and_name_what_is_there(tmp_path, capsys):
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"webhook-pipeline-dev": {"api_endpoint": ENDPOINT}}))
    code, _ = run(path)
    assert code == 2
    assert "no stack 'webhook-pipeline-pr-42' (it has ['webhook-pipeline-dev'])" in capsys.readouterr().err


def test_unreadable_secret_exits_two(outputs_file, capsys):
    class Failing:
        def get_secret_value(self, SecretId: str) -> dict:  # noqa: N803
            raise RuntimeError("ResourceNotFoundException")

    code, _ = run(outputs_file, secrets=Failing())
    assert code == 2
    assert "cannot read secret 'webhook-signing-secret-pr-42'" in capsys.readouterr().err


def test_outputs_file_and_suffix_default_to_the_environment(outputs_file, monkeypatch):
    monkeypatch.setenv("OUTPUTS_FILE", str(outputs_file))
    monkeypatch.setenv("ENVIRONMENT_SUFFIX", "pr-42")
    args = parse(["smoke", "webhook-pipeline"])
    assert (args.outputs_file, args.suffix) == (outputs_file, "pr-42")


def test_defaults_without_environment(monkeypatch):
    monkeypatch.delenv("OUTPUTS_FILE", raising=False)
    monkeypatch.delenv("ENVIRONMENT_SUFFIX", raising=False)
    args = parse(["smoke", "webhook-pipeline"])
    assert (args.outputs_file, args.suffix, args.duplicate) == (Path("outputs.json"), "dev", False)


def test_region_comes_from_the_endpoint():
    assert send_test_delivery.region_of(ENDPOINT) == "eu-west-1"
    assert send_test_delivery.region_of("http://localhost:4566/webhook") is None


def test_http_error_statuses_are_returned_not_raised(monkeypatch):
    def refuse(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 409, "Conflict", {}, io.BytesIO(b'{"error": "Duplicate event"}'))

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    request = urllib.request.Request(ENDPOINT, data=b"{}", method="POST")
    assert send_test_delivery.urlopen(request) == (409, b'{"error": "Duplicate event"}')
