"""What every smoke-test command shares: its common arguments, its checks and how they are printed."""

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tools.stack_outputs import outputs_file

DEFAULT_SUFFIX = "dev"
INTERVAL_SECONDS = 5.0


@dataclass
class Check:
    name: str
    ok: bool = False
    saw: str = "not run"
    found: dict[str, Any] = field(default_factory=dict)  # what it judged (never a secret or a signed URL)


def add_stack_arguments(parser: argparse.ArgumentParser, region_default: str) -> None:
    """--suffix, --outputs-file and --region, defaulting to the environment like the tests do."""
    parser.add_argument("--suffix", default=os.environ.get("ENVIRONMENT_SUFFIX") or DEFAULT_SUFFIX,
                        help="environment suffix (default: $ENVIRONMENT_SUFFIX or dev)")
    parser.add_argument("--outputs-file", type=Path, default=outputs_file(),
                        help="cdktf outputs file (default: $OUTPUTS_FILE or outputs.json)")
    parser.add_argument("--region", help=f"default: {region_default}")


def add_wait_arguments(parser: argparse.ArgumentParser, wait_seconds: float, waits_for: str) -> None:
    parser.add_argument("--wait", type=float, default=wait_seconds,
                        help=f"seconds to wait for {waits_for} (default: {wait_seconds:g})")
    parser.add_argument("--interval", type=float, default=INTERVAL_SECONDS,
                        help=f"seconds between polls (default: {INTERVAL_SECONDS:g})")


def print_checks(checks: Mapping[str, Check], out: TextIO) -> None:
    for check in checks.values():
        print(f"{'ok  ' if check.ok else 'FAIL'} {check.name}: {check.saw}", file=out)
