"""What the command prints for people trying the systems by hand: endpoints and a sample request each.

Keyed by the outputs each system's stack has, so a stack that is not part
of the run prints nothing. Secrets and API keys are this run's own values
(generated locally, worth nothing anywhere else).
"""

import json
import shlex
from collections.abc import Callable, Mapping
from typing import Any

SIGN = ("python3 -c 'import base64,hashlib,hmac,sys; k=base64.b64decode(sys.argv[1].removeprefix(\"whsec_\")); "
        "print(base64.b64encode(hmac.new(k, f\"{sys.argv[2]}.{sys.argv[3]}.{sys.argv[4]}\".encode(), "
        "hashlib.sha256).digest()).decode())' \"$SECRET\" \"$ID\" \"$TS\" \"$BODY\"")
SQS_CURL = ("curl -sS --aws-sigv4 aws:amz:{region}:sqs --user testing:testing \"$AWS_ENDPOINT_URL\" "
            "-H 'X-Amz-Target: AmazonSQS.SendMessage' -H 'Content-Type: application/x-amz-json-1.0' -d {payload}")


def secret_and_key(local: Any, stack_id: str) -> tuple[str, str]:
    """The stack's generated secret value and API key value ("" when it has none)."""
    attributes = local.runs[stack_id].attributes
    secret = next((a["arn"] for address, a in attributes.items() if address.startswith("aws_secretsmanager_secret.")
                   and a["name"] in local.generated_secrets), None)
    value = local.clients("secretsmanager").get_secret_value(SecretId=secret)["SecretString"] if secret else ""
    key = next((a["value"] for address, a in attributes.items() if address.startswith("aws_api_gateway_api_key.")), "")
    return value, key


def webhook(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    body = {"event_id": "evt-1001", "transaction_type": "payment", "amount": 125.5, "timestamp": "2026-11-23T10:15:00Z"}
    return [
        f"SECRET={shlex.quote(secret)}   # generated for this run",
        f"API_ENDPOINT={outputs['api_endpoint']}",
        f"BODY={shlex.quote(json.dumps(body, separators=(',', ':')))}",
        "ID=msg-1001; TS=$(date +%s)",
        f"SIG=$({SIGN})",
        "curl -sS -X POST \"$API_ENDPOINT\" -H 'Content-Type: application/json' -H \"webhook-id: $ID\" "
        "-H \"webhook-timestamp: $TS\" -H \"webhook-signature: v1,$SIG\" -d \"$BODY\"",
        "# or: pipenv run python -m tools.smoke.webhook_pipeline --duplicate --type refund",
    ]


def transaction_processor(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    return [
        f"API={outputs['api_endpoint']}; KEY={shlex.quote(api_key)}",
        "curl -sS -X POST \"$API/upload\" -H \"x-api-key: $KEY\"",
        "# then: curl -sS -X PUT --upload-file transactions.csv \"<upload_url>\"   (path-style URL on the local S3)",
        "#       curl -sS \"$API/uploads/<upload_id>\" -H \"x-api-key: $KEY\"",
    ]


def market_data(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    tick = {"symbol": "ACME", "price": 151.25, "timestamp": "2026-11-24T10:15:00Z", "venue": "XNYS"}
    payload = json.dumps({"QueueUrl": outputs["queue_url"], "MessageBody": json.dumps(tick, separators=(",", ":"))})
    return [
        SQS_CURL.format(region=region, payload=shlex.quote(payload)),
        "# or: pipenv run python -m tools.smoke.market_data_processor --interval 1",
    ]


SAMPLES: dict[str, tuple[str, Callable[..., list[str]]]] = {
    "webhook-pipeline": ("webhook pipeline: a signed delivery", webhook),
    "transaction-processor": ("transaction processor: an upload through the API", transaction_processor),
    "market-data-processor": ("market data processor: a tick above the HIGH threshold", market_data),
}


def sample_lines(local: Any, stack_id: str, system: str, outputs: Mapping[str, str]) -> list[str]:
    if system not in SAMPLES:
        return []
    title, lines = SAMPLES[system]
    secret, api_key = secret_and_key(local, stack_id)
    return [f"# {title}", *lines(outputs, secret, api_key, local.runs[stack_id].region)]
