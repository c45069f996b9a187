"""What every smoke test shares: its checks and how they are printed, its wait options, its one HTTP call.

A smoke module (tools/smoke/<system>.py, named by its System in
stacks/registry.py) has `configure(parser, argv)` and `run(args, **injected)`
for `python -m tools smoke <system>`, and `SAMPLE_TITLE` and
`sample_lines(outputs, secret, api_key, region)` for the sample request the
local run prints.
"""

import argparse
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

INTERVAL_SECONDS = 5.0
HTTP_TIMEOUT_SECONDS = 35  # API Gateway gives up after 29 s

Opener = Callable[[urllib.request.Request], tuple[int, bytes]]


@dataclass
class Check:
    name: str
    ok: bool = False
    saw: str = "not run"
    found: dict[str, Any] = field(default_factory=dict)  # what it judged (never a secret or a signed URL)


def urlopen(request: urllib.request.Request) -> tuple[int, bytes]:
    """(status, body); HTTP error statuses are answers, and so is no answer at all (status 0)."""
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:  # URLError, timeouts, refused connections
        return 0, f"no answer: {getattr(error, 'reason', error)}".encode()


def add_wait_arguments(parser: argparse.ArgumentParser, wait_seconds: float, waits_for: str) -> None:
    parser.add_argument("--wait", type=float, default=wait_seconds,
                        help=f"seconds to wait for {waits_for} (default: {wait_seconds:g})")
    parser.add_argument("--interval", type=float, default=INTERVAL_SECONDS,
                        help=f"seconds between polls (default: {INTERVAL_SECONDS:g})")


def print_checks(checks: Mapping[str, Check], out: TextIO) -> None:
    for check in checks.values():
        print(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.saw}", file=out)
