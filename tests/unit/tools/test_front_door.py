"""`python -m tools`: one entry point, a command imported only when it runs, usage errors exit 2 in one place."""

import subprocess
import sys

import pytest

from tools.cli import COMMANDS, main, parse
from tools.paths import REPO_ROOT

EVERY_COMMAND_LINE = [
    [], ["local-run"], ["operate"], ["operate", "list"], ["operate", "inspect"], ["operate", "redrive"],
    ["operate", "demo"], ["plan-review"], ["plan-review", "summary"], ["plan-review", "diff"], ["smoke"],
    ["smoke", "webhook-pipeline"], ["smoke", "transaction-processor"], ["smoke", "market-data-processor"], ["scan"],
    ["bench"], ["bench", "synth"], ["bench", "aws-calls"], ["bench", "csv-validation"], ["bench", "market-data"],
    ["bench", "transaction-processor"],
]


def tools(*argv: str, python_options: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    code = ("import runpy, sys; sys.argv = ['tools', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('tools', run_name='__main__')\n"
            "except SystemExit as exited:\n    status = exited.code\n"
            "print(sorted(m for m in sys.modules if m.startswith('tools.')), file=sys.stderr)\n"
            "sys.exit(status)")
    return subprocess.run([sys.executable, *python_options, "-c", code, *argv], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)


def imported(result: subprocess.CompletedProcess) -> list[str]:
    return eval(result.stderr.strip().splitlines()[-1])  # noqa: S307 - our own printed list


def test_help_lists_every_command_and_imports_none_of_them():
    result = tools("--help")
    assert result.returncode == 0
    assert all(f"    {name}" in result.stdout for name in COMMANDS)
    assert imported(result) == ["tools.cli", "tools.usage"]


def test_plan_review_runs_on_the_standard_library_alone(tmp_path):
    """The pull-request workflow runs it with the system Python: -S leaves site-packages out."""
    stack = tmp_path / "cdk.tf.json"
    stack.write_text('{"resource": {"aws_sqs_queue": {"q": {"name": "q-dev"}}}}')
    result = tools("plan-review", "summary", str(stack), python_options=("-S",))
    assert result.returncode == 0, result.stderr
    assert "`aws_sqs_queue` | 1" in result.stdout
    assert not [m for m in imported(result) if not m.startswith(("tools.cli", "tools.usage", "tools.plan_review"))]


@pytest.mark.parametrize("argv", EVERY_COMMAND_LINE, ids=lambda argv: " ".join(argv) or "tools")
def test_every_command_has_help(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        parse([*argv, "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m tools {' '.join(argv)}".rstrip())


@pytest.mark.parametrize("argv, error", [
    ([], "the following arguments are required: COMMAND"),
    (["deploy"], "invalid choice: 'deploy'"),
    (["smoke", "no-such-system"], "invalid choice: 'no-such-system'"),
    (["operate", "--suffix", "Pr_42", "list"], "--suffix 'Pr_42' must be lower-case letters"),
    (["local-run", "--suffix", "a-suffix-far-too-long-for-every-name"], "is too long"),
    (["plan-review", "diff", "only-one.json"], "the following arguments are required: new"),
])
def test_a_usage_error_exits_2_and_names_the_problem(argv, error, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert error in capsys.readouterr().err


def test_the_suffix_from_the_environment_is_checked_too(monkeypatch, capsys):
    monkeypatch.setenv("ENVIRONMENT_SUFFIX", "Dev")
    with pytest.raises(SystemExit) as exited:
        parse(["operate", "list"])
    assert exited.value.code == 2
    assert "--suffix 'Dev' must be" in capsys.readouterr().err


def test_a_commands_own_usage_error_exits_2_under_its_usage(capsys):
    """Arguments argparse accepts one by one but that do not go together: the command says so, before any AWS call."""
    with pytest.raises(SystemExit) as exited:
        main(["operate", "--suffix", "dev", "redrive", "anomaly-detection-failures", "--upload-id", "u-1"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m tools operate") and "error: --upload-id limits --from-table" in err
