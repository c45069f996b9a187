"""Smoke-test a deployed market data processor: ticks in, alerts and dead letters out.

    pipenv run npx cdktf output market-data-processor-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools smoke market-data-processor

Sends four ticks of a symbol of its own to `queue_url` (above the HIGH
threshold, below the LOW one, in between, without a price) and polls (up to
--wait seconds) until both alerts are in `alerts_table_name` with status SENT
and the malformed tick is in `dlq_url` with its error_reason (deleting only
that message: others are handed back at once); then checks the tick in
between left no alert. Prints each check with what it saw. Exits 0 when
every check passed, 1 when one did not, 2 when the outputs or AWS cannot be read.

Runtime needs: the standard library and boto3 only.
"""

import argparse
import json
import re
import shlex
import sys
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TextIO

from botocore.exceptions import BotoCoreError, ClientError

from stacks.market_data_processor import SYSTEM
from stacks.market_data_processor.settings import THRESHOLDS_BY_PROFILE, Thresholds
from stacks.profiles import profile_for
from tools import options
from tools.function_code import import_from_zip
from tools.smoke.checks import INTERVAL_SECONDS, Check, add_wait_arguments, print_checks
from tools.stack_outputs import SetupError, load_outputs

REQUIRED_OUTPUTS = ("queue_url", "dlq_url", "alerts_table_name")
WAIT_SECONDS = 90.0
DLQ_RECEIVES_PER_POLL = 10  # receives per poll while others' messages stay hidden
SQS_REGION = re.compile(r"https://(?:sqs\.)?([a-z0-9-]+)\.(?:queue\.)?amazonaws\.com(?:\.cn)?/")
CHECKS = HIGH, LOW, NORMAL, MALFORMED = "HIGH alert", "LOW alert", "normal tick", "malformed tick"
SAMPLE_TITLE = "market data processor: a tick above the HIGH threshold"
SQS_CURL = ("curl -sS --aws-sigv4 aws:amz:{region}:sqs --user testing:testing \"$AWS_ENDPOINT_URL\" "
            "-H 'X-Amz-Target: AmazonSQS.SendMessage' -H 'Content-Type: application/x-amz-json-1.0' -d {payload}")


@dataclass(frozen=True)
class Tick:
    check: str  # the check it feeds: HIGH, LOW, NORMAL, MALFORMED
    body: str
    key: dict[str, str] | None  # its alert's key; None for the malformed tick


def aws_region(queue_url: str) -> str:
    """The queue URL's region, else AWS_REGION's, else the project's default."""
    match = SQS_REGION.match(queue_url)
    return match.group(1) if match else options.environment_region()


def thresholds_for(suffix: str) -> Thresholds:
    """The thresholds the stack gives the function for this suffix's profile."""
    return THRESHOLDS_BY_PROFILE[profile_for(suffix).name]


def plan_ticks(run_id: str, thresholds: Thresholds, now: datetime) -> list[Tick]:
    """One tick per check, for the symbol `SMK<run>` and a timestamp of its own each."""
    # The handler's own range key (functions/market_data_processor), not a copy.
    timestamps = import_from_zip("market_data_processor", "market_data.timestamps")
    symbol = f"SMK{run_id[:9].upper()}"
    prices = {HIGH: thresholds.high + 1, LOW: thresholds.low / 2, NORMAL: (thresholds.high + thresholds.low) / 2}
    ticks = []
    for n, check in enumerate(CHECKS):
        stamp = (now + timedelta(milliseconds=n)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        document = {"symbol": symbol, "timestamp": stamp, "smoke_run": run_id, "smoke_tick": check}
        if check in prices:
            price = prices[check]
            document["price"] = int(price) if price == price.to_integral_value() else float(price)
        key = {"symbol": symbol, "timestamp": timestamps.normalize_timestamp(stamp)} if check in prices else None
        ticks.append(Tick(check, json.dumps(document, separators=(",", ":")), key))
    return ticks


class SmokeRun:
    """The ticks of one run and what the deployed system did with them."""

    def __init__(self, sqs, dynamodb, outputs: dict[str, str], ticks: list[Tick]) -> None:
        self.sqs, self.dynamodb, self.outputs, self.ticks = sqs, dynamodb, outputs, ticks
        self.checks = {tick.check: Check(tick.check) for tick in ticks}
        self.message_ids: dict[str, str] = {}
        self.settled: set[str] = set()  # checks decided for good

    def send(self, out: TextIO) -> None:
        for tick in self.ticks:
            sent = self.sqs.send_message(QueueUrl=self.outputs["queue_url"], MessageBody=tick.body)
            self.message_ids[tick.check] = sent["MessageId"]
            print(f"sent {tick.check}: {tick.body} (message {sent['MessageId']})", file=out)

    def alert(self, tick: Tick) -> dict[str, Any] | None:
        key = {name: {"S": value} for name, value in tick.key.items()}
        item = self.dynamodb.get_item(TableName=self.outputs["alerts_table_name"], Key=key, ConsistentRead=True)
        return {name: next(iter(value.values())) for name, value in item["Item"].items()} if "Item" in item else None

    def check_alert(self, tick: Tick) -> None:
        check, item, expected = self.checks[tick.check], self.alert(tick), tick.check.split()[0]
        check.found = item or {}
        if item is None:
            check.saw = f"no alert {tick.key['symbol']} {tick.key['timestamp']}"
            return
        check.saw = f"alert_type {item.get('alert_type')}, price {item.get('price')}, status {item.get('status')}"
        check.ok = item.get("status") == "SENT" and item.get("alert_type") == expected

    def check_dead_letter(self, tick: Tick) -> None:
        """Look through the DLQ for this tick's body: delete it, hand every other message back at once."""
        url, others, mine = self.outputs["dlq_url"], [], []
        try:
            for _ in range(DLQ_RECEIVES_PER_POLL):  # others stay hidden meanwhile, so each receive sees new ones
                received = self.sqs.receive_message(
                    QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=30, MessageAttributeNames=["All"]
                ).get("Messages", [])
                mine += [m for m in received if m["Body"] == tick.body]
                others += [m for m in received if m["Body"] != tick.body]
                if mine or not received:
                    break
            for message in mine:
                self.sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        finally:
            for message in others:
                handle = message["ReceiptHandle"]
                self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=handle, VisibilityTimeout=0)
        check = self.checks[tick.check]
        if not mine:
            check.saw = f"not in the DLQ (saw {len(others)} other message(s), left there)"
            return
        self.settled.add(tick.check)  # deleted: never looked for again
        attributes = mine[0].get("MessageAttributes", {})
        check.found = {name: value.get("StringValue") for name, value in attributes.items()}
        reason, source = check.found.get("error_reason"), check.found.get("source_message_id")
        check.saw = f"in the DLQ, error_reason {reason!r}, source_message_id {source!r}"
        check.ok = bool(reason) and source == self.message_ids[tick.check]

    def poll(self) -> bool:
        """One look at every check still open; True once HIGH, LOW and MALFORMED are decided for good."""
        for tick in self.ticks:
            if tick.check != NORMAL and tick.check not in self.settled:
                (self.check_dead_letter if tick.key is None else self.check_alert)(tick)
        self.settled.update(name for name, check in self.checks.items() if check.ok)
        return self.settled >= {HIGH, LOW, MALFORMED}

    def check_no_alert(self) -> None:
        tick = next(t for t in self.ticks if t.check == NORMAL)
        item, check = self.alert(tick), self.checks[NORMAL]
        check.found, check.ok = item or {}, item is None
        check.saw = "no alert" if item is None else f"an alert: {item.get('alert_type')}, status {item.get('status')}"


def run_checks(sqs, dynamodb, outputs: dict[str, str], thresholds: Thresholds, *, wait: float = WAIT_SECONDS,
               interval: float = INTERVAL_SECONDS, clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] = time.sleep, out: TextIO = sys.stdout) -> dict[str, Check]:
    """Send the ticks, poll until the checks pass or `wait` runs out; every check by name (AWS errors raise)."""
    smoke = SmokeRun(sqs, dynamodb, outputs, plan_ticks(uuid.uuid4().hex, thresholds, datetime.now(timezone.utc)))
    smoke.send(out)
    deadline = clock() + wait
    while not smoke.poll() and clock() < deadline:
        sleep(interval)
    smoke.check_no_alert()  # after the others were processed (or the wait ran out)
    print_checks(smoke.checks, out)
    return smoke.checks


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    options.add_suffix(parser)
    options.add_outputs_file(parser)
    options.add_region(parser, default=None, shown="the queue URL's region")
    add_wait_arguments(parser, WAIT_SECONDS, waits_for="the function")


def run(args: argparse.Namespace, *, sqs=None, dynamodb=None, out: TextIO = sys.stdout,
        clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> int:
    region = args.region
    try:
        outputs = load_outputs(args.outputs_file, SYSTEM.stack_id(args.suffix), required=REQUIRED_OUTPUTS)
        region = region or aws_region(outputs["queue_url"])
        if sqs is None or dynamodb is None:
            import boto3  # noqa: PLC0415 - only when real clients are needed

            sqs = sqs or boto3.client("sqs", region_name=region)
            dynamodb = dynamodb or boto3.client("dynamodb", region_name=region)
        checks = run_checks(sqs, dynamodb, outputs, thresholds_for(args.suffix), wait=args.wait,
                            interval=args.interval, clock=clock, sleep=sleep, out=out)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as error:
        print(f"error: cannot use AWS in {region}: {error}", file=sys.stderr)
        return 2
    return 0 if all(check.ok for check in checks.values()) else 1


def sample_lines(outputs: Mapping[str, str], secret: str, api_key: str, region: str) -> list[str]:
    """A tick above the HIGH threshold, sent with curl, for the local run to print."""
    tick = {"symbol": "ACME", "price": 151.25, "timestamp": "2026-11-24T10:15:00Z", "venue": "XNYS"}
    payload = json.dumps({"QueueUrl": outputs["queue_url"], "MessageBody": json.dumps(tick, separators=(",", ":"))})
    return [
        SQS_CURL.format(region=region, payload=shlex.quote(payload)),
        "# or: pipenv run python -m tools smoke market-data-processor --interval 1",
    ]
