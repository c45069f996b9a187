"""Smoke-test a deployed transaction processor: a CSV upload through the API, S3 and csv-validation.

    pipenv run npx cdktf output transaction-processor-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools smoke transaction-processor

Reads `api_endpoint` and `api_key_id` from the outputs file, the key's value
from API Gateway. Checks that a request without the key gets 403; POSTs
/upload, PUTs the sample CSV (transaction_sample.py) to the
presigned URL, polls GET /uploads/{id} (up to --wait seconds) until PROCESSED,
checks counts and row errors, then GET /status of a good row (card_last4
only, amount a string). Prints each check with what it saw, never the key,
the URL's signature or a card number. Exits 0 when every check passed, 1 when
one did not, 2 when the outputs or the API key cannot be read.

Runtime needs: the standard library and boto3 only.
"""

import argparse
import json
import shlex
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, TextIO

from stacks.environment import DEFAULT_REGION
from stacks.transaction_processor import SYSTEM
from tools import options
from tools.smoke.checks import INTERVAL_SECONDS, Check, Opener, add_wait_arguments, print_checks, urlopen
from tools.smoke.transaction_sample import Sample, sample_upload, shown, without_url
from tools.stack_outputs import SetupError, load_outputs, region_of

REQUIRED_OUTPUTS = ("api_endpoint", "api_key_id")
WAIT_SECONDS = 120.0
CHECKS = NO_KEY, CREATE, PUT, PROCESSED, COUNTS, ERRORS, STATUS = (
    "request without key", "create upload", "file upload", "processing", "row counts", "row errors",
    "transaction status",
)
DONE = ("PROCESSED", "FAILED")  # an upload's final states
COUNT_FIELDS = ("rows_total", "rows_accepted", "rows_rejected")
SAMPLE_TITLE = "transaction processor: an upload through the API"


def read_api_key(apigateway, key_id: str, region: str) -> str:
    """The key's value (for the x-api-key header only)."""
    try:
        return apigateway.get_api_key(apiKey=key_id, includeValue=True)["value"]
    except Exception as error:  # noqa: BLE001 - any failure here is reported the same way
        raise SetupError(f"cannot read API key {key_id!r} in {region}: {error}") from None


class SmokeRun:
    """One sample upload through the deployed API and what came back."""

    def __init__(self, endpoint: str, api_key: str, opener: Opener, sample: Sample) -> None:
        self.endpoint, self.key, self.opener, self.sample = endpoint.rstrip("/"), api_key, opener, sample
        self.checks = {name: Check(name) for name in CHECKS}

    def call(self, method: str, path: str, *, key: bool = True) -> tuple[int, Any]:
        """(status, parsed JSON or the text) of an API request."""
        headers = {"Accept": "application/json", **({"x-api-key": self.key} if key else {})}
        data = b"" if method == "POST" else None
        status, raw = self.opener(urllib.request.Request(self.endpoint + path, data, headers, method=method))
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode(errors="replace")

    def judge(self, name: str, ok: bool, saw: str, found: Any = None) -> bool:
        check = self.checks[name]
        check.ok, check.saw, check.found = ok, saw, found if isinstance(found, dict) else {}
        return ok

    def no_key(self) -> None:
        status, body = self.call("POST", "/upload", key=False)
        error = isinstance(body, dict) and isinstance(body.get("error"), str)
        self.judge(NO_KEY, status == 403 and error, f"{status} {shown(without_url(body))}", without_url(body))

    def create(self) -> tuple[str, str] | None:
        """(upload_id, upload_url) when POST /upload answered them."""
        status, body = self.call("POST", "/upload")
        answer, seen = body if isinstance(body, dict) else {}, without_url(body)
        if status != 200 or answer.get("method") != "PUT" or not all(
                isinstance(answer.get(name), str) for name in ("upload_id", "upload_url", "object_key")):
            self.judge(CREATE, False, f"{status} {shown(seen)}", seen)
            return None
        where = urllib.parse.urlsplit(answer["upload_url"])
        self.judge(CREATE, True, f"upload {answer['upload_id']}, PUT URL to {where.netloc}{where.path}", seen)
        return answer["upload_id"], answer["upload_url"]

    def put(self, url: str) -> bool:
        request = urllib.request.Request(url, self.sample.body, {"Content-Type": "text/csv"}, method="PUT")
        status, raw = self.opener(request)
        answer = "" if status == 200 else f" {shown(raw.decode(errors='replace'))}"
        return self.judge(PUT, status == 200, f"PUT {len(self.sample.body)} bytes: {status}{answer}")

    def poll(self, upload_id: str, wait: float, interval: float, clock, sleep) -> dict[str, Any] | None:
        """The upload's result once PROCESSED; None (the check failed) when FAILED or still open after `wait`."""
        started = clock()
        while True:
            status, body = self.call("GET", f"/uploads/{upload_id}")
            state = body.get("status") if status == 200 and isinstance(body, dict) else None
            if state in DONE or clock() - started >= wait:
                break
            sleep(interval)
        if state == "PROCESSED":
            self.judge(PROCESSED, True, f"upload {upload_id} PROCESSED after {clock() - started:.0f} s", body)
            return body
        saw = (f"FAILED: {shown(str(body.get('failure_reason')))}" if state == "FAILED" else
               f"still {state} after {wait:g} s (is csv-validation running?)" if state else
               f"no result after {wait:g} s, last answer {status} {shown(body)}")
        self.judge(PROCESSED, False, f"upload {upload_id} {saw}", body)
        return None

    def result(self, body: dict[str, Any]) -> None:
        counts, expected = tuple(body.get(name) for name in COUNT_FIELDS), self.sample.counts
        saw = ", ".join(f"{name} {count}" for name, count in zip(COUNT_FIELDS, counts))
        wanted = "" if counts == expected else f" (expected {', '.join(map(str, expected))})"
        self.judge(COUNTS, not wanted, saw + wanted, body)
        errors = body.get("errors") if isinstance(body.get("errors"), list) else []
        ok, rows = self.sample.reported(errors), [error if isinstance(error, dict) else {} for error in errors]
        saw = ", ".join(f"row {e.get('row')} {e.get('column')}: {shown(str(e.get('reason')))}" for e in rows)
        expected = ", ".join(f"row {row} {column}" for row, column in self.sample.errors)
        self.judge(ERRORS, ok, (saw or "no errors") + ("" if ok else f" (expected {expected}, each with a reason)"),
                   {"errors": errors})

    def status(self, upload_id: str) -> None:
        transaction_id = next(iter(self.sample.good))
        status, body = self.call("GET", f"/status/{transaction_id}")
        ok = status == 200 and self.sample.served(body, transaction_id, upload_id)
        self.judge(STATUS, ok, f"{status} {shown(body)}", body)


def run_checks(endpoint: str, api_key: str, *, opener: Opener = urlopen, wait: float = WAIT_SECONDS,
        interval: float = INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep, out: TextIO = sys.stdout) -> dict[str, Check]:
    """Every check by name, in order; one kept from running by a failed predecessor says "not run"."""
    smoke = SmokeRun(endpoint, api_key, opener, sample_upload(uuid.uuid4().hex[:12], datetime.now(timezone.utc)))
    smoke.no_key()
    created = smoke.create()
    if created and smoke.put(created[1]):
        result = smoke.poll(created[0], wait, interval, clock, sleep)
        if result is not None:
            smoke.result(result)
            smoke.status(created[0])
    print_checks(smoke.checks, out)
    return smoke.checks


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    options.add_suffix(parser)
    options.add_outputs_file(parser)
    options.add_region(parser, default=None, shown="the API endpoint's region")
    add_wait_arguments(parser, WAIT_SECONDS, waits_for="csv-validation")


def run(args: argparse.Namespace, *, opener: Opener = urlopen, apigateway=None, out: TextIO = sys.stdout,
        clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> int:
    try:
        outputs = load_outputs(args.outputs_file, SYSTEM.stack_id(args.suffix), required=REQUIRED_OUTPUTS)
        region = args.region or region_of(outputs["api_endpoint"]) or DEFAULT_REGION
        if apigateway is None:
            import boto3  # noqa: PLC0415 - only when a real key is read

            apigateway = boto3.client("apigateway", region_name=region)
        api_key = read_api_key(apigateway, outputs["api_key_id"], region)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    checks = run_checks(outputs["api_endpoint"], api_key, opener=opener, wait=args.wait, interval=args.interval,
                 clock=clock, sleep=sleep, out=out)
    return 0 if all(check.ok for check in checks.values()) else 1


def sample_lines(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    """An upload through the API with curl, for the local run to print."""
    return [
        f"API={outputs['api_endpoint']}; KEY={shlex.quote(api_key)}",
        "curl -sS -X POST \"$API/upload\" -H \"x-api-key: $KEY\"",
        "# then: curl -sS -X PUT --upload-file transactions.csv \"<upload_url>\"   (path-style URL on the local S3)",
        "#       curl -sS \"$API/uploads/<upload_id>\" -H \"x-api-key: $KEY\"",
    ]
