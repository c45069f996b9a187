"""The pinned cdktf CLI and `python main.py` write the same bytes for dev.

`cdktf synth` runs main.py through cdktf.json (`pipenv run python main.py`), so
this proves the CLI adds nothing of its own to the stack a deploy would use.
"""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = Path(sys.executable).parent
CDKTF = REPO_ROOT / "node_modules" / ".bin" / "cdktf"
DEV_STACK = Path("stacks") / "webhook-pipeline-dev" / "cdk.tf.json"
TIMEOUT_SECONDS = 600


def synth_env(outdir: Path) -> dict[str, str]:
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "CDKTF_OUTDIR": str(outdir)}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"  # the virtualenv's node
    env.pop("ENVIRONMENT_SUFFIX", None)  # the default: dev
    return env


@pytest.fixture(scope="module")
def cdktf_cli() -> Path:
    """The pinned CLI; `npm ci` (the virtualenv's npm) when node_modules lacks it."""
    (REPO_ROOT / ".venvs").mkdir(exist_ok=True)
    with open(REPO_ROOT / ".venvs" / "npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not CDKTF.exists():
            subprocess.run(
                [str(VENV_BIN / "npm"), "ci", "--no-audit", "--no-fund"],
                cwd=REPO_ROOT,
                env=synth_env(REPO_ROOT / "cdktf.out"),
                check=True,
                timeout=TIMEOUT_SECONDS,
            )
    return CDKTF


def start(command: list[str], outdir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=synth_env(outdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_cli_synth_is_byte_identical_to_main_py(cdktf_cli, tmp_path):
    # GIVEN the dev stack synthesized by the pinned cdktf CLI, and (WHEN) by
    # main.py directly, both at once: each is mostly waiting on its own jsii runtime
    cli_out, main_out = tmp_path / "cli", tmp_path / "main"
    cli = start([str(cdktf_cli), "synth", "--output", str(cli_out)], cli_out)
    direct = start([sys.executable, "main.py"], main_out)
    cli_log, _ = cli.communicate(timeout=TIMEOUT_SECONDS)
    direct_log, _ = direct.communicate(timeout=TIMEOUT_SECONDS)
    assert cli.returncode == 0, cli_log
    assert direct.returncode == 0, direct_log
    # THEN the two cdk.tf.json files are the same bytes, and both packaged the Lambda zips
    cli_json = (cli_out / DEV_STACK).read_bytes()
    assert b'"stackName": "webhook-pipeline-dev"' in cli_json
    assert cli_json == (main_out / DEV_STACK).read_bytes()
    for out in (cli_out, main_out):
        assert len(list((out / DEV_STACK.parent / "assets").glob("*/*/archive.zip"))) == 2
