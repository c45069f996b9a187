"""Each function of each dev stack runs the functions/<name>/ its source_code_hash names, with its bundled packages."""

import json
import shutil

import pytest

from tools.local_run.asset_hash import FUNCTIONS_DIR, code_by_hash, code_for

EXPECTED = {  # function -> (directory, bundled packages), as the stacks package them
    "webhook-validator-dev": ("validator", ("webhook_events",)),
    "event-router-dev": ("router", ("webhook_events",)),
    "transaction-api-dev": ("transaction_api", ("lambda_kit", "upload_contract")),
    "csv-validation-dev": ("csv_validation", ("lambda_kit", "upload_contract")),
    "anomaly-detection-dev": ("anomaly_detection", ("lambda_kit",)),
    "data-processor-dev": ("market_data_processor", ("lambda_kit",)),
}


def test_every_dev_function_is_found_by_its_hash(synthesized):
    found = {}
    for (system, suffix), text in synthesized.items():
        if suffix == "dev":
            for body in json.loads(text)["resource"]["aws_lambda_function"].values():
                code = code_for(body["source_code_hash"], body["function_name"])
                found[body["function_name"]] = (code.directory.name, tuple(p.name for p in code.bundled))
    assert found == EXPECTED


def test_code_changed_since_the_synth_is_refused(tmp_path):
    copy = tmp_path / "functions"
    shutil.copytree(FUNCTIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = next(h for h, c in code_by_hash(copy).items() if c.directory.name == "router" and len(c.bundled) == 2)
    (copy / "router" / "handler.py").write_text((copy / "router" / "handler.py").read_text() + "\n# changed\n")
    code_by_hash.cache_clear()
    refused = "event-router-dev: no functions/<name>/ has source_code_hash .*synthesize again"
    with pytest.raises(LookupError, match=refused):
        code_for(before, "event-router-dev", copy)
