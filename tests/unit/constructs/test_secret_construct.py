"""Secret: no value in Terraform, deleted at once by default, read grant by construct id."""

import pytest
from tests.fixtures.tf_json import address, only, policy_recorder, recorded_policies, resources, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.secret import Secret, SecretProps

PROPS = SecretProps(name="signing-dev", description="a shared secret")


def test_default_has_no_recovery_window_and_never_a_value():
    tf = synth_construct(lambda stack: Secret(stack, "signing", PROPS))
    assert only(tf, TF_RESOURCE_TYPE.SecretsmanagerSecret) == {
        "name": "signing-dev",
        "description": "a shared secret",
        "recovery_window_in_days": 0,
    }
    assert resources(tf, "aws_secretsmanager_secret_version") == []


def test_a_recovery_window_must_be_one_secrets_manager_accepts():
    with pytest.raises(ValueError, match="recovery_window_in_days must be 0 or 7-30"):
        synth_construct(lambda stack: Secret(stack, "signing", SecretProps(name="s", description="d", recovery_window_in_days=3)))


def test_grant_read_allows_only_get_secret_value_on_this_secret():
    tf = synth_construct(lambda stack: Secret(stack, "signing", PROPS).grant_read(policy_recorder(stack)))
    secret = address(tf, TF_RESOURCE_TYPE.SecretsmanagerSecret, "signing-dev")
    assert recorded_policies(tf) == {
        "read-signing": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": [f"${{{secret}.arn}}"]}]
    }
