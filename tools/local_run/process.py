"""`python -m tools local-run` as a subprocess, for tests: started on given stack JSON, stopped by its own pid.

A subprocess keeps moto's backends and the handlers' process-wide
environment out of the test process (whose unit tests use moto's
in-process mock). Its log goes to <workdir>/local-run.log.
"""

import ctypes
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from tools.local_run.cli import READY
from tools.local_run.outputs import read_marker
from tools.paths import REPO_ROOT

PR_SET_PDEATHSIG = 1
STARTUP = re.compile(re.escape(READY) + r" in ([0-9.]+) s")  # the line the command prints once it is up


def _stop_with_parent() -> None:
    """On Linux, SIGTERM the local run when the test process dies, so no moto outlives a killed session."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class LocalRunProcess:
    ENTRY: tuple[str, ...] = ("-m", "tools")  # the interpreter's arguments that reach the tools' front door

    def __init__(self, workdir: Path, suffix: str, stacks: Mapping[str, str] | None = None) -> None:
        """`stacks`: stack id -> cdk.tf.json text (None: the command synthesizes `suffix` itself)."""
        self.workdir, self.suffix, self.stacks = Path(workdir), suffix, stacks
        self.outputs_path = self.workdir / "state" / "outputs.json"
        self.log_path = self.workdir / "local-run.log"
        self.env: dict[str, str] = {}
        self.startup_seconds: float | None = None  # as the command prints it
        self.wall_seconds: float | None = None  # from the spawn to the outputs file
        self._process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        command = [sys.executable, *self.ENTRY, "local-run", "--suffix", self.suffix,
                   "--state-dir", str(self.outputs_path.parent)]
        if self.stacks is not None:
            for stack_id, text in self.stacks.items():
                path = self.workdir / "stacks" / stack_id / "cdk.tf.json"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            command += ["--stacks-dir", str(self.workdir)]
        return command

    def start(self, timeout: float = 180) -> "LocalRunProcess":
        """Start and wait until its outputs file is written; RuntimeError with its log when it is not."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_ENDPOINT_URL")}
        spawned = time.monotonic()
        with self.log_path.open("w") as log:
            self._process = subprocess.Popen(self.command(), cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                             preexec_fn=_stop_with_parent)
        deadline = time.monotonic() + timeout
        while not (self.workdir / "state" / "env").is_file():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the local run did not start:\n{self.log_tail()}")
            time.sleep(0.1)
        self.wall_seconds = time.monotonic() - spawned
        self.env = dict(read_marker(self.outputs_path)["env"])
        while self.startup_seconds is None and time.monotonic() < deadline:
            found = STARTUP.search(self.log_path.read_text(errors="replace"))
            self.startup_seconds = float(found.group(1)) if found else None
            time.sleep(0.05 if found is None else 0)
        return self

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.is_file() else ""
        return "\n".join(text.splitlines()[-lines:])

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        if self.running:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
