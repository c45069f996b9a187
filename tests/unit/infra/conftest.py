"""Session-scoped synths: the provider import and each stack are paid for once."""

import json

import pytest
from cdktf import Testing

from tf_json import SYNTHESIZED_SUFFIXES

from stacks.config import config_for
from stacks.webhook_pipeline import WebhookPipelineStack



@pytest.fixture(scope="session")
def synthesized() -> dict[str, str]:
    app = Testing.app()
    stacks = {suffix: WebhookPipelineStack(app, config_for(suffix)) for suffix in SYNTHESIZED_SUFFIXES}
    return {suffix: Testing.synth(stack) for suffix, stack in stacks.items()}


@pytest.fixture(scope="session")
def dev_json(synthesized) -> str:
    return synthesized["dev"]


@pytest.fixture(scope="session")
def dev(dev_json) -> dict:
    return json.loads(dev_json)
