"""TracedLambda: each documented default, each forced setting, each props check."""

import json

import pytest
from tests.fixtures.tf_json import only, policy_recorder, recorded_policies, resources, synth_construct

from constructs_lib import cdk
from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.traced_lambda import AsyncInvokeProps, TracedLambda, TracedLambdaProps


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory):
    source = tmp_path_factory.mktemp("fn") / "fn"
    source.mkdir()
    (source / "handler.py").write_text("def handler(event, context):\n    return event\n")
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "handler.cpython-311.pyc").write_bytes(b"\x00stale bytecode")
    return source


def props(source_dir, **overrides) -> TracedLambdaProps:
    return TracedLambdaProps(**{"function_name": "fn-test", "source_dir": source_dir, "timeout_seconds": 10, **overrides})


@pytest.fixture(scope="module")
def defaults(source_dir) -> dict:
    return synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir)))


def test_default_memory_is_256_mb(defaults):
    assert only(defaults, TF_RESOURCE_TYPE.LambdaFunction)["memory_size"] == 256


def test_default_log_retention_is_30_days_and_function_depends_on_it(defaults):
    group = only(defaults, TF_RESOURCE_TYPE.CloudwatchLogGroup)
    assert group == {"name": "/aws/lambda/fn-test", "retention_in_days": 30}
    assert only(defaults, TF_RESOURCE_TYPE.LambdaFunction)["depends_on"] == [
        f"aws_cloudwatch_log_group.{next(iter(defaults['resource']['aws_cloudwatch_log_group']))}"
    ]


def test_default_has_no_reserved_concurrency_and_no_async_config(defaults):
    assert "reserved_concurrent_executions" not in only(defaults, TF_RESOURCE_TYPE.LambdaFunction)
    assert resources(defaults, TF_RESOURCE_TYPE.LambdaFunctionEventInvokeConfig) == []


def test_default_role_name_derives_from_function_name(defaults):
    assert only(defaults, TF_RESOURCE_TYPE.IamRole)["name"] == "fn-test-role"


def test_forced_runtime_architecture_handler_and_tracing(defaults):
    function = only(defaults, TF_RESOURCE_TYPE.LambdaFunction)
    assert function["runtime"] == "python3.11"
    assert function["architectures"] == ["arm64"]
    assert function["handler"] == "handler.handler"
    assert function["tracing_config"] == {"mode": "Active"}
    assert "environment" not in function


def test_forced_json_log_format_to_its_own_log_group_from_info(defaults):
    # JSON lines carry a record's extra members at the top level: the handlers' embedded metrics
    group = next(iter(defaults["resource"][TF_RESOURCE_TYPE.CloudwatchLogGroup]))
    assert only(defaults, TF_RESOURCE_TYPE.LambdaFunction)["logging_config"] == {
        "log_format": "JSON",
        "log_group": f"${{{TF_RESOURCE_TYPE.CloudwatchLogGroup}.{group}.name}}",
        "application_log_level": "INFO",
        "system_log_level": "INFO",
    }


def test_role_may_only_write_its_own_logs_and_xray(defaults):
    statements = [
        s for p in resources(defaults, TF_RESOURCE_TYPE.IamRolePolicy) for s in json.loads(p["policy"])["Statement"]
    ]
    group_id = next(iter(defaults["resource"]["aws_cloudwatch_log_group"]))
    assert statements == [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [f"${{aws_cloudwatch_log_group.{group_id}.arn}}:*"],
        },
        {"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": ["*"]},
    ]


def test_bytecode_is_not_packaged_so_the_hash_is_the_sources(source_dir, defaults):
    # GIVEN the same source without the stray __pycache__
    clean = source_dir.parent / "clean" / "fn"
    clean.mkdir(parents=True)
    (clean / "handler.py").write_bytes((source_dir / "handler.py").read_bytes())
    # WHEN it is packaged
    other = synth_construct(lambda stack: TracedLambda(stack, "fn", props(clean)))
    # THEN the code hash is the same: bytecode never reaches the zip or the plan
    hash_with_pycache = only(defaults, TF_RESOURCE_TYPE.LambdaFunction)["source_code_hash"]
    assert only(other, TF_RESOURCE_TYPE.LambdaFunction)["source_code_hash"] == hash_with_pycache


def test_overrides_apply(source_dir):
    tf = synth_construct(
        lambda stack: TracedLambda(
            stack,
            "fn",
            props(
                source_dir,
                memory_mb=512,
                reserved_concurrency=10,
                log_retention_days=7,
                runtime="python3.12",
                environment={"KEY": "value"},
                async_invoke=AsyncInvokeProps(on_failure_destination_arn="arn:aws:sqs:us-east-1:1:q"),
            ),
        )
    )
    function = only(tf, TF_RESOURCE_TYPE.LambdaFunction)
    assert function["memory_size"] == 512
    assert function["reserved_concurrent_executions"] == 10
    assert function["environment"] == {"variables": {"KEY": "value"}}
    assert only(tf, TF_RESOURCE_TYPE.CloudwatchLogGroup)["retention_in_days"] == 7
    assert function["runtime"] == "python3.12"
    config = only(tf, TF_RESOURCE_TYPE.LambdaFunctionEventInvokeConfig)
    assert config["maximum_retry_attempts"] == 2
    assert config["maximum_event_age_in_seconds"] == 3600
    assert config["destination_config"] == {"on_failure": {"destination": "arn:aws:sqs:us-east-1:1:q"}}
    assert config["depends_on"] == [f"aws_iam_role_policy.{logical_id}" for logical_id in tf["resource"]["aws_iam_role_policy"]]


def test_async_invoke_config_waits_for_policies_granted_later(source_dir):
    def build(stack):
        function = TracedLambda(
            stack, "fn", props(source_dir, async_invoke=AsyncInvokeProps(on_failure_destination_arn="arn:q"))
        )
        function.add_policy("send-q", {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:q"]})

    tf = synth_construct(build)
    config = only(tf, TF_RESOURCE_TYPE.LambdaFunctionEventInvokeConfig)
    later = [i for i, p in tf["resource"]["aws_iam_role_policy"].items() if p["name"] == "send-q"]
    assert config["depends_on"][-1] == f"aws_iam_role_policy.{later[0]}"
    assert len(config["depends_on"]) == 3  # logs, xray, send-q


def test_every_props_problem_is_reported_at_once(source_dir, tmp_path):
    bad = props(tmp_path, timeout_seconds=0, memory_mb=64, reserved_concurrency=0, runtime="nodejs20.x")
    with pytest.raises(ValueError) as error:
        synth_construct(lambda stack: TracedLambda(stack, "fn", bad))
    message = str(error.value)
    for fragment in ("has no handler.py", "timeout_seconds", "memory_mb", "reserved_concurrency", "runtime"):
        assert fragment in message


def test_memory_above_what_every_account_accepts_is_refused(source_dir):
    with pytest.raises(ValueError, match="memory_mb must be 128-3008"):
        synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir, memory_mb=3009)))
    synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir, memory_mb=3008)))


def test_default_environment_uses_lambdas_own_key_and_no_decrypt_grant(defaults):
    assert "kms_key_arn" not in only(defaults, TF_RESOURCE_TYPE.LambdaFunction)
    assert "decrypt-environment" not in {p["name"] for p in resources(defaults, TF_RESOURCE_TYPE.IamRolePolicy)}


def test_a_customer_key_encrypts_the_environment_and_the_role_decrypts_only_its_own(source_dir):
    tf = synth_construct(
        lambda stack: TracedLambda(stack, "fn", props(source_dir, environment={"K": "v"}, kms_key_arn="arn:aws:kms:k"))
    )
    function = only(tf, TF_RESOURCE_TYPE.LambdaFunction)
    assert function["kms_key_arn"] == "arn:aws:kms:k"
    [policy] = [p for p in resources(tf, TF_RESOURCE_TYPE.IamRolePolicy) if p["name"] == "decrypt-environment"]
    function_id = next(iter(tf["resource"]["aws_lambda_function"]))
    assert json.loads(policy["policy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Action": ["kms:Decrypt"],
            "Resource": ["arn:aws:kms:k"],
            "Condition": {
                "StringEquals": {"kms:EncryptionContext:aws:lambda:FunctionArn": f"${{aws_lambda_function.{function_id}.arn}}"}
            },
        }
    ]


def test_bundled_packages_are_zipped_beside_the_handler(source_dir, defaults, tmp_path):
    package = tmp_path / "shared_kit"
    package.mkdir()
    (package / "__init__.py").write_text("VALUE = 1\n")
    tf = synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir, bundled_packages=(package,))))
    bundled_hash = only(tf, TF_RESOURCE_TYPE.LambdaFunction)["source_code_hash"]
    assert bundled_hash != only(defaults, TF_RESOURCE_TYPE.LambdaFunction)["source_code_hash"]
    (package / "__init__.py").write_text("VALUE = 2\n")
    again = synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir, bundled_packages=(package,))))
    assert only(again, TF_RESOURCE_TYPE.LambdaFunction)["source_code_hash"] != bundled_hash


def test_a_bundled_directory_must_be_a_package(source_dir, tmp_path):
    with pytest.raises(ValueError, match="has no __init__.py"):
        synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir, bundled_packages=(tmp_path,))))


def test_any_resource_can_wait_for_every_policy_of_the_role(source_dir):
    def build(stack):
        function = TracedLambda(stack, "fn", props(source_dir))
        waiting = cdk.SqsQueue(stack, "waiting", name="waiting")
        function.wait_for_policies(waiting)
        function.add_policy("later", {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:q"]})

    tf = synth_construct(build)
    policies = [f"aws_iam_role_policy.{i}" for i in tf["resource"]["aws_iam_role_policy"]]
    assert sorted(only(tf, TF_RESOURCE_TYPE.SqsQueue)["depends_on"]) == sorted(policies)
    assert len(policies) == 3  # logs, xray, later


def test_grant_invoke_is_named_after_the_function_construct(source_dir):
    def build(stack):
        TracedLambda(stack, "router", props(source_dir)).grant_invoke(policy_recorder(stack))

    tf = synth_construct(build)
    [statement] = recorded_policies(tf)["invoke-router"]
    assert statement["Action"] == ["lambda:InvokeFunction"]
    assert statement["Resource"] == [f"${{aws_lambda_function.{next(iter(tf['resource']['aws_lambda_function']))}.arn}}"]


def test_a_policy_name_cannot_be_attached_twice(source_dir):
    def build(stack):
        function = TracedLambda(stack, "fn", props(source_dir))
        function.add_policy("logs", {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn"]})

    with pytest.raises(ValueError, match="policy 'logs' is already attached"):
        synth_construct(build)


def test_a_log_retention_cloudwatch_refuses_is_refused(source_dir):
    with pytest.raises(ValueError, match="log_retention_days must be one CloudWatch accepts"):
        synth_construct(lambda stack: TracedLambda(stack, "fn", props(source_dir, log_retention_days=45)))
