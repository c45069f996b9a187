"""actionlint (+ ShellCheck) in a tool virtualenv of its own, installed once from PyPI.

The venv lives in `.venvs/actionlint-venv` (gitignored). It is rebuilt only when
the pinned requirements change, under a file lock, so parallel test runs and a
fresh CI machine both end up with the same binaries.
"""

import fcntl
import hashlib
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
REQUIREMENTS = Path(__file__).with_name("workflow_lint_requirements.txt")
TOOL_DIR = REPO_ROOT / ".venvs" / "actionlint-venv"
INSTALL_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Linter:
    actionlint: Path
    shellcheck: Path

    def run(self, *files: Path) -> subprocess.CompletedProcess:
        """actionlint on the files, with ShellCheck for `run:` scripts and pyflakes off."""
        command = [
            str(self.actionlint),
            "-no-color",
            "-oneline",
            f"-shellcheck={self.shellcheck}",
            "-pyflakes=",
            *map(str, files),
        ]
        return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def installed_linter() -> Linter:
    bin_dir = TOOL_DIR / "bin"
    linter = Linter(bin_dir / "actionlint", bin_dir / "shellcheck")
    stamp = TOOL_DIR / "requirements.sha256"
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    TOOL_DIR.parent.mkdir(exist_ok=True)
    with open(TOOL_DIR.parent / "actionlint-venv.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = stamp.read_text() if stamp.exists() else ""
        if current != wanted or not linter.actionlint.exists():
            venv.EnvBuilder(clear=True, with_pip=True).create(TOOL_DIR)
            pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            subprocess.run(
                [*pip, "--require-hashes", "-r", str(REQUIREMENTS)],
                check=True,
                timeout=INSTALL_TIMEOUT_SECONDS,
            )
            stamp.write_text(wanted)
    return linter


if __name__ == "__main__":
    sys.exit(installed_linter().run(*sys.argv[1:]).returncode)
