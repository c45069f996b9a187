"""The synth benchmark (tools/bench/synth.py): what it measures and how it reports (no provider import here)."""

import json
import sys

import pytest

from tools.bench.synth import (
    Sample,
    commands,
    measure,
    provider_lines,
    provider_modules,
    report,
    required_providers,
)


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


def test_the_cdktn_floor_imports_the_service_modules_of_cdktn_aws():
    modules = provider_modules("cdktn")
    assert modules[0] == "cdktn_aws"
    assert {"cdktn_aws.lambda_", "cdktn_aws.provider", "cdktn_aws.sts", "cdktn_aws.s3"} <= set(modules)
    assert not any(m.startswith("cdktf") for m in modules)


def test_each_engine_is_measured_with_its_setting_and_its_own_output():
    plan = commands("/out", with_tests=True)
    assert list(plan) == [
        "floor", "suffix", "profiles", "tests", "cdktn floor", "cdktn suffix", "cdktn profiles", "cdktn tests"
    ]
    assert {name: env["CDK_ENGINE"] for name, (_, env) in plan.items()} == {
        name: "cdktn" if name.startswith("cdktn") else "cdktf" for name in plan
    }
    assert plan["suffix"][1]["CDKTF_OUTDIR"] == "/out/cdktf"
    assert plan["cdktn suffix"][1]["CDKTF_OUTDIR"] == "/out/cdktn"
    assert plan["cdktn floor"][0][3:] == provider_modules("cdktn")


def test_report_sets_both_engines_against_the_cdktf_floor():
    samples = {
        "floor": [Sample(10.0, 500, 900)],
        "tests": [Sample(40.0, 700, 1200)],
        "cdktn floor": [Sample(2.5, 50, 300)],
        "cdktn tests": [Sample(25.0, 300, 800)],
    }
    lines = report(samples)
    assert lines[3].startswith("  cdktn floor    2.50 s  (runs: 2.5)")
    assert lines[3].endswith("= 0.25 x floor")
    assert lines[-2:] == [
        "  tests / floor       = 4.00  (goal <= 3)",
        "  cdktn tests / floor = 2.50  (goal <= 3)",
    ]


def test_the_provider_each_engine_synthesized_is_read_and_held_against_its_pin(tmp_path):
    written = {"cdktf": {"source": "aws", "version": "6.25.0"}, "cdktn": {"source": "hashicorp/aws", "version": "6.70.0"}}
    for engine, provider in written.items():
        stack = tmp_path / engine / "stacks" / "some-stack-dev"
        stack.mkdir(parents=True)
        (stack / "cdk.tf.json").write_text(json.dumps({"terraform": {"required_providers": {"aws": provider}}}))
    found = required_providers(str(tmp_path))
    assert found == written
    assert provider_lines(found)[1:] == [
        "    cdktf  aws 6.25.0  (as pinned)",
        "    cdktn  hashicorp/aws 6.70.0  (NOT the pinned hashicorp/aws 6.62.0)",
    ]
