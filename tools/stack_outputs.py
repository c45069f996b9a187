"""A deployed stack's outputs from `cdktf output --outputs-file`: shared by every smoke test and the integration tests.

The file maps each stack id (`<system>-<suffix>`, see stacks/registry.py)
to its outputs. Standard library only.
"""

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

DEFAULT_OUTPUTS_FILE = "outputs.json"
OUTPUTS_FILE_SETTING = "OUTPUTS_FILE"
EXECUTE_API_REGION = re.compile(r"https://[^.]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/")


class SetupError(Exception):
    """The outputs file (or something else a smoke test reads before it starts) is unusable."""


def outputs_file(env: Mapping[str, str] = os.environ) -> Path:
    """$OUTPUTS_FILE, else outputs.json: one file holds the outputs of every stack written to it."""
    return Path(env.get(OUTPUTS_FILE_SETTING) or DEFAULT_OUTPUTS_FILE)


def write_command(stack_id: str, path: Path | str) -> str:
    return f"pipenv run npx cdktf output {stack_id} --outputs-file {path}"


def load_outputs(path: Path, stack_id: str, required: Sequence[str] = ()) -> dict[str, str]:
    """The outputs of one stack; SetupError naming what is missing and how to write it."""
    try:
        outputs = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise SetupError(f"{path} not found: write it with `{write_command(stack_id, path)}`") from None
    except ValueError as error:
        raise SetupError(f"{path} is not JSON: {error}") from None
    stack = outputs.get(stack_id) if isinstance(outputs, dict) else None
    if not isinstance(stack, dict):
        found = sorted(outputs) if isinstance(outputs, dict) else []
        raise SetupError(f"{path} has no stack {stack_id!r} (it has {found})")
    missing = [name for name in required if name not in stack]
    if missing:
        raise SetupError(f"{path}: stack {stack_id!r} has no {', '.join(missing)} output")
    return stack


def region_of(url: str) -> str | None:
    """The region in `https://<id>.execute-api.<region>.amazonaws.com/...`, if it is one."""
    match = EXECUTE_API_REGION.match(url)
    return match.group(1) if match else None
