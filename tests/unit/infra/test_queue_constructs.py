"""SecureQueue and RoutedQueues: encryption, TLS-only policies, redrive, retention."""

import json

import pytest
from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
from tf_json import address, named, only, resources, synth_construct

from constructs_lib.routed_queues import Route, RoutedQueues, RoutedQueuesProps
from constructs_lib.secure_queue import SecureQueue, SecureQueueProps

ROUTES = [Route("a", "a-queue", "a-dlq"), Route("b", "b-queue", "b-dlq")]


@pytest.fixture(scope="module")
def single() -> dict:
    return synth_construct(lambda stack: SecureQueue(stack, "q", SecureQueueProps(name="q", retention_seconds=3600)))


@pytest.fixture(scope="module")
def routed() -> dict:
    return synth_construct(lambda stack: RoutedQueues(stack, "routed", RoutedQueuesProps(routes=ROUTES)))


def test_secure_queue_defaults_leave_visibility_to_sqs_and_have_no_redrive(single):
    queue = only(single, SqsQueue.TF_RESOURCE_TYPE)
    assert queue == {"name": "q", "message_retention_seconds": 3600, "sqs_managed_sse_enabled": True}


def test_secure_queue_denies_access_without_tls(single):
    queue = address(single, SqsQueue.TF_RESOURCE_TYPE, "q")
    queue_policy = only(single, SqsQueuePolicy.TF_RESOURCE_TYPE)
    assert queue_policy["queue_url"] == f"${{{queue}.url}}"
    assert json.loads(queue_policy["policy"])["Statement"] == [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sqs:*",
            "Resource": f"${{{queue}.arn}}",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ]


def test_secure_queue_refuses_retention_beyond_14_days():
    with pytest.raises(ValueError, match="retention_seconds must be 60-1209600"):
        synth_construct(lambda stack: SecureQueue(stack, "q", SecureQueueProps(name="q", retention_seconds=1_209_601)))


def test_routed_queues_default_retention_7_days_and_visibility_300s(routed):
    for route in ROUTES:
        queue = named(routed, SqsQueue.TF_RESOURCE_TYPE, route.queue_name)
        assert queue["message_retention_seconds"] == 604_800
        assert queue["visibility_timeout_seconds"] == 300


def test_routed_queues_default_dlq_retention_14_days(routed):
    for route in ROUTES:
        assert named(routed, SqsQueue.TF_RESOURCE_TYPE, route.dlq_name)["message_retention_seconds"] == 1_209_600


def test_routed_queues_redrive_each_queue_to_its_own_dlq_after_3_receives(routed):
    for route in ROUTES:
        queue = named(routed, SqsQueue.TF_RESOURCE_TYPE, route.queue_name)
        dlq = address(routed, SqsQueue.TF_RESOURCE_TYPE, route.dlq_name)
        assert json.loads(queue["redrive_policy"]) == {"deadLetterTargetArn": f"${{{dlq}.arn}}", "maxReceiveCount": 3}


def test_routed_queues_are_all_encrypted_and_tls_only(routed):
    assert all(q["sqs_managed_sse_enabled"] is True for q in resources(routed, SqsQueue.TF_RESOURCE_TYPE))
    assert len(resources(routed, SqsQueuePolicy.TF_RESOURCE_TYPE)) == 2 * len(ROUTES)


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"routes": []}, "routes must not be empty"),
        ({"routes": [ROUTES[0], ROUTES[0]]}, "routes repeat a key"),
        ({"routes": [ROUTES[0], Route("c", "a-queue", "c-dlq")]}, "routes repeat a queue name"),
        ({"dlq_retention_seconds": 604_800}, "dlq_retention_seconds must exceed retention_seconds"),
        ({"max_receive_count": 0}, "max_receive_count must be at least 1"),
    ],
)
def test_routed_queues_refuse_inconsistent_props(overrides, problem):
    props = RoutedQueuesProps(**{"routes": ROUTES, **overrides})
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: RoutedQueues(stack, "routed", props))


class _Recorder:
    def __init__(self):
        self.policies = {}

    def add_policy(self, name, *statements):
        self.policies[name] = list(statements)


def test_grant_send_allows_send_to_the_routed_queues_not_the_dlqs():
    recorder = _Recorder()

    def build(stack):
        RoutedQueues(stack, "routed", RoutedQueuesProps(routes=ROUTES)).grant_send(recorder)

    tf = synth_construct(build)
    [statement] = recorder.policies["send-routed"]
    assert statement["Action"] == ["sqs:SendMessage"]
    assert len(statement["Resource"]) == len(ROUTES)
    assert len(resources(tf, SqsQueue.TF_RESOURCE_TYPE)) == 2 * len(ROUTES)
