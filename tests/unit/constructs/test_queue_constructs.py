"""SecureQueue (with its own DLQ) and RoutedQueues: encryption, TLS-only policies, redrive, retention, grants."""

import json

import pytest
from tests.fixtures.tf_json import address, named, only, policy_recorder, recorded_policies, resources, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.routed_queues import Route, RoutedQueues, RoutedQueuesProps
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps

ROUTES = [Route("a", "a-queue", "a-dlq"), Route("b", "b-queue", "b-dlq")]


@pytest.fixture(scope="module")
def single() -> dict:
    return synth_construct(lambda stack: SecureQueue(stack, "q", SecureQueueProps(name="q", retention_seconds=3600)))


@pytest.fixture(scope="module")
def routed() -> dict:
    return synth_construct(lambda stack: RoutedQueues(stack, "routed", RoutedQueuesProps(routes=ROUTES)))


def test_secure_queue_defaults_leave_visibility_to_sqs_and_have_no_redrive(single):
    queue = only(single, TF_RESOURCE_TYPE.SqsQueue)
    assert queue == {"name": "q", "message_retention_seconds": 3600, "sqs_managed_sse_enabled": True}


def test_secure_queue_denies_access_without_tls(single):
    queue = address(single, TF_RESOURCE_TYPE.SqsQueue, "q")
    queue_policy = only(single, TF_RESOURCE_TYPE.SqsQueuePolicy)
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
        queue = named(routed, TF_RESOURCE_TYPE.SqsQueue, route.queue_name)
        assert queue["message_retention_seconds"] == 604_800
        assert queue["visibility_timeout_seconds"] == 300


def test_routed_queues_default_dlq_retention_14_days(routed):
    for route in ROUTES:
        assert named(routed, TF_RESOURCE_TYPE.SqsQueue, route.dlq_name)["message_retention_seconds"] == 1_209_600


def test_routed_queues_redrive_each_queue_to_its_own_dlq_after_3_receives(routed):
    for route in ROUTES:
        queue = named(routed, TF_RESOURCE_TYPE.SqsQueue, route.queue_name)
        dlq = address(routed, TF_RESOURCE_TYPE.SqsQueue, route.dlq_name)
        assert json.loads(queue["redrive_policy"]) == {"deadLetterTargetArn": f"${{{dlq}.arn}}", "maxReceiveCount": 3}


def test_routed_queues_are_all_encrypted_and_tls_only(routed):
    assert all(q["sqs_managed_sse_enabled"] is True for q in resources(routed, TF_RESOURCE_TYPE.SqsQueue))
    assert len(resources(routed, TF_RESOURCE_TYPE.SqsQueuePolicy)) == 2 * len(ROUTES)


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"routes": []}, "routes must not be empty"),
        ({"routes": [ROUTES[0], ROUTES[0]]}, "routes repeat a key"),
        ({"routes": [ROUTES[0], Route("c", "a-queue", "c-dlq")]}, "routes repeat a queue name"),
        ({"dlq_retention_seconds": 604_799}, "dead_letter.retention_seconds must be at least retention_seconds"),
        ({"max_receive_count": 0}, "dead_letter.max_receive_count must be 1-1000"),
    ],
)
def test_routed_queues_refuse_inconsistent_props(overrides, problem):
    props = RoutedQueuesProps(**{"routes": ROUTES, **overrides})
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: RoutedQueues(stack, "routed", props))


def test_grant_send_allows_send_to_the_routed_queues_not_the_dlqs():
    tf = synth_construct(lambda stack: RoutedQueues(stack, "routed", RoutedQueuesProps(routes=ROUTES)).grant_send(
        policy_recorder(stack)))
    [statement] = recorded_policies(tf)["send-routed"]
    assert statement["Action"] == ["sqs:SendMessage"]
    assert statement["Resource"] == [
        f"${{{address(tf, TF_RESOURCE_TYPE.SqsQueue, route.queue_name)}.arn}}" for route in ROUTES
    ]


def test_routed_dlqs_accept_only_their_own_queue_unless_told_otherwise(routed):
    assert len(resources(routed, TF_RESOURCE_TYPE.SqsQueueRedriveAllowPolicy)) == len(ROUTES)
    props = RoutedQueuesProps(routes=ROUTES, dlq_allows_only_its_source=False)
    tf = synth_construct(lambda stack: RoutedQueues(stack, "routed", props))
    assert resources(tf, TF_RESOURCE_TYPE.SqsQueueRedriveAllowPolicy) == []


# --- A queue that owns its DLQ ------------------------------------------------------


def owning(stack, **dead_letter) -> SecureQueue:
    props = SecureQueueProps(name="jobs-queue-dev", retention_seconds=3600,
                             dead_letter=DeadLetter(**{"max_receive_count": 5, **dead_letter}))
    return SecureQueue(stack, "jobs-queue", props)


@pytest.fixture(scope="module")
def with_dlq() -> dict:
    return synth_construct(owning)


def test_the_dlq_name_is_derived_from_the_queue_by_default(with_dlq):
    assert named(with_dlq, TF_RESOURCE_TYPE.SqsQueue, "jobs-queue-dev-dlq")
    tf = synth_construct(lambda stack: owning(stack, name="jobs-dlq-dev"))
    assert named(tf, TF_RESOURCE_TYPE.SqsQueue, "jobs-dlq-dev")


def test_the_dlq_keeps_messages_14_days_and_is_encrypted_and_tls_only(with_dlq):
    dlq = named(with_dlq, TF_RESOURCE_TYPE.SqsQueue, "jobs-queue-dev-dlq")
    assert dlq == {"name": "jobs-queue-dev-dlq", "message_retention_seconds": 1_209_600, "sqs_managed_sse_enabled": True}
    assert len(resources(with_dlq, TF_RESOURCE_TYPE.SqsQueuePolicy)) == 2


def test_the_queue_redrives_to_its_dlq(with_dlq):
    queue = named(with_dlq, TF_RESOURCE_TYPE.SqsQueue, "jobs-queue-dev")
    dlq = address(with_dlq, TF_RESOURCE_TYPE.SqsQueue, "jobs-queue-dev-dlq")
    assert json.loads(queue["redrive_policy"]) == {"deadLetterTargetArn": f"${{{dlq}.arn}}", "maxReceiveCount": 5}


def test_the_dlq_allows_only_its_source_queue(with_dlq):
    allow = only(with_dlq, TF_RESOURCE_TYPE.SqsQueueRedriveAllowPolicy)
    queue = address(with_dlq, TF_RESOURCE_TYPE.SqsQueue, "jobs-queue-dev")
    dlq = address(with_dlq, TF_RESOURCE_TYPE.SqsQueue, "jobs-queue-dev-dlq")
    assert allow["queue_url"] == f"${{{dlq}.url}}"
    assert json.loads(allow["redrive_allow_policy"]) == {"redrivePermission": "byQueue", "sourceQueueArns": [f"${{{queue}.arn}}"]}


def test_labels_come_from_construct_ids_never_physical_names():
    labels = {}

    def build(stack):
        queue = owning(stack)
        labels.update(queue=queue.label, dlq=queue.dlq.label)
        queue.grant_send(policy_recorder(stack, "a"))
        queue.grant_consume(policy_recorder(stack, "b"))

    tf = synth_construct(build)
    assert labels == {"queue": "jobs-queue", "dlq": "jobs-dlq"}
    policies = recorded_policies(tf)
    assert set(policies) == {"send-jobs-queue", "consume-jobs-queue"}
    assert policies["consume-jobs-queue"][0]["Action"] == [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
    ]


@pytest.mark.parametrize(
    ("dead_letter", "problem"),
    [
        ({"max_receive_count": 0}, "dead_letter.max_receive_count must be 1-1000"),
        ({"retention_seconds": 3599}, "dead_letter.retention_seconds must be at least retention_seconds"),
        ({"retention_seconds": 1_209_601}, "dead_letter.retention_seconds must be 60-1209600"),
    ],
)
def test_dead_letter_props_are_checked(dead_letter, problem):
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: owning(stack, **dead_letter))


@pytest.mark.parametrize(
    ("props", "problem"),
    [
        (SecureQueueProps(name="q", retention_seconds=3600, visibility_timeout_seconds=43_201), "visibility_timeout_seconds must be 0-43200"),
        (SecureQueueProps(name="q", retention_seconds=3600, dead_letter=DeadLetter(1001)), "max_receive_count must be 1-1000"),
    ],
)
def test_what_sqs_would_refuse_at_apply_time_is_refused_here(props, problem):
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: SecureQueue(stack, "q", props))
