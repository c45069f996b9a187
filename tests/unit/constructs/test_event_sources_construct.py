"""DynamoStreamSource and SqsEventSource: defaults, forced settings, grants, waits on the role, props checks."""

import json

import pytest
from tests.fixtures.tf_json import address, only, resources, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.event_sources import (
    DynamoStreamSource,
    SqsEventSource,
    SqsSourceProps,
    StartingPosition,
    StreamSourceProps,
)
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps
from constructs_lib.table import Key, StreamView, Table, TableProps
from constructs_lib.traced_lambda import TracedLambda, TracedLambdaProps

MAPPING = TF_RESOURCE_TYPE.LambdaEventSourceMapping
ROLE_POLICY = TF_RESOURCE_TYPE.IamRolePolicy
LATER = {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:later"]}


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory):
    source = tmp_path_factory.mktemp("fn")
    (source / "handler.py").write_text("def handler(event, context):\n    return event\n")
    return source


def function(stack, source_dir, **overrides) -> TracedLambda:
    props = {"function_name": "consumer-dev", "source_dir": source_dir, "timeout_seconds": 10, **overrides}
    return TracedLambda(stack, "consumer", TracedLambdaProps(**props))


def queue(stack, visibility: int | None = 60) -> SecureQueue:
    props = SecureQueueProps(name="jobs-dev", retention_seconds=3600, visibility_timeout_seconds=visibility,
                             dead_letter=DeadLetter(max_receive_count=3))
    return SecureQueue(stack, "jobs", props)


def role_policies(tf: dict) -> dict[str, list[dict]]:
    return {p["name"]: json.loads(p["policy"])["Statement"] for p in resources(tf, ROLE_POLICY)}


def ref(tf: dict, resource_type: str, name: str, attribute: str, key: str = "name") -> str:
    return f"${{{address(tf, resource_type, name, key)}.{attribute}}}"


def every_role_policy(tf: dict) -> list[str]:
    return sorted(f"{ROLE_POLICY}.{logical_id}" for logical_id in tf["resource"][ROLE_POLICY])


# --- DynamoStreamSource -------------------------------------------------------------


def stream_source(stack, source_dir, stream=StreamView.NEW_IMAGE, **overrides) -> TracedLambda:
    key = EncryptionKey(stack, "key", EncryptionKeyProps(alias="alias/t", description="t"))
    table = Table(stack, "events", TableProps(name="events-dev", hash_key=Key("id"), stream=stream, kms_key=key))
    failures = SecureQueue(stack, "failures", SecureQueueProps(name="failures-dev", retention_seconds=3600))
    fn = function(stack, source_dir)
    DynamoStreamSource(stack, "changes", table, fn, StreamSourceProps(on_failure=failures, **overrides))
    return fn


@pytest.fixture(scope="module")
def stream_tf(source_dir) -> dict:
    # GIVEN a stream source with defaults, and a policy attached to the role after the mapping
    return synth_construct(lambda stack: stream_source(stack, source_dir).add_policy("later", LATER))


@pytest.mark.parametrize(
    ("setting", "default"),
    [("starting_position", "TRIM_HORIZON"), ("batch_size", 100), ("bisect_batch_on_function_error", True),
     ("maximum_retry_attempts", 3), ("maximum_record_age_in_seconds", 3600), ("filter_criteria", None)],
)
def test_stream_source_defaults(stream_tf, setting, default):
    assert only(stream_tf, MAPPING).get(setting) == default


def test_stream_source_forces_partial_batch_responses_and_the_on_failure_queue(stream_tf):
    mapping = only(stream_tf, MAPPING)
    assert mapping["event_source_arn"] == ref(stream_tf, TF_RESOURCE_TYPE.DynamodbTable, "events-dev", "stream_arn")
    assert mapping["function_name"] == ref(
        stream_tf, TF_RESOURCE_TYPE.LambdaFunction, "consumer-dev", "arn", "function_name")
    assert mapping["function_response_types"] == ["ReportBatchItemFailures"]
    failures = ref(stream_tf, TF_RESOURCE_TYPE.SqsQueue, "failures-dev", "arn")
    assert mapping["destination_config"] == {"on_failure": {"destination_arn": failures}}


def test_stream_source_grants_stream_read_and_send_named_from_construct_ids(stream_tf):
    policies = role_policies(stream_tf)
    stream, list_streams, key = policies["stream-read-events"]
    assert stream["Action"] == ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
    assert stream["Resource"] == [ref(stream_tf, TF_RESOURCE_TYPE.DynamodbTable, "events-dev", "stream_arn")]
    assert list_streams == {"Effect": "Allow", "Action": ["dynamodb:ListStreams"], "Resource": ["*"]}
    [key_id] = stream_tf["resource"][TF_RESOURCE_TYPE.KmsKey]
    assert key["Action"] == ["kms:Decrypt", "kms:DescribeKey"]
    assert key["Resource"] == [f"${{{TF_RESOURCE_TYPE.KmsKey}.{key_id}.arn}}"]
    assert key["Condition"] == {"StringLike": {"kms:ViaService": "dynamodb.*.amazonaws.com"}}
    failures = ref(stream_tf, TF_RESOURCE_TYPE.SqsQueue, "failures-dev", "arn")
    assert policies["send-failures"] == [{"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": [failures]}]


def test_stream_mapping_waits_for_every_policy_of_the_role_even_later_ones(stream_tf):
    assert set(role_policies(stream_tf)) == {"logs", "xray", "stream-read-events", "send-failures", "later"}
    assert sorted(only(stream_tf, MAPPING)["depends_on"]) == every_role_policy(stream_tf)


def test_stream_source_overrides_and_filter_criteria(source_dir):
    patterns = [{"eventName": ["INSERT"]}, {"eventName": ["MODIFY"], "dynamodb": {"Keys": {"id": {"S": ["x"]}}}}]
    tf = synth_construct(lambda stack: stream_source(
        stack, source_dir, batch_size=500, starting_position=StartingPosition.LATEST, bisect_batch_on_error=False,
        maximum_retry_attempts=0, maximum_record_age_seconds=60, filter_patterns=patterns))
    mapping = only(tf, MAPPING)
    assert (mapping["batch_size"], mapping["starting_position"]) == (500, "LATEST")
    assert mapping["bisect_batch_on_function_error"] is False
    assert (mapping["maximum_retry_attempts"], mapping["maximum_record_age_in_seconds"]) == (0, 60)
    assert [json.loads(f["pattern"]) for f in mapping["filter_criteria"]["filter"]] == patterns


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"batch_size": 0}, "batch_size must be 1-10000, got 0"),
        ({"starting_position": "AT_TIMESTAMP"}, "starting_position must be TRIM_HORIZON or LATEST"),
        ({"maximum_retry_attempts": -1}, "maximum_retry_attempts must be finite"),
        ({"maximum_record_age_seconds": -1}, "maximum_record_age_seconds must be finite: 60-604800"),
        ({"stream": None}, "StreamSourceProps: test/events has no stream$"),
    ],
)
def test_stream_props_checks(source_dir, overrides, problem):
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: stream_source(stack, source_dir, **overrides))


def test_stream_props_problems_are_reported_at_once(source_dir):
    with pytest.raises(ValueError, match="batch_size.*maximum_record_age_seconds.*has no stream"):
        synth_construct(lambda stack: stream_source(stack, source_dir, stream=None, batch_size=0,
                                                    maximum_record_age_seconds=604_801))


# --- SqsEventSource -----------------------------------------------------------------


def sqs_source(stack, source_dir, visibility: int | None = 60, reserved: int | None = None, timeout: int = 10,
               **props) -> TracedLambda:
    fn = function(stack, source_dir, reserved_concurrency=reserved, timeout_seconds=timeout)
    SqsEventSource(stack, "jobs-source", queue(stack, visibility), fn, SqsSourceProps(**props))
    return fn


@pytest.fixture(scope="module")
def sqs_tf(source_dir) -> dict:
    # GIVEN defaults, visibility exactly 6 x 10 s + no window, and a policy attached after the mapping
    return synth_construct(lambda stack: sqs_source(stack, source_dir).add_policy("later", LATER))


def test_sqs_source_defaults_batches_of_10_no_window_no_scaling(sqs_tf):
    mapping = only(sqs_tf, MAPPING)
    assert mapping["batch_size"] == 10
    assert "maximum_batching_window_in_seconds" not in mapping
    assert "scaling_config" not in mapping


def test_sqs_source_forces_partial_batch_responses_on_the_queue(sqs_tf):
    mapping = only(sqs_tf, MAPPING)
    assert mapping["event_source_arn"] == ref(sqs_tf, TF_RESOURCE_TYPE.SqsQueue, "jobs-dev", "arn")
    assert mapping["function_response_types"] == ["ReportBatchItemFailures"]


def test_sqs_source_grants_consume_on_exactly_that_queue(sqs_tf):
    policies = role_policies(sqs_tf)
    assert set(policies) == {"logs", "xray", "consume-jobs", "later"}  # nothing on the DLQ
    [consume] = policies["consume-jobs"]
    assert consume["Action"] == [
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    assert consume["Resource"] == [ref(sqs_tf, TF_RESOURCE_TYPE.SqsQueue, "jobs-dev", "arn")]


def test_sqs_mapping_waits_for_every_policy_of_the_role_even_later_ones(sqs_tf):
    assert sorted(only(sqs_tf, MAPPING)["depends_on"]) == every_role_policy(sqs_tf)  # logs, xray, consume, later


def test_a_window_and_concurrency_up_to_the_reserved_are_accepted_at_the_visibility_boundary(source_dir):
    # GIVEN visibility = 6 x 10 s + 5 s window, concurrency = reserved concurrency
    tf = synth_construct(lambda stack: sqs_source(stack, source_dir, visibility=65, reserved=5, batch_size=100,
                                                  maximum_batching_window_seconds=5, maximum_concurrency=5))
    mapping = only(tf, MAPPING)
    assert (mapping["batch_size"], mapping["maximum_batching_window_in_seconds"]) == (100, 5)
    assert mapping["scaling_config"] == {"maximum_concurrency": 5}


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"batch_size": 11}, "batch_size 11 is over 10: Lambda requires a batching window of at least 1 s"),
        ({"reserved": 5, "maximum_concurrency": 6},
         "maximum_concurrency 6 exceeds the function's reserved concurrency 5"),
        ({"visibility": 64, "maximum_batching_window_seconds": 5},
         r"visibility timeout 64 s is under 6 x the function timeout 10 s \+ the batching window 5 s = 65 s"),
        ({"visibility": None},
         r"visibility timeout 30 s is under 6 x the function timeout 10 s \+ the batching window 0 s = 60 s"),
    ],
    ids=["batch-without-window", "concurrency-over-reserved", "visibility-under-rule", "sqs-default-visibility"],
)
def test_sqs_source_refusals(source_dir, overrides, problem):
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: sqs_source(stack, source_dir, **overrides))


def test_an_explicit_zero_visibility_is_not_taken_for_sqs_default_of_30_s(source_dir):
    # GIVEN a 5 s function: SQS's default 30 s would just pass, the queue's 0 s must not
    with pytest.raises(ValueError, match=r"visibility timeout 0 s is under .* = 30 s"):
        synth_construct(lambda stack: sqs_source(stack, source_dir, visibility=0, timeout=5))


def test_sqs_source_problems_are_reported_at_once(source_dir):
    with pytest.raises(ValueError, match="batch_size 11.*maximum_concurrency 6.*visibility timeout 59 s"):
        synth_construct(lambda stack: sqs_source(stack, source_dir, visibility=59, reserved=5, batch_size=11,
                                                 maximum_concurrency=6))
