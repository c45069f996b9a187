"""The pull-request workflow plans and diffs every registered system."""

import subprocess
import sys
from pathlib import Path

import yaml

from stacks.registry import SYSTEMS

REPO_ROOT = Path(__file__).resolve().parents[3]
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "pull-request.yml"


def test_the_plan_matrix_names_every_registered_system():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    matrix = workflow["jobs"]["plan"]["strategy"]["matrix"]
    assert matrix["system"] == [system.name for system in SYSTEMS]
    assert matrix["environment"] == ["dev", "staging", "prod"]


def test_the_synth_diff_loop_reads_the_registry_with_the_standard_library_only():
    # The diff step runs `python3 -m stacks.registry` outside the virtualenv.
    listed = subprocess.run(
        [sys.executable, "-S", "-m", "stacks.registry"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert listed.stdout.split() == [system.name for system in SYSTEMS]
    assert "$(python3 -m stacks.registry)" in WORKFLOW.read_text()
