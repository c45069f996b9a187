"""Fixtures for tests against a deployed stack, found through its cdktf outputs file.

    npx cdktf output webhook-pipeline-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run pytest tests/integration

WEBHOOK_OUTPUTS_FILE names the file (default `outputs.json`, relative paths
from the repository root); ENVIRONMENT_SUFFIX (default `dev`) picks the stack
`webhook-pipeline-{suffix}` in it. Without the file every test here skips.
"""

import os
from pathlib import Path

import pytest
from deployed_stack import load_stack_outputs, region_of, secret_name, stack_key

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def suffix() -> str:
    return os.environ.get("ENVIRONMENT_SUFFIX") or "dev"


@pytest.fixture(scope="session")
def stack_outputs(suffix) -> dict[str, str]:
    path = REPO_ROOT / os.environ.get("WEBHOOK_OUTPUTS_FILE", "outputs.json")
    if not path.is_file():
        pytest.skip(
            f"no deployed stack to test: {path} not found (write it with `npx cdktf output "
            f"{stack_key(suffix)} --outputs-file outputs.json`, or set WEBHOOK_OUTPUTS_FILE)"
        )
    return load_stack_outputs(path, suffix)


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
    return client.get_secret_value(SecretId=secret_name(suffix))["SecretString"]


@pytest.fixture(scope="session")
def sqs(region):
    import boto3  # noqa: PLC0415

    return boto3.client("sqs", region_name=region)
