"""What a local run leaves for its clients: the outputs file and a shell file of environment variables.

The outputs file is the one `cdktf output --outputs-file` writes
({stack_id: {output: value}}), so the smoke commands and the integration
tests read it unchanged, plus one entry `local_run` that no stack id can
be: the environment a client needs (AWS_ENDPOINT_URL, the Lambda endpoint,
fake credentials, the region). The env file exports the same variables,
and OUTPUTS_FILE and ENVIRONMENT_SUFFIX, for a shell to `source`.
"""

import json
import os
import shlex
import socket
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MARKER = "local_run"
CLEARED = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def write_outputs(path: Path, outputs: Mapping[str, Mapping[str, Any]], env: Mapping[str, str]) -> None:
    document = {**outputs, MARKER: {"env": dict(env), "pid": os.getpid()}}
    _atomic_write(path, json.dumps(document, indent=2, sort_keys=True) + "\n")


def write_env_file(path: Path, env: Mapping[str, str]) -> None:
    lines = [f"# written by tools/local_run/cli.py (pid {os.getpid()}): `source` it to talk to the local run",
             f"unset {' '.join(CLEARED)}"]
    lines += [f"export {name}={shlex.quote(value)}" for name, value in sorted(env.items())]
    _atomic_write(path, "\n".join(lines) + "\n")


def read_marker(path: Path) -> dict[str, Any] | None:
    """The `local_run` entry of an outputs file; None for a real deployment's file (or no file)."""
    try:
        document = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    marker = document.get(MARKER) if isinstance(document, dict) else None
    return marker if isinstance(marker, dict) else None


def is_alive(marker: Mapping[str, Any], timeout: float = 1.0) -> bool:
    """Whether the local run that wrote `marker` still answers on its endpoint."""
    url = urllib.parse.urlsplit(marker.get("env", {}).get("AWS_ENDPOINT_URL", ""))
    if not url.hostname or not url.port:
        return False
    try:
        with socket.create_connection((url.hostname, url.port), timeout=timeout):
            return True
    except OSError:
        return False
