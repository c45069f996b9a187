"""Fixtures for the integration tests: a deployed stack's outputs file, or else a local run of the stacks.

    npx cdktf output webhook-pipeline-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run pytest tests/integration      # against AWS
    pipenv run pytest tests/integration                               # no outputs file: against a local run

OUTPUTS_FILE names the file (default `outputs.json`, relative paths from the
repository root); ENVIRONMENT_SUFFIX (default `dev`) picks each system's
stack `<system>-{suffix}` in it. A real deployment's file is used as it is.
Without one (or with the file of a local run that has stopped), the session
starts a local run (tools/local_run/) on the stacks the `synthesized`
fixture made (tests/fixtures/synth.py) and the tests read its outputs file. A local run
started by hand (its outputs file named by OUTPUTS_FILE) is used as it is.

While each integration test runs (setup to teardown), the local run's
variables are set: OUTPUTS_FILE, AWS_ENDPOINT_URL and
AWS_ENDPOINT_URL_LAMBDA, fake credentials, the region. They are removed
after it, so no other test talks to the local run, and the local run the
session started stops after the last integration test.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stacks.registry import SYSTEMS
from stacks.webhook_pipeline import SYSTEM as WEBHOOK_PIPELINE
from stacks.webhook_pipeline.names import WebhookNames
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES
from tests.integration.deployed_stack import outputs_of, region_of
from tools.local_run.outputs import is_alive, read_marker
from tools.local_run.process import LocalRunProcess
from tools.stack_outputs import outputs_file

REPO_ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@dataclass
class Deployment:
    outputs_path: Path
    env: dict[str, str] = field(default_factory=dict)  # set while each integration test runs ({} for AWS)
    local_run: LocalRunProcess | None = None  # the local run this session started

    @property
    def is_local(self) -> bool:
        return bool(self.env)


class _Environment:
    """The deployment's variables, set for integration tests only."""

    deployment: Deployment | None = None
    saved: dict[str, str | None] | None = None

    def enter(self) -> None:
        if self.deployment and self.saved is None:
            self.saved = {name: os.environ.get(name) for name in self.deployment.env}
            os.environ.update(self.deployment.env)

    def leave(self) -> None:
        for name, value in (self.saved or {}).items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self.saved = None


_ENVIRONMENT = _Environment()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    _ENVIRONMENT.enter()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        _ENVIRONMENT.leave()
        later = item.session.items[item.session.items.index(item) + 1:]
        deployment = _ENVIRONMENT.deployment
        if deployment and deployment.local_run and not any(HERE in Path(i.path).parents for i in later):
            deployment.local_run.stop()  # the last integration test is done: free the CPU for the rest


@pytest.fixture(scope="session")
def suffix() -> str:
    return os.environ.get("ENVIRONMENT_SUFFIX") or "dev"


@pytest.fixture(scope="session", autouse=True)
def deployment(request, suffix, tmp_path_factory) -> Deployment:
    """Where the integration tests run: the given outputs file's deployment, or a local run started here."""
    path = REPO_ROOT / outputs_file()
    marker = read_marker(path) if path.is_file() else None
    if path.is_file() and marker is None:
        return Deployment(path)  # a real deployment: AWS as configured
    if marker is not None and is_alive(marker):
        found = Deployment(path, {**marker["env"], "OUTPUTS_FILE": str(path)})
    else:
        stacks = None  # another suffix: the local run synthesizes it
        if suffix in SYNTHESIZED_SUFFIXES:
            synthesized = request.getfixturevalue("synthesized")
            stacks = {system.stack_id(suffix): synthesized[(system.name, suffix)] for system in SYSTEMS}
        local_run = LocalRunProcess(tmp_path_factory.mktemp("local-run"), suffix, stacks).start()
        request.addfinalizer(local_run.stop)
        # A local run answers in well under a second: poll it every half second, not every 5.
        env = {**local_run.env, "OUTPUTS_FILE": str(local_run.outputs_path), "INTEGRATION_POLL_SECONDS": "0.5"}
        found = Deployment(local_run.outputs_path, env, local_run)
    _ENVIRONMENT.deployment = found
    _ENVIRONMENT.enter()
    return found


@pytest.fixture(scope="session")
def stack_outputs(deployment, suffix) -> dict[str, str]:
    return outputs_of(deployment.outputs_path, WEBHOOK_PIPELINE, suffix, required=["api_endpoint"])


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
