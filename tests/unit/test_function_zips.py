"""Each function's zip imports its handler with nothing but the zip (and the runtime's boto3) on the path.

A package a handler imports but the stack does not bundle (business_metrics,
a catalogue's package) would fail every cold start; synth builds no zips, so
this test stages each dev function's code as the stack packages it
(found by its source_code_hash) and imports handler.py in a fresh interpreter.
"""

import json
import subprocess
import sys

import pytest

from constructs_lib.lambda_packaging import staged_copy
from tools.local_run.asset_hash import code_for

DEV_FUNCTIONS = ("webhook-validator-dev", "event-router-dev", "transaction-api-dev", "csv-validation-dev",
                 "anomaly-detection-dev", "data-processor-dev")


@pytest.fixture(scope="module")
def dev_codes(synthesized) -> dict:
    found = {}
    for (_, suffix), text in synthesized.items():
        if suffix == "dev":
            for body in json.loads(text)["resource"]["aws_lambda_function"].values():
                found[body["function_name"]] = code_for(body["source_code_hash"], body["function_name"])
    return found


def test_every_dev_function_is_staged(dev_codes):
    assert sorted(dev_codes) == sorted(DEV_FUNCTIONS)


@pytest.mark.parametrize("function_name", DEV_FUNCTIONS)
def test_the_handler_imports_from_its_zip_alone(dev_codes, function_name):
    code = dev_codes[function_name]
    root = staged_copy(code.directory, code.bundled)
    # -I: no PYTHONPATH, no current directory; only the staged zip root is added, as Lambda's /var/task
    probe = f"import sys; sys.path.insert(0, {str(root)!r}); import handler; print(handler.handler.__module__)"
    done = subprocess.run([sys.executable, "-I", "-c", probe], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "handler"
