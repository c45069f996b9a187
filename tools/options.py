"""The options several commands share, declared once: --suffix, --region, --outputs-file.

The suffix is checked with main.py's own rule (stacks.environment.validate_suffix,
over every registered system), so a suffix no stack could have is refused
with exit 2 before anything reaches AWS. Defaults come from the environment,
as main.py's do: $ENVIRONMENT_SUFFIX (else dev), $OUTPUTS_FILE (else
outputs.json). Plain Python: no cdktf, no boto3.
"""

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from stacks import registry
from stacks.environment import DEFAULT_REGION, DEFAULT_SUFFIX, ConfigError, validate_suffix
from tools.stack_outputs import outputs_file


def suffix(value: str) -> str:
    """An argparse type: the suffix, or an error naming the rule it breaks."""
    try:
        validate_suffix(value, "--suffix", systems=registry.SYSTEMS)
    except ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def environment_region(env: Mapping[str, str] = os.environ) -> str:
    """$AWS_REGION, else $AWS_DEFAULT_REGION, else the project's default (us-east-1)."""
    return env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION


def add_suffix(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--suffix", type=suffix, default=os.environ.get("ENVIRONMENT_SUFFIX") or DEFAULT_SUFFIX,
                        help=f"environment suffix (default: $ENVIRONMENT_SUFFIX or {DEFAULT_SUFFIX})")


def add_region(parser: argparse.ArgumentParser, default: str | None, shown: str) -> None:
    """--region; `shown` says what the default is (a fixed region, or one read from the stack's outputs)."""
    parser.add_argument("--region", default=default, help=f"default: {shown}")


def add_outputs_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--outputs-file", type=Path, default=outputs_file(),
                        help="cdktf outputs file (default: $OUTPUTS_FILE or outputs.json)")
