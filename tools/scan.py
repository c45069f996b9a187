"""Scan synthesized stacks with checkov, in its own virtualenv built on first use.

    pipenv run python main.py && pipenv run python -m tools scan            # every stack in cdktf.out
    pipenv run python -m tools scan cdktf.out/stacks/webhook-pipeline-dev  # some of them

Exits 0 when no check failed (skips in .checkov.yaml apply), 1 otherwise.
The test suite imports this module for the same scan.

checkov pins many packages of its own, so it stays out of the Pipfile: the
first test that needs it creates `.venvs/checkov-venv` with the Python that
runs pytest and installs `checkov-requirements.txt` there. A marker file
holding the hash of the requirements is written only after the install
succeeded, so an interrupted install is redone and a changed pin reinstalls.
An exclusive file lock makes concurrent test processes wait for one install.
"""

import argparse
import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.paths import REPO_ROOT

VENVS_DIR = REPO_ROOT / ".venvs"
VENV_DIR = VENVS_DIR / "checkov-venv"
REQUIREMENTS = Path(__file__).with_name("checkov-requirements.txt")
CONFIG_FILE = REPO_ROOT / ".checkov.yaml"
FRAMEWORK = "terraform_json"
INSTALL_TIMEOUT_SECONDS = 900
SCAN_TIMEOUT_SECONDS = 600


def _requirements_digest() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def _marker() -> Path:
    return VENV_DIR / ".installed"


def _executable() -> Path:
    return VENV_DIR / "bin" / "checkov"


def _run(cmd: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, cmd))} exited {result.returncode}\n"
            f"stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}"
        )
    return result


def ensure_checkov() -> tuple[Path, float]:
    """Return the checkov executable and the seconds spent installing it (0.0 when reused)."""
    VENVS_DIR.mkdir(exist_ok=True)
    with open(VENVS_DIR / "checkov-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        digest = _requirements_digest()
        marker = _marker()
        if marker.is_file() and marker.read_text() == digest and _executable().is_file():
            return _executable(), 0.0
        started = time.monotonic()
        shutil.rmtree(VENV_DIR, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(VENV_DIR)], timeout=INSTALL_TIMEOUT_SECONDS)
        _run(
            [str(VENV_DIR / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(REQUIREMENTS)],
            timeout=INSTALL_TIMEOUT_SECONDS,
        )
        marker.write_text(digest)
        return _executable(), time.monotonic() - started


@dataclass(frozen=True)
class Finding:
    check_id: str
    resource: str
    file: str

    def __str__(self) -> str:
        return f"{self.check_id} {self.resource} ({self.file})"


@dataclass(frozen=True)
class ScanResult:
    passed: tuple[Finding, ...] = field(repr=False)
    failed: tuple[Finding, ...] = field(repr=False)
    skipped: tuple[Finding, ...] = field(repr=False)
    seconds: float

    def __str__(self) -> str:
        return f"{len(self.passed)} passed, {len(self.failed)} failed, {len(self.skipped)} skipped"

    def failed_ids(self) -> set[str]:
        return {f.check_id for f in self.failed}


def _findings(checks: Iterable[dict]) -> tuple[Finding, ...]:
    return tuple(
        Finding(c["check_id"], c["resource"], Path(c.get("file_path", "")).name) for c in checks
    )


def parse_report(stdout: str, seconds: float = 0.0) -> ScanResult:
    """Parse `checkov -o json`: one report object, or a list of them (one per framework)."""
    report = json.loads(stdout)
    reports = report if isinstance(report, list) else [report]
    passed, failed, skipped = [], [], []
    for item in reports:
        # checkov prints a bare summary (no "results") when it found nothing to scan.
        results = item.get("results", {})
        passed += _findings(results.get("passed_checks", []))
        failed += _findings(results.get("failed_checks", []))
        skipped += _findings(results.get("skipped_checks", []))
    # summary.resource_count is 0 for terraform_json, so tests count checks per file instead.
    return ScanResult(tuple(passed), tuple(failed), tuple(skipped), seconds)


def scannable_copy(stack_file: Path, folder: Path, name: str) -> Path:
    """`<folder>/<name>.tf.json`: the stack without its `moved` blocks.

    checkov 3.3.30's terraform_json parser fails on a top-level `moved` list
    ("this method receives only dicts") and then scans nothing in the file;
    `moved` blocks only re-address resources and carry no setting to check.
    """
    tf = json.loads(stack_file.read_text())
    tf.pop("moved", None)
    target = folder / f"{name}.tf.json"
    target.write_text(json.dumps(tf))
    return target


def scan(
    checkov: Path,
    files: Sequence[Path],
    *,
    config_file: Path | None = None,
    checks: Sequence[str] = (),
    cwd: Path,
) -> ScanResult:
    """Scan Terraform JSON files (see scannable_copy); exit code 1 (failed checks) is a result, not an error."""
    cmd = [str(checkov)]
    for path in files:
        cmd += ["-f", str(path)]
    cmd += ["--framework", FRAMEWORK, "--skip-download", "-o", "json"]
    if config_file is not None:
        cmd += ["--config-file", str(config_file)]
    if checks:
        cmd += ["--check", ",".join(checks)]
    started = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=SCAN_TIMEOUT_SECONDS)
    seconds = time.monotonic() - started
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"checkov exited {result.returncode}\nstderr:\n{result.stderr[-4000:]}")
    return parse_report(result.stdout, seconds)


def skipped_check_ids(config_file: Path = CONFIG_FILE) -> list[str]:
    """The check ids under `skip-check:` in the checkov config (a flat YAML list)."""
    ids, in_list = [], False
    for raw in config_file.read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line:
            continue
        if not raw.startswith((" ", "-")):
            in_list = line == "skip-check:"
            continue
        if in_list and line.lstrip().startswith("- "):
            ids.append(line.lstrip()[2:].strip())
    return ids


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    parser.add_argument("stack_dirs", nargs="*", type=Path, metavar="STACK_DIR",
                        help="a synthesized stack's folder (default: every one under cdktf.out/stacks)")


def run(args: argparse.Namespace) -> int:
    import tempfile  # noqa: PLC0415

    stack_dirs = args.stack_dirs or sorted((REPO_ROOT / "cdktf.out" / "stacks").glob("*"))
    stack_files = [d / "cdk.tf.json" for d in stack_dirs if (d / "cdk.tf.json").is_file()]
    if not stack_files:
        print("no synthesized stack found: run `pipenv run python main.py` first", file=sys.stderr)
        return 2
    checkov, _ = ensure_checkov()
    with tempfile.TemporaryDirectory() as folder:
        copies = [scannable_copy(f, Path(folder), f.parent.name) for f in stack_files]
        result = scan(checkov, copies, config_file=CONFIG_FILE, cwd=REPO_ROOT)
    print(f"checkov on {len(copies)} stacks: {result}")
    for finding in result.failed:
        print(f"  FAILED {finding}")
    return 1 if result.failed else 0
