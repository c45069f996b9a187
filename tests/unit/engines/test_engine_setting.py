"""CDK_ENGINE: one setting, checked before anything loads; constructs_lib.cdk the only door to the bindings."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from constructs_lib import cdk

REPO_ROOT = Path(__file__).resolve().parents[3]
HEAVY_MODULES = {"cdktf", "cdktn", "cdktf_cdktf_provider_aws", "cdktn_aws", "cdktn_provider_aws", "constructs", "jsii"}
DIRECT_IMPORT = re.compile(
    r"^\s*(?:from|import)\s+(?:cdktf|cdktn|cdktf_cdktf_provider_aws|cdktn_aws|cdktn_provider_aws|constructs)\b", re.MULTILINE
)
SEAM_CLASS = re.compile(r"\bcdk\.([A-Z]\w*)")
RESOURCE_TYPE = re.compile(r"\bTF_RESOURCE_TYPE\.(\w+)")
# What main.py loaded when it returned: the heavy top-level packages among them.
MAIN_THEN_MODULES = "import sys, main; status = main.main(); print(status, sorted({m.split('.')[0] for m in sys.modules}))"


def python_sources() -> list[Path]:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [REPO_ROOT / line for line in tracked.stdout.splitlines()]


@pytest.mark.parametrize(("value", "engine"), [(None, "cdktf"), ("", "cdktf"), ("cdktf", "cdktf"), ("cdktn", "cdktn")])
def test_the_setting_chooses_the_engine_and_defaults_to_cdktf(value, engine):
    environ = {} if value is None else {"CDK_ENGINE": value}
    assert cdk.engine_from(environ) == engine


@pytest.mark.parametrize("value", ["cdktn-aws", "CDKTF", " cdktf", "terraform"])
def test_an_unknown_engine_is_refused_naming_the_setting_and_the_choices(value):
    with pytest.raises(cdk.EngineError) as refused:
        cdk.engine_from({"CDK_ENGINE": value})
    assert str(refused.value) == f"CDK_ENGINE must be one of cdktf, cdktn (default cdktf), got {value!r}"


def test_an_engine_whose_packages_are_missing_is_refused_with_the_install_command(monkeypatch):
    real_find_spec = cdk.importlib.util.find_spec
    monkeypatch.setattr(cdk.importlib.util, "find_spec", lambda name: None if name == "cdktn_aws" else real_find_spec(name))
    with pytest.raises(cdk.EngineError, match=r"CDK_ENGINE=cdktn needs cdktn_aws, not installed: run python3 -m pipenv sync"):
        cdk.engine_from({"CDK_ENGINE": "cdktn"})


def run_main_and_list_modules(tmp_path, **settings) -> tuple[str, str]:
    env = {**os.environ, "ENVIRONMENT_SUFFIX": "dev", "CDKTF_OUTDIR": str(tmp_path / "out"), **settings}
    result = subprocess.run(
        [sys.executable, "-c", MAIN_THEN_MODULES], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    return result.stdout, result.stderr


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"CDK_ENGINE": "cdktm"}, "error: CDK_ENGINE must be one of cdktf, cdktn (default cdktf), got 'cdktm'"),
        ({"ENVIRONMENT_SUFFIX": "pr 42"}, "must be lower-case letters, digits and hyphens"),
        ({"CDK_ENGINE": "cdktn", "ENVIRONMENT_SUFFIX": "pr 42"}, "must be lower-case letters, digits and hyphens"),
    ],
)
def test_main_refuses_a_bad_setting_before_loading_any_binding(tmp_path, settings, message):
    stdout, stderr = run_main_and_list_modules(tmp_path, **settings)
    status, modules = stdout.split(" ", 1)
    assert status == "2"
    assert message in stderr
    assert "Traceback" not in stderr
    assert HEAVY_MODULES.isdisjoint(ast.literal_eval(modules))
    assert not (tmp_path / "out").exists()


def test_importing_the_seam_and_reading_resource_types_loads_nothing():
    code = "import sys; from constructs_lib import cdk; cdk.TF_RESOURCE_TYPE.LambdaFunction; print(sorted(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert HEAVY_MODULES.isdisjoint(ast.literal_eval(result.stdout))


def test_a_name_outside_the_table_is_an_attribute_error():
    misspelt = "LambdaFunctoin"  # a string, so the source scan below does not see it used
    with pytest.raises(AttributeError, match=misspelt):
        getattr(cdk.TF_RESOURCE_TYPE, misspelt)
    with pytest.raises(AttributeError, match=f"'constructs_lib.cdk' has no attribute '{misspelt}'"):
        getattr(cdk, misspelt)


def test_a_name_outside_the_table_is_missing_whatever_the_setting_says():
    # hasattr() and friends see an AttributeError, not the refusal of a bad CDK_ENGINE.
    code = "from constructs_lib import cdk; print(hasattr(cdk, 'LambdaFunctoin'))"
    env = {**os.environ, "CDK_ENGINE": "cdktm"}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout == "False\n"


def test_nothing_but_the_seam_imports_a_framework_or_provider_package():
    seam = REPO_ROOT / "constructs_lib" / "cdk.py"
    direct = [str(p.relative_to(REPO_ROOT)) for p in python_sources() if p != seam and DIRECT_IMPORT.search(p.read_text())]
    assert direct == []


def test_every_seam_name_the_code_uses_is_in_the_table():
    # Checked without loading a binding; tests/unit/engines/test_engine_equivalence.py loads each on both engines.
    sources = [p.read_text() for p in python_sources()]
    classes = {name for source in sources for name in SEAM_CLASS.findall(source)}
    resource_types = {name for source in sources for name in RESOURCE_TYPE.findall(source)}
    assert classes - {"Construct", *cdk.FRAMEWORK_NAMES, *cdk.AWS_RESOURCES, *cdk.AWS_BLOCKS, *vars(cdk)} == set()
    assert resource_types - set(cdk.AWS_RESOURCES) == set()
    assert "LambdaFunction" in classes and "LambdaFunction" in resource_types
