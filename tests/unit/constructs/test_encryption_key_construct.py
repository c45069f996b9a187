"""EncryptionKey: rotation, alias, a key policy with root administration only, scoped use statements."""

import json

import pytest
from tests.fixtures.tf_json import only, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.encryption_key import LOGS_SERVICE_ACTIONS, EncryptionKey, EncryptionKeyProps, LogGroupEncryption

PROPS = EncryptionKeyProps(alias="alias/orders-dev", description="orders")


@pytest.fixture(scope="module")
def defaults() -> dict:
    return synth_construct(lambda stack: EncryptionKey(stack, "key", PROPS))


def test_default_deletion_window_is_7_days_and_rotation_is_on(defaults):
    key = only(defaults, TF_RESOURCE_TYPE.KmsKey)
    assert (key["deletion_window_in_days"], key["enable_key_rotation"]) == (7, True)


def test_the_alias_names_the_key(defaults):
    alias = only(defaults, TF_RESOURCE_TYPE.KmsAlias)
    assert alias["name"] == "alias/orders-dev"
    assert alias["target_key_id"].endswith(".key_id}")


def test_by_default_the_key_policy_names_only_the_account_root_and_no_log_group(defaults):
    [statement] = json.loads(only(defaults, TF_RESOURCE_TYPE.KmsKey)["policy"])["Statement"]
    [account] = defaults["data"]["aws_caller_identity"]
    assert statement["Principal"] == {"AWS": f"arn:aws:iam::${{data.aws_caller_identity.{account}.account_id}}:root"}
    assert statement["Action"] == "kms:*"


def test_allow_use_is_scoped_to_the_key_and_the_calling_service():
    statements = {}

    def build(stack):
        key = EncryptionKey(stack, "key", PROPS)
        statements["use"] = key.allow_use(["kms:Decrypt"], via_service="sns")
        statements["key_arn"] = key.arn

    synth_construct(build)
    assert statements["use"]["Action"] == ["kms:Decrypt"]
    assert statements["use"]["Condition"] == {"StringLike": {"kms:ViaService": "sns.*.amazonaws.com"}}


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [({"alias": "orders"}, "alias must start with 'alias/'"), ({"alias": "alias/aws/x"}, "alias/aws/"),
     ({"deletion_window_days": 3}, "deletion_window_days must be 7-30")],
)
def test_props_checks(overrides, problem):
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: EncryptionKey(stack, "key", EncryptionKeyProps(**{"alias": "alias/a", "description": "d", **overrides})))


def test_log_groups_let_cloudwatch_logs_of_the_region_encrypt_those_log_groups_only():
    props = EncryptionKeyProps(alias="alias/logs", description="d", log_groups=LogGroupEncryption("eu-west-1", ["a", "b"]))
    tf = synth_construct(lambda stack: EncryptionKey(stack, "key", props))
    _, logs = json.loads(only(tf, TF_RESOURCE_TYPE.KmsKey)["policy"])["Statement"]
    [account] = tf["data"]["aws_caller_identity"]
    assert (logs["Principal"], logs["Resource"]) == ({"Service": "logs.eu-west-1.amazonaws.com"}, "*")
    assert logs["Action"] == list(LOGS_SERVICE_ACTIONS) and "kms:*" not in logs["Action"]
    assert logs["Condition"] == {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": [
        f"arn:aws:logs:eu-west-1:${{data.aws_caller_identity.{account}.account_id}}:log-group:{name}" for name in ("a", "b")]}}


def test_log_groups_must_name_a_log_group():
    props = EncryptionKeyProps(alias="alias/logs", description="d", log_groups=LogGroupEncryption("eu-west-1", []))
    with pytest.raises(ValueError, match="log_groups must name at least one log group"):
        synth_construct(lambda stack: EncryptionKey(stack, "key", props))
