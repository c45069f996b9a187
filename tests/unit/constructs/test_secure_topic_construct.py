"""SecureTopic: encrypted with the key, TLS only, and only the functions granted may publish."""

import json

import pytest
from tests.fixtures.tf_json import address, named, resources, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.secure_topic import SecureTopic, SecureTopicProps
from constructs_lib.traced_lambda import TracedLambda, TracedLambdaProps

TOPIC = TF_RESOURCE_TYPE.SnsTopic


@pytest.fixture(scope="module")
def tf(tmp_path_factory) -> dict:
    source = tmp_path_factory.mktemp("fn")
    (source / "handler.py").write_text("def handler(event, context):\n    return event\n")

    def build(stack):
        # GIVEN a topic nobody was granted, and one granted to two functions
        key = EncryptionKey(stack, "key", EncryptionKeyProps(alias="alias/t", description="t"))
        SecureTopic(stack, "quiet", SecureTopicProps(name="quiet-dev", kms_key=key))
        alerts = SecureTopic(stack, "alerts", SecureTopicProps(name="alerts-dev", kms_key=key))
        for name in ("pricer", "notifier"):
            fn = TracedLambda(stack, name, TracedLambdaProps(function_name=f"{name}-dev", source_dir=source,
                                                             timeout_seconds=5))
            alerts.grant_publish(fn)

    return synth_construct(build)


def ref(tf: dict, resource_type: str, name: str, attribute: str = "arn") -> str:
    return f"${{{address(tf, resource_type, name)}.{attribute}}}"


def topic_statements(tf: dict, topic_name: str) -> dict[str, dict]:
    [topic_policy] = [p for p in resources(tf, TF_RESOURCE_TYPE.SnsTopicPolicy) if p["arn"] == ref(tf, TOPIC, topic_name)]
    return {s["Sid"]: s for s in json.loads(topic_policy["policy"])["Statement"]}


@pytest.mark.parametrize("topic_name", ["quiet-dev", "alerts-dev"])
def test_the_topic_is_encrypted_with_the_key(tf, topic_name):
    [key_id] = tf["resource"][TF_RESOURCE_TYPE.KmsKey]
    assert named(tf, TOPIC, topic_name)["kms_master_key_id"] == f"${{{TF_RESOURCE_TYPE.KmsKey}.{key_id}.arn}}"


@pytest.mark.parametrize("topic_name", ["quiet-dev", "alerts-dev"])
def test_the_policy_denies_every_request_without_tls(tf, topic_name):
    assert topic_statements(tf, topic_name)["DenyInsecureTransport"] == {
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sns:*",
        "Resource": ref(tf, TOPIC, topic_name), "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def test_with_no_publisher_granted_nobody_may_publish(tf):
    assert topic_statements(tf, "quiet-dev")["OnlyGrantedPublishers"] == {
        "Sid": "OnlyGrantedPublishers", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish",
        "Resource": ref(tf, TOPIC, "quiet-dev"),
    }


def test_only_the_roles_granted_escape_the_publish_deny(tf):
    deny = topic_statements(tf, "alerts-dev")["OnlyGrantedPublishers"]
    assert (deny["Effect"], deny["Principal"], deny["Action"]) == ("Deny", "*", "sns:Publish")
    assert deny["Condition"] == {
        "ArnNotEquals": {"aws:PrincipalArn": [ref(tf, TF_RESOURCE_TYPE.IamRole, f"{name}-dev-role")
                                              for name in ("pricer", "notifier")]}
    }


def test_grant_publish_allows_publish_on_the_topic_and_the_key_only_through_sns(tf):
    [key_id] = tf["resource"][TF_RESOURCE_TYPE.KmsKey]
    grants = [p for p in resources(tf, TF_RESOURCE_TYPE.IamRolePolicy) if p["name"] == "publish-alerts"]
    assert sorted(p["role"] for p in grants) == sorted(
        ref(tf, TF_RESOURCE_TYPE.IamRole, f"{name}-dev-role", "id") for name in ("pricer", "notifier"))
    for grant in grants:
        assert json.loads(grant["policy"])["Statement"] == [
            {"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [ref(tf, TOPIC, "alerts-dev")]},
            {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
             "Resource": [f"${{{TF_RESOURCE_TYPE.KmsKey}.{key_id}.arn}}"],
             "Condition": {"StringLike": {"kms:ViaService": "sns.*.amazonaws.com"}}},
        ]
