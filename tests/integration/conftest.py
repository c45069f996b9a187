"""Fixtures for tests against a deployed stack, found through its cdktf outputs file.

    npx cdktf output webhook-pipeline-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run pytest tests/integration

OUTPUTS_FILE names the file (default `outputs.json`, relative paths from the
repository root); ENVIRONMENT_SUFFIX (default `dev`) picks each system's
stack `<system>-{suffix}` in it. Without the file every test here skips.
"""

import os
from pathlib import Path

import pytest
from deployed_stack import region_of

from scripts.stack_outputs import load_outputs, outputs_file, write_command
from stacks.webhook_pipeline import SYSTEM as WEBHOOK_PIPELINE
from stacks.webhook_pipeline.names import WebhookNames

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def suffix() -> str:
    return os.environ.get("ENVIRONMENT_SUFFIX") or "dev"


@pytest.fixture(scope="session")
def stack_outputs(suffix) -> dict[str, str]:
    path = REPO_ROOT / outputs_file()
    stack_id = WEBHOOK_PIPELINE.stack_id(suffix)
    if not path.is_file():
        pytest.skip(f"no deployed stack to test: {path} not found (write it with `{write_command(stack_id, path)}`, or set OUTPUTS_FILE)")
    return load_outputs(path, stack_id, required=["api_endpoint"])


@pytest.fixture(scope="session")
def endpoint(stack_outputs) -> str:
    return stack_outputs["api_endpoint"]


@pytest.fixture(scope="session")
def region(endpoint) -> str:
    return region_of(endpoint)


@pytest.fixture(scope="session")
def signing_secret(suffix, region) -> str:
    import boto3  # noqa: PLC0415 - only when a deployed stack is there

    client = boto3.client("secretsmanager", region_name=region)
    return client.get_secret_value(SecretId=WebhookNames(suffix).signing_secret)["SecretString"]


@pytest.fixture(scope="session")
def sqs(region):
    import boto3  # noqa: PLC0415

    return boto3.client("sqs", region_name=region)
