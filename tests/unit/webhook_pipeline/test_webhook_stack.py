"""The dev stack carries every name and value the SPEC fixes."""

import json

import pytest
from tests.fixtures.tf_json import address, named, only, policy, ref, resources

from constructs_lib import cdk
from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.naming import log_group_name
from functions.webhook_events.routes import SCHEMA_PATH as EVENT_SCHEMA_PATH
from functions.webhook_events.routes import TRANSACTION_TYPES, route
from stacks.webhook_pipeline.names import WebhookNames

NAMES = WebhookNames("dev")
ROUTES = tuple(route(t) for t in TRANSACTION_TYPES)
LAMBDAS = {NAMES.validator_function: 30, NAMES.router_function: 60}


# --- Names ---------------------------------------------------------------


def test_every_queue_is_named_for_the_environment(dev):
    names = {q["name"] for q in resources(dev, TF_RESOURCE_TYPE.SqsQueue)}
    assert names == {
        "payments-queue-dev", "refunds-queue-dev", "disputes-queue-dev",
        "payments-dlq-dev", "refunds-dlq-dev", "disputes-dlq-dev",
        "event-router-failures-dev",
    }


@pytest.mark.parametrize(
    ("resource_type", "key", "name"),
    [
        (TF_RESOURCE_TYPE.DynamodbTable, "name", "transaction-events-dev"),
        (TF_RESOURCE_TYPE.LambdaFunction, "function_name", "webhook-validator-dev"),
        (TF_RESOURCE_TYPE.LambdaFunction, "function_name", "event-router-dev"),
        (TF_RESOURCE_TYPE.CloudwatchLogGroup, "name", "/aws/lambda/webhook-validator-dev"),
        (TF_RESOURCE_TYPE.CloudwatchLogGroup, "name", "/aws/lambda/event-router-dev"),
        (TF_RESOURCE_TYPE.ApiGatewayRestApi, "name", "webhook-api-dev"),
        (TF_RESOURCE_TYPE.SnsTopic, "name", "webhook-alarms-dev"),
        (TF_RESOURCE_TYPE.SecretsmanagerSecret, "name", "webhook-signing-secret-dev"),
    ],
)
def test_named_resource_exists(dev_json, resource_type, key, name):
    assert cdk.Testing.to_have_resource_with_properties(dev_json, resource_type, {key: name})


# --- Provider, state, tags -------------------------------------------------


def test_provider_defaults_to_us_east_1_with_default_tags(dev_json):
    assert cdk.Testing.to_have_provider_with_properties(
        dev_json,
        TF_RESOURCE_TYPE.AwsProvider,
        {
            "region": "us-east-1",
            "default_tags": [
                {"tags": {"Environment": "dev", "Project": "webhook-pipeline", "ManagedBy": "cdktf"}}
            ],
        },
    )


def test_local_state_path_is_relative(dev):
    path = dev["terraform"]["backend"]["local"]["path"]
    assert path == "../../../terraform.webhook-pipeline-dev.tfstate"


def test_nothing_is_retained_on_destroy(dev_json, dev):
    assert "prevent_destroy" not in dev_json
    assert only(dev, TF_RESOURCE_TYPE.DynamodbTable)["deletion_protection_enabled"] is False
    assert only(dev, TF_RESOURCE_TYPE.SecretsmanagerSecret)["recovery_window_in_days"] == 0


# --- DynamoDB ----------------------------------------------------------------


def test_dedup_table_settings(dev):
    table = only(dev, TF_RESOURCE_TYPE.DynamodbTable)
    assert table["billing_mode"] == "PAY_PER_REQUEST"
    assert table["hash_key"] == "event_id"
    assert table["attribute"] == [{"name": "event_id", "type": "S"}]  # ttl is not a key attribute
    assert table["ttl"] == {"attribute_name": "ttl", "enabled": True}
    assert table["point_in_time_recovery"] == {"enabled": True}
    assert table["server_side_encryption"] == {"enabled": True}


# --- SQS ---------------------------------------------------------------------


@pytest.mark.parametrize("route", ROUTES)
def test_primary_queue_settings_and_redrive(dev, route):
    queue = named(dev, TF_RESOURCE_TYPE.SqsQueue, f"{route}-queue-dev")
    assert queue["message_retention_seconds"] == 604_800
    assert queue["visibility_timeout_seconds"] == 300
    assert queue["sqs_managed_sse_enabled"] is True
    dlq = address(dev, TF_RESOURCE_TYPE.SqsQueue, f"{route}-dlq-dev")
    assert json.loads(queue["redrive_policy"]) == {
        "deadLetterTargetArn": ref(dlq, "arn"),
        "maxReceiveCount": 3,
    }


@pytest.mark.parametrize("name", [*(f"{r}-dlq-dev" for r in ROUTES), "event-router-failures-dev"])
def test_dead_letter_queues_keep_messages_14_days_encrypted(dev, name):
    queue = named(dev, TF_RESOURCE_TYPE.SqsQueue, name)
    assert queue["message_retention_seconds"] == 1_209_600
    assert queue["sqs_managed_sse_enabled"] is True
    assert "redrive_policy" not in queue


# --- Lambda ------------------------------------------------------------------


@pytest.mark.parametrize(("function_name", "timeout"), LAMBDAS.items())
def test_lambda_settings(dev, function_name, timeout):
    function = named(dev, TF_RESOURCE_TYPE.LambdaFunction, function_name, key="function_name")
    assert function["runtime"] == "python3.11"
    assert function["architectures"] == ["arm64"]
    assert function["tracing_config"] == {"mode": "Active"}
    assert function["memory_size"] == 256
    assert function["timeout"] == timeout
    assert function["handler"] == "handler.handler"
    assert "reserved_concurrent_executions" not in function  # dev does not ask for it
    assert function["source_code_hash"] in function["filename"]  # the asset's content hash


@pytest.mark.parametrize("function_name", LAMBDAS)
def test_lambda_depends_on_its_30_day_log_group(dev, function_name):
    function = named(dev, TF_RESOURCE_TYPE.LambdaFunction, function_name, key="function_name")
    group = named(dev, TF_RESOURCE_TYPE.CloudwatchLogGroup, f"/aws/lambda/{function_name}")
    assert group["retention_in_days"] == 30
    assert function["depends_on"] == [address(dev, TF_RESOURCE_TYPE.CloudwatchLogGroup, group["name"])]


def test_reserved_concurrency_where_the_environment_asks(synthesized):
    prod = json.loads(synthesized[("webhook-pipeline", "prod")])
    for function in resources(prod, TF_RESOURCE_TYPE.LambdaFunction):
        assert function["reserved_concurrent_executions"] == 10


def test_validator_environment(dev):
    function = named(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.validator_function, key="function_name")
    assert function["environment"]["variables"] == {
        "DYNAMODB_TABLE": ref(address(dev, TF_RESOURCE_TYPE.DynamodbTable, NAMES.dedup_table), "name"),
        "ROUTER_LAMBDA_NAME": ref(
            address(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.router_function, key="function_name"),
            "function_name",
        ),
        "WEBHOOK_SECRET_ARN": ref(
            address(dev, TF_RESOURCE_TYPE.SecretsmanagerSecret, NAMES.signing_secret), "arn"
        ),
        "METRICS_ENVIRONMENT": "dev",
    }


def test_router_environment(dev):
    function = named(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.router_function, key="function_name")
    assert function["environment"]["variables"] == {
        **{f"{route.upper()}_QUEUE_URL": ref(address(dev, TF_RESOURCE_TYPE.SqsQueue, f"{route}-queue-dev"), "url")
           for route in ROUTES},
        "METRICS_ENVIRONMENT": "dev",
    }


def test_router_async_invocations_retry_then_land_in_the_failure_queue(dev):
    config = only(dev, TF_RESOURCE_TYPE.LambdaFunctionEventInvokeConfig)
    router = address(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.router_function, key="function_name")
    failures = address(dev, TF_RESOURCE_TYPE.SqsQueue, NAMES.router_failures_queue)
    assert config["function_name"] == ref(router, "function_name")
    assert config["maximum_retry_attempts"] == 2
    assert config["maximum_event_age_in_seconds"] == 3600
    assert config["destination_config"] == {"on_failure": {"destination": ref(failures, "arn")}}
    # Lambda checks the role may send to the destination: the config waits for that grant
    send_failures = address(dev, TF_RESOURCE_TYPE.IamRolePolicy, "send-router-failures")
    assert send_failures in config["depends_on"]


# --- IAM: least privilege ------------------------------------------------------


def role_statements(tf: dict, function_name: str) -> list[dict]:
    role = address(tf, TF_RESOURCE_TYPE.IamRole, f"{function_name}-role")
    return [
        statement
        for attached in resources(tf, TF_RESOURCE_TYPE.IamRolePolicy)
        if attached["role"] == ref(role, "id")
        for statement in policy(attached)["Statement"]
    ]


def allowed(statements: list[dict]) -> dict[str, set[str]]:
    """action -> resources it is allowed on."""
    grants: dict[str, set[str]] = {}
    for statement in statements:
        assert statement["Effect"] == "Allow"
        for action in statement["Action"]:
            grants.setdefault(action, set()).update(statement["Resource"])
    return grants


def test_lambda_roles_are_assumable_by_lambda_only(dev):
    for function_name in LAMBDAS:
        role = named(dev, TF_RESOURCE_TYPE.IamRole, f"{function_name}-role")
        assert policy(role, "assume_role_policy")["Statement"] == [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]


def test_validator_may_claim_invoke_the_router_and_read_its_secret_only(dev):
    table = ref(address(dev, TF_RESOURCE_TYPE.DynamodbTable, NAMES.dedup_table), "arn")
    router = ref(address(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.router_function, key="function_name"), "arn")
    secret = ref(address(dev, TF_RESOURCE_TYPE.SecretsmanagerSecret, NAMES.signing_secret), "arn")
    logs = ref(address(dev, TF_RESOURCE_TYPE.CloudwatchLogGroup, log_group_name(NAMES.validator_function)), "arn")
    assert allowed(role_statements(dev, NAMES.validator_function)) == {
        "dynamodb:PutItem": {table},
        "dynamodb:UpdateItem": {table},
        "dynamodb:DeleteItem": {table},
        "lambda:InvokeFunction": {router},
        "secretsmanager:GetSecretValue": {secret},
        "logs:CreateLogStream": {f"{logs}:*"},
        "logs:PutLogEvents": {f"{logs}:*"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_router_may_send_to_its_queues_and_failure_queue_only(dev):
    queues = {
        ref(address(dev, TF_RESOURCE_TYPE.SqsQueue, name), "arn")
        for name in [*(f"{r}-queue-dev" for r in ROUTES), NAMES.router_failures_queue]
    }
    logs = ref(address(dev, TF_RESOURCE_TYPE.CloudwatchLogGroup, log_group_name(NAMES.router_function)), "arn")
    assert allowed(role_statements(dev, NAMES.router_function)) == {
        "sqs:SendMessage": queues,
        "logs:CreateLogStream": {f"{logs}:*"},
        "logs:PutLogEvents": {f"{logs}:*"},
        "xray:PutTraceSegments": {"*"},
        "xray:PutTelemetryRecords": {"*"},
    }


def test_api_gateway_may_invoke_the_validator_only_for_post_webhook(dev):
    permission = only(dev, TF_RESOURCE_TYPE.LambdaPermission)
    api = address(dev, TF_RESOURCE_TYPE.ApiGatewayRestApi, NAMES.rest_api)
    validator = address(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.validator_function, key="function_name")
    assert permission["principal"] == "apigateway.amazonaws.com"
    assert permission["action"] == "lambda:InvokeFunction"
    assert permission["function_name"] == ref(validator, "function_name")
    assert permission["source_arn"] == f"{ref(api, 'execution_arn')}/*/POST/webhook"


# --- API Gateway ---------------------------------------------------------------


def test_post_webhook_is_a_validated_lambda_proxy(dev):
    assert only(dev, TF_RESOURCE_TYPE.ApiGatewayResource)["path_part"] == "webhook"
    method = only(dev, TF_RESOURCE_TYPE.ApiGatewayMethod)
    validator = only(dev, TF_RESOURCE_TYPE.ApiGatewayRequestValidator)
    model = only(dev, TF_RESOURCE_TYPE.ApiGatewayModel)
    integration = only(dev, TF_RESOURCE_TYPE.ApiGatewayIntegration)
    function = address(dev, TF_RESOURCE_TYPE.LambdaFunction, NAMES.validator_function, key="function_name")
    assert method["http_method"] == "POST"
    model_ref = ref(address(dev, TF_RESOURCE_TYPE.ApiGatewayModel, model["name"]), "name")
    assert method["request_models"] == {"application/json": model_ref}
    assert method["request_validator_id"] == ref(
        address(dev, TF_RESOURCE_TYPE.ApiGatewayRequestValidator, validator["name"]), "id"
    )
    assert method["authorization"] == "NONE"  # deliveries are signed; the validator checks
    assert validator["validate_request_body"] is True
    assert model["name"].isalnum()
    assert integration["type"] == "AWS_PROXY"
    assert integration["integration_http_method"] == "POST"
    assert integration["uri"] == ref(function, "invoke_arn")


def test_api_model_is_the_validators_schema(dev):
    model = only(dev, TF_RESOURCE_TYPE.ApiGatewayModel)
    schema = json.loads(model["schema"])
    assert schema == json.loads(EVENT_SCHEMA_PATH.read_text())
    assert schema["required"] == ["event_id", "transaction_type", "amount", "timestamp"]


def test_api_errors_keep_the_lambdas_json_error_shape(dev):
    responses = {r["response_type"]: r for r in resources(dev, TF_RESOURCE_TYPE.ApiGatewayGatewayResponse)}
    assert set(responses) == {"BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX"}
    assert responses["BAD_REQUEST_BODY"]["status_code"] == "400"
    for response in responses.values():
        assert response["response_templates"] == {"application/json": '{"error": $context.error.messageString}'}
        assert response["response_parameters"] == {"gatewayresponse.header.Content-Type": "'application/json'"}


def test_stage_prod_traces_and_throttles(dev):
    stage = only(dev, TF_RESOURCE_TYPE.ApiGatewayStage)
    assert stage["stage_name"] == "prod"
    assert stage["xray_tracing_enabled"] is True
    settings = only(dev, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)
    assert settings["method_path"] == "*/*"
    assert settings["settings"]["throttling_burst_limit"] == 1000
    assert settings["settings"]["throttling_rate_limit"] == 1000
    assert settings["settings"]["caching_enabled"] is False


def test_stage_writes_json_access_logs_and_execution_logs_without_bodies(dev):
    stage = only(dev, TF_RESOURCE_TYPE.ApiGatewayStage)
    access = address(dev, TF_RESOURCE_TYPE.CloudwatchLogGroup, "/aws/apigateway/webhook-api-dev/access")
    assert stage["access_log_settings"]["destination_arn"] == ref(access, "arn")
    log_line = stage["access_log_settings"]["format"].replace("$context.error.messageString", '"x"')
    assert json.loads(log_line)["requestId"] == "$context.requestId"
    api = address(dev, TF_RESOURCE_TYPE.ApiGatewayRestApi, NAMES.rest_api)
    execution = address(
        dev, TF_RESOURCE_TYPE.CloudwatchLogGroup, f"API-Gateway-Execution-Logs_{ref(api, 'id')}/prod"
    )
    assert stage["depends_on"] == [execution]
    settings = only(dev, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["settings"]
    assert (settings["logging_level"], settings["metrics_enabled"], settings["data_trace_enabled"]) == (
        "INFO", True, False,
    )
    assert {g["retention_in_days"] for g in resources(dev, TF_RESOURCE_TYPE.CloudwatchLogGroup)} == {30}


def test_deployment_is_keyed_on_the_definition_never_a_timestamp(dev):
    deployment = only(dev, TF_RESOURCE_TYPE.ApiGatewayDeployment)
    triggers = deployment["triggers"]
    assert set(triggers) == {"definition", "resources"}
    assert len(triggers["definition"]) == 64 and int(triggers["definition"], 16) >= 0
    assert triggers["resources"].startswith("${sha1(jsonencode(")
    assert "timestamp" not in json.dumps(deployment)
    assert deployment["lifecycle"] == {"create_before_destroy": True}


# --- Alarms ----------------------------------------------------------------------


def test_alarms_notify_the_topic_and_ignore_missing_data(dev):
    topic = ref(address(dev, TF_RESOURCE_TYPE.SnsTopic, NAMES.alarm_topic), "arn")
    alarms = resources(dev, TF_RESOURCE_TYPE.CloudwatchMetricAlarm)
    # 4 DLQs, 3 oldest-message, 2 functions x (errors, throttles), API 5XX
    assert len(alarms) == 4 + 3 + 4 + 1
    for alarm in alarms:
        assert alarm["alarm_actions"] == [topic]
        assert alarm["treat_missing_data"] == "notBreaching"


# --- Outputs ---------------------------------------------------------------------


def test_outputs(dev):
    outputs = dev["output"]
    stage = address(dev, TF_RESOURCE_TYPE.ApiGatewayStage, "prod", key="stage_name")
    assert set(outputs) == {
        "api_endpoint", "validator_lambda_arn", "router_lambda_arn",
        "payments_queue_url", "refunds_queue_url", "disputes_queue_url", "dynamodb_table_name",
    }
    assert outputs["api_endpoint"]["value"] == f"{ref(stage, 'invoke_url')}/webhook"
    assert outputs["dynamodb_table_name"]["value"] == ref(
        address(dev, TF_RESOURCE_TYPE.DynamodbTable, NAMES.dedup_table), "name"
    )
    for route in ROUTES:
        queue = address(dev, TF_RESOURCE_TYPE.SqsQueue, f"{route}-queue-dev")
        assert outputs[f"{route}_queue_url"]["value"] == ref(queue, "url")


# --- Addresses of an existing deployment ------------------------------------------


def test_every_earlier_address_is_moved_to_a_resource_of_the_stack(dev):
    from stacks.webhook_pipeline.moves import EARLIER_ADDRESSES  # noqa: PLC0415

    moves = {move["from"]: move["to"] for move in dev["moved"]}
    assert set(moves) == set(EARLIER_ADDRESSES.values())
    for target in moves.values():
        resource_type, _, name = target.partition(".")
        assert name in dev["resource"][resource_type], target


@pytest.mark.parametrize("stateful", ["aws_dynamodb_table", "aws_sqs_queue", "aws_secretsmanager_secret", "aws_cloudwatch_log_group"])
def test_stateful_resources_keep_or_move_from_their_earlier_addresses(dev, stateful):
    from stacks.webhook_pipeline.moves import EARLIER_ADDRESSES  # noqa: PLC0415

    # The addresses of the last release before the construct library took several systems (commit 140f9fd).
    earlier = {
        "aws_dynamodb_table": {"dedup_table_E2283209"},
        "aws_sqs_queue": {
            "routed_payments-queue_7B1238D5", "routed_refunds-queue_5110AC10", "routed_disputes-queue_310DAF43",
            "routed_payments-dlq_queue_CA777D75", "routed_refunds-dlq_queue_D7164DAD", "routed_disputes-dlq_queue_5E941F79",
            "router-failures_queue_CBBC4D8D",
        },
        "aws_secretsmanager_secret": {"signing-secret"},
        "aws_cloudwatch_log_group": {
            "validator_log-group_5C758454", "router_log-group_E9533B4F",
            "webhook-api_access-logs_A147B97D", "webhook-api_execution-logs_32303884",
        },
    }[stateful]
    moved_from = {address.partition(".")[2] for address in EARLIER_ADDRESSES.values() if address.startswith(f"{stateful}.")}
    assert earlier - moved_from <= set(dev["resource"][stateful]), "a stateful resource lost its address without a move"


@pytest.mark.parametrize("route", ROUTES)
def test_each_dlq_accepts_only_its_own_queue_as_a_source(dev, route):
    queue = address(dev, TF_RESOURCE_TYPE.SqsQueue, f"{route}-queue-dev")
    dlq = address(dev, TF_RESOURCE_TYPE.SqsQueue, f"{route}-dlq-dev")
    [allow] = [p for p in resources(dev, "aws_sqs_queue_redrive_allow_policy") if p["queue_url"] == ref(dlq, "url")]
    assert json.loads(allow["redrive_allow_policy"]) == {"redrivePermission": "byQueue", "sourceQueueArns": [ref(queue, "arn")]}
