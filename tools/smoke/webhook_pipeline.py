"""Send one signed test delivery to a deployed webhook pipeline (its smoke test).

    pipenv run npx cdktf output webhook-pipeline-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools smoke webhook-pipeline --duplicate

Reads the stack's `api_endpoint` from the cdktf outputs file, the signing
secret `webhook-signing-secret-{suffix}` from Secrets Manager, signs the
delivery following Standard Webhooks and POSTs it. Prints the status and
body of each response. Exits 0 when the delivery got 200 (and, with
`--duplicate`, the same delivery sent again got 409), 1 when it did not,
2 when the outputs or the secret cannot be read.

Runtime needs: the standard library and boto3 only.
"""

import argparse
import base64
import hashlib
import hmac
import json
import shlex
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import TextIO

from functions.webhook_events.routes import TRANSACTION_TYPES
from stacks.environment import DEFAULT_REGION
from stacks.registry import system_named
from stacks.webhook_pipeline.names import WebhookNames
from tools import options
from tools.smoke.checks import Opener, urlopen
from tools.stack_outputs import SetupError, load_outputs, region_of

SYSTEM = system_named("webhook-pipeline")
SECRET_PREFIX = "whsec_"
EXPECTED_FIRST, EXPECTED_DUPLICATE = 200, 409
SAMPLE_TITLE = "webhook pipeline: a signed delivery"
# The signature in shell: what a person trying the local run by hand pastes.
SIGN = ("python3 -c 'import base64,hashlib,hmac,sys; k=base64.b64decode(sys.argv[1].removeprefix(\"whsec_\")); "
        "print(base64.b64encode(hmac.new(k, f\"{sys.argv[2]}.{sys.argv[3]}.{sys.argv[4]}\".encode(), "
        "hashlib.sha256).digest()).decode())' \"$SECRET\" \"$ID\" \"$TS\" \"$BODY\"")


def secret_name(suffix: str) -> str:
    return WebhookNames(suffix).signing_secret


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """A Standard Webhooks `v1,<base64 HMAC-SHA256>` signature of `{id}.{timestamp}.{body}`."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    if not key:
        raise SetupError("the signing secret is empty")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return f"v1,{base64.b64encode(digest).decode()}"


def build_event(transaction_type: str, amount: float, event_id: str, now: datetime) -> dict:
    return {
        "event_id": event_id,
        "transaction_type": transaction_type,
        "amount": amount,
        "timestamp": now.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "source": "send_test_delivery",
    }


def build_request(endpoint: str, secret: str, event: dict, msg_id: str, timestamp: int) -> urllib.request.Request:
    body = json.dumps(event, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
    }
    return urllib.request.Request(endpoint, data=body, headers=headers, method="POST")


def read_secret(name: str, region: str, client=None) -> str:
    if client is None:
        import boto3  # noqa: PLC0415 - only when a real secret is read

        client = boto3.client("secretsmanager", region_name=region)
    try:
        return client.get_secret_value(SecretId=name)["SecretString"]
    except Exception as error:  # noqa: BLE001 - any failure here is reported the same way
        raise SetupError(
            f"cannot read secret {name!r} in {region}: {error} "
            "(set it with `aws secretsmanager put-secret-value`, see README)"
        ) from None


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    options.add_suffix(parser)
    options.add_outputs_file(parser)
    options.add_region(parser, default=None, shown="the API endpoint's region")
    parser.add_argument("--type", choices=TRANSACTION_TYPES, default="payment", dest="transaction_type")
    parser.add_argument("--amount", type=float, default=125.5)
    parser.add_argument("--event-id", help="default: a new unique id")
    parser.add_argument("--duplicate", action="store_true", help="send the same delivery twice; expect 409")


def run(
    args: argparse.Namespace,
    *,
    opener: Opener = urlopen,
    secrets_client=None,
    out: TextIO = sys.stdout,
    clock: Callable[[], float] = time.time,
) -> int:
    try:
        outputs = load_outputs(args.outputs_file, SYSTEM.stack_id(args.suffix), required=["api_endpoint"])
        endpoint = outputs["api_endpoint"]
        region = args.region or region_of(endpoint) or DEFAULT_REGION
        secret = read_secret(secret_name(args.suffix), region, secrets_client)
        now = clock()
        event_id = args.event_id or f"test-{uuid.uuid4()}"
        event = build_event(args.transaction_type, args.amount, event_id, datetime.fromtimestamp(now, timezone.utc))
        request = build_request(endpoint, secret, event, f"msg_{uuid.uuid4().hex}", int(now))
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    expected = [EXPECTED_FIRST, EXPECTED_DUPLICATE] if args.duplicate else [EXPECTED_FIRST]
    ok = True
    print(f"POST {endpoint} event_id={event_id}", file=out)
    for attempt, want in enumerate(expected, start=1):
        status, body = opener(request)
        print(f"#{attempt}: {status} {body.decode(errors='replace')} (expected {want})", file=out)
        ok = ok and status == want
    return 0 if ok else 1


def sample_lines(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    """A signed delivery with curl, for the local run to print."""
    body = {"event_id": "evt-1001", "transaction_type": "payment", "amount": 125.5, "timestamp": "2026-11-23T10:15:00Z"}
    return [
        f"SECRET={shlex.quote(secret)}   # generated for this run",
        f"API_ENDPOINT={outputs['api_endpoint']}",
        f"BODY={shlex.quote(json.dumps(body, separators=(',', ':')))}",
        "ID=msg-1001; TS=$(date +%s)",
        f"SIG=$({SIGN})",
        "curl -sS -X POST \"$API_ENDPOINT\" -H 'Content-Type: application/json' -H \"webhook-id: $ID\" "
        "-H \"webhook-timestamp: $TS\" -H \"webhook-signature: v1,$SIG\" -d \"$BODY\"",
        "# or: pipenv run python -m tools smoke webhook-pipeline --duplicate --type refund",
    ]
