"""The GitHub Actions workflows pass actionlint (with ShellCheck), and the linter really lints."""

import subprocess

import pytest

from tests.unit.review.actionlint_tool import REPO_ROOT, Linter, installed_linter

WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
SHELL_SCRIPTS = sorted((REPO_ROOT / ".github" / "scripts").glob("*.sh"))

BROKEN_WORKFLOW = """\
on:
  pull_request:
    branch: main
jobs:
  plan:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        environment: [dev, prod]
    steps:
      - uses: actions/checkout@v4
      - run: echo ${{ matrix.env }} $UNQUOTED
      - run: echo "${{ github.event.pull_request.title }}"
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    return installed_linter()


def test_the_linter_is_the_pinned_actionlint_and_shellcheck(linter):
    version = subprocess.run([linter.actionlint, "-version"], capture_output=True, text=True, check=True)
    shellcheck = subprocess.run([linter.shellcheck, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("actionlint.kjanat.dev 1.17.0")
    assert "version: 0.11.0" in shellcheck.stdout


def test_every_workflow_passes_actionlint(linter):
    # GIVEN the repository's workflows
    assert "pull-request.yml" in [p.name for p in WORKFLOWS]
    # WHEN actionlint checks them
    result = linter.run(*WORKFLOWS)
    # THEN it reports nothing
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_workflow_helper_scripts_pass_shellcheck(linter):
    assert SHELL_SCRIPTS, "expected the comment helper under .github/scripts"
    result = subprocess.run([linter.shellcheck, *SHELL_SCRIPTS], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_linter_catches_a_broken_workflow(linter, tmp_path):
    # GIVEN a workflow with a wrong key, an unknown matrix property, a retired
    # Node 20 action, an unquoted variable and a script injection
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN_WORKFLOW)
    # WHEN actionlint checks it
    result = linter.run(broken)
    # THEN it fails, naming each problem
    assert result.returncode == 1
    assert 'unexpected key "branch" for "pull_request" section' in result.stdout
    assert 'property "env" is not defined' in result.stdout
    assert 'runtime "node20" is deprecated' in result.stdout
    assert "SC2086" in result.stdout
    assert '"github.event.pull_request.title" is potentially untrusted' in result.stdout
