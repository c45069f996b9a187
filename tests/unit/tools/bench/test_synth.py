"""The synth benchmark (tools/bench/synth.py): what it measures and how it reports (no provider import here)."""

import sys

import pytest

from tools.bench.synth import Sample, measure, provider_modules, report


def test_floor_imports_the_binding_modules_the_stack_uses():
    modules = provider_modules()
    assert modules[0] == "cdktf_cdktf_provider_aws"
    assert "cdktf_cdktf_provider_aws.lambda_function" in modules
    assert "cdktf_cdktf_provider_aws.provider" in modules
    assert len(modules) == len(set(modules))


def test_measure_times_a_process_and_sees_its_memory():
    sample = measure([sys.executable, "-c", "x = bytearray(80_000_000); x[::4096] = b'1' * len(x[::4096])"], {})
    assert sample.seconds > 0
    assert sample.process_rss_mb >= 80


def test_measure_stops_on_a_failing_command():
    with pytest.raises(SystemExit, match=r"failed \(3\)"):
        measure([sys.executable, "-c", "import sys; sys.exit(3)"], {})


def test_report_prints_medians_and_ratios_against_the_goals():
    samples = {
        "floor": [Sample(10.0, 500, 900), Sample(12.0, 510, 910), Sample(11.0, 505, 905)],
        "suffix": [Sample(12.0, 600, 1000), Sample(12.6, 610, 1010), Sample(12.5, 605, 1005)],
        "profiles": [Sample(15.0, 600, 1000), Sample(15.4, 610, 1010), Sample(15.2, 605, 1005)],
        "tests": [Sample(30.0, 700, 1200), Sample(33.0, 700, 1200), Sample(34.0, 700, 1200)],
    }
    lines = report(samples)
    assert lines[1].startswith("  floor      11.00 s  (runs: 10.0, 12.0, 11.0)  peak RSS    510 MB")
    assert lines[-3:] == [
        "  suffix / floor    = 1.14  (goal <= 1.15)",
        "  profiles / floor  = 1.38  (goal <= 1.4)",
        "  tests / floor     = 3.00  (goal <= 3)",
    ]


def test_a_failing_test_suite_still_reports_its_time():
    sample = measure([sys.executable, "-c", "import sys; sys.exit(1)"], {}, check=False)
    assert sample.exit_code == 1
    line = report({"floor": [Sample(1.0, 1, 1)], "profiles": [Sample(1.0, 1, 1)], "tests": [sample]})[3]
    assert line.lstrip().startswith("tests")
    assert "exit 1" in line
