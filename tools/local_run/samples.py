"""What the command prints for people trying the systems by hand: endpoints and a sample request each.

Each system's sample is its own: `sample_lines` of the smoke module its
System names (stacks/registry.py; e.g. tools/smoke/webhook_pipeline.py), so
this module names no system, and a system without one prints none. Secrets
and API keys are this run's own values (generated locally, worth nothing
anywhere else).
"""

import importlib
from collections.abc import Mapping
from typing import Any

from stacks.system import System


def secret_and_key(local: Any, stack_id: str) -> tuple[str, str]:
    """The stack's generated secret value and API key value ("" when it has none)."""
    attributes = local.runs[stack_id].attributes
    secret = next((a["arn"] for address, a in attributes.items() if address.startswith("aws_secretsmanager_secret.")
                   and a["name"] in local.generated_secrets), None)
    value = local.clients("secretsmanager").get_secret_value(SecretId=secret)["SecretString"] if secret else ""
    key = next((a["value"] for address, a in attributes.items() if address.startswith("aws_api_gateway_api_key.")), "")
    return value, key


def sample_lines(local: Any, stack_id: str, system: System, outputs: Mapping[str, str]) -> list[str]:
    if system.smoke is None:
        return []
    smoke = importlib.import_module(system.smoke)
    secret, api_key = secret_and_key(local, stack_id)
    return [f"# {smoke.SAMPLE_TITLE}", *smoke.sample_lines(outputs, secret, api_key, local.runs[stack_id].region)]
