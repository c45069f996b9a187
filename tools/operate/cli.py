"""Operate the parking places of every system: what could not be finished, looked at and put back.

    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools operate list
    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools operate inspect event-router-failures-pr-42 [--show-payload]
    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools operate redrive payments-dlq-pr-42 --dry-run
    ENVIRONMENT_SUFFIX=pr-42 pipenv run python -m tools operate redrive event-router-failures-pr-42 --max 10
    pipenv run python -m tools operate demo                     # a whole session against moto (demo.py)

Every name is derived from the suffix (stacks/<system>/names.py), so no outputs file is needed; QUEUE is a
parking place's queue name or its label (`payments-dlq`). `list` and `inspect` change nothing; `redrive` deletes
a parked message only once its replay was accepted. Exits 0 when all went well, 1 when a replay failed or a
message needs a decision (it stays parked), 2 when the setup is wrong (unknown queue, AWS unreachable).
Runtime needs: the standard library and boto3 only. The runbook: README.md, "Operations runbook".
"""

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from botocore.exceptions import BotoCoreError, ClientError

from tools import options as shared
from tools.operate import inspect_queue, listing, redrive
from tools.operate.aws import AwsClients
from tools.operate.parking_places import place_named
from tools.stack_outputs import SetupError
from tools.usage import UsageError


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    shared.add_suffix(parser)
    shared.add_region(parser, default=shared.environment_region(), shown="$AWS_REGION, else us-east-1")
    commands = parser.add_subparsers(dest="operation", metavar="OPERATION", required=True)
    commands.add_parser("list", help="every parking place: depth, oldest message, alarm")
    look = commands.add_parser("inspect", help="what is parked in QUEUE, without consuming it")
    look.add_argument("queue")
    look.add_argument("--max", type=int, default=inspect_queue.DEFAULT_LIMIT, help="messages shown (default: 20)")
    look.add_argument("--show-payload", action="store_true", help="also each payload, masked")
    again = commands.add_parser("redrive", help="replay what is parked in QUEUE where it can succeed")
    again.add_argument("queue")
    again.add_argument("--dry-run", action="store_true", help="say what would happen; change nothing")
    again.add_argument("--max", type=int, help="handle at most this many parked messages")
    again.add_argument("--rate", type=float, default=redrive.DEFAULT_RATE,
                       help=f"replays a second at most (default: {redrive.DEFAULT_RATE:g})")
    again.add_argument("--include-malformed", action="store_true",
                       help="market data DLQ: also messages parked as malformed (after a producer fix)")
    again.add_argument("--from-table", action="store_true",
                       help="anomaly detection: re-check items from the table when the stream no longer holds them")
    again.add_argument("--upload-id", action="append", default=[], dest="upload_ids",
                       help="with --from-table: only these uploads (repeatable)")
    commands.add_parser("demo", help="a whole operator session against moto, as a transcript (no AWS)")


def check(args: argparse.Namespace) -> None:
    if getattr(args, "max", None) is not None and args.max < 1:
        raise UsageError("--max must be at least 1")
    if getattr(args, "rate", 1) <= 0:
        raise UsageError("--rate must be above 0")
    if getattr(args, "upload_ids", None) and not args.from_table:
        raise UsageError("--upload-id limits --from-table: give both")


def run(args: argparse.Namespace, *, clients: AwsClients | None = None, out: TextIO = sys.stdout,
        options: dict | None = None) -> int:
    """`options`: extra RedriveOptions fields (the demo and tests pass a clock and a sleep)."""
    check(args)
    if args.operation == "demo":
        from tools.operate import demo  # noqa: PLC0415 - moto: a development dependency, for the demo only

        return demo.run(out=out)
    try:
        if args.operation == "list":
            return listing.run(clients or AwsClients(args.region), args.suffix, out)
        place = place_named(args.suffix, args.queue)
        clients = clients or AwsClients(args.region, function_timeout_seconds=place.function_timeout_seconds)
        if args.operation == "inspect":
            return inspect_queue.run(clients, place, out, limit=args.max, show_payload=args.show_payload)
        settings = redrive.RedriveOptions(
            max=args.max, rate=args.rate, dry_run=args.dry_run, include_malformed=args.include_malformed,
            from_table=args.from_table, upload_ids=args.upload_ids, **(options or {}))
        return redrive.run(clients, place, settings, out)
    except (LookupError, SetupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (BotoCoreError, ClientError) as error:
        print(f"error: cannot use AWS in {args.region} for suffix {args.suffix!r}: {error}", file=sys.stderr)
        return 2
