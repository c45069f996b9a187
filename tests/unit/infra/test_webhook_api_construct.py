"""WebhookApi: documented defaults, forced settings, redeploy trigger, props checks."""

import json

import pytest
from cdktf_cdktf_provider_aws.api_gateway_deployment import ApiGatewayDeployment
from cdktf_cdktf_provider_aws.api_gateway_method_settings import ApiGatewayMethodSettings
from cdktf_cdktf_provider_aws.api_gateway_model import ApiGatewayModel
from cdktf_cdktf_provider_aws.api_gateway_resource import ApiGatewayResource
from cdktf_cdktf_provider_aws.api_gateway_rest_api import ApiGatewayRestApi
from cdktf_cdktf_provider_aws.api_gateway_stage import ApiGatewayStage
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission
from tf_json import only, resources, synth_construct

from constructs_lib.webhook_api import ExecutionLogging, WebhookApi, WebhookApiProps, definition_hash

SCHEMA = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}


def props(**overrides) -> WebhookApiProps:
    return WebhookApiProps(
        **{
            "api_name": "api-test",
            "function_name": "fn",
            "function_invoke_arn": "arn:aws:apigateway:us-east-1:lambda:path/fn/invocations",
            "request_schema": SCHEMA,
            **overrides,
        }
    )


@pytest.fixture(scope="module")
def defaults() -> dict:
    return synth_construct(lambda stack: WebhookApi(stack, "api", props()))


def test_default_path_stage_and_model(defaults):
    assert only(defaults, ApiGatewayResource.TF_RESOURCE_TYPE)["path_part"] == "webhook"
    assert only(defaults, ApiGatewayStage.TF_RESOURCE_TYPE)["stage_name"] == "prod"
    model = only(defaults, ApiGatewayModel.TF_RESOURCE_TYPE)
    assert model["name"] == "WebhookEvent"
    assert json.loads(model["schema"]) == SCHEMA


def test_default_throttling_is_burst_1000_rate_1000(defaults):
    settings = only(defaults, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]
    assert settings["throttling_burst_limit"] == 1000
    assert settings["throttling_rate_limit"] == 1000


def test_forced_regional_endpoint_and_xray(defaults):
    assert only(defaults, ApiGatewayRestApi.TF_RESOURCE_TYPE)["endpoint_configuration"] == {"types": ["REGIONAL"]}
    assert only(defaults, ApiGatewayStage.TF_RESOURCE_TYPE)["xray_tracing_enabled"] is True


def test_invoke_permission_is_scoped_to_the_method(defaults):
    permission = only(defaults, LambdaPermission.TF_RESOURCE_TYPE)
    assert permission["source_arn"].endswith("/*/POST/webhook")
    assert permission["function_name"] == "fn"


def test_overrides_apply():
    tf = synth_construct(
        lambda stack: WebhookApi(
            stack, "api", props(path_part="hooks", stage_name="v1", throttling_burst_limit=5, throttling_rate_limit=2)
        )
    )
    assert only(tf, ApiGatewayResource.TF_RESOURCE_TYPE)["path_part"] == "hooks"
    assert only(tf, ApiGatewayStage.TF_RESOURCE_TYPE)["stage_name"] == "v1"
    assert only(tf, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]["throttling_burst_limit"] == 5
    assert only(tf, LambdaPermission.TF_RESOURCE_TYPE)["source_arn"].endswith("/*/POST/hooks")


def test_a_schema_change_changes_the_deployment_trigger(defaults):
    changed_schema = {**SCHEMA, "required": ["id", "amount"]}
    changed = synth_construct(lambda stack: WebhookApi(stack, "api", props(request_schema=changed_schema)))
    before = only(defaults, ApiGatewayDeployment.TF_RESOURCE_TYPE)["triggers"]["definition"]
    after = only(changed, ApiGatewayDeployment.TF_RESOURCE_TYPE)["triggers"]["definition"]
    assert before == definition_hash(props())
    assert after != before


def test_the_same_definition_gives_the_same_trigger(defaults):
    again = synth_construct(lambda stack: WebhookApi(stack, "api", props()))
    assert only(again, ApiGatewayDeployment.TF_RESOURCE_TYPE) == only(defaults, ApiGatewayDeployment.TF_RESOURCE_TYPE)


def test_every_props_problem_is_reported_at_once():
    bad = props(model_name="Webhook-Event-dev", path_part="a/b", stage_name="pr-42", request_schema={})
    with pytest.raises(ValueError) as error:
        synth_construct(lambda stack: WebhookApi(stack, "api", bad))
    for fragment in ("model_name must be alphanumeric", "path_part", "stage_name", "required fields"):
        assert fragment in str(error.value)


def test_default_logging_info_with_30_day_log_groups_and_no_data_trace(defaults):
    settings = only(defaults, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]
    assert (settings["logging_level"], settings["data_trace_enabled"], settings["metrics_enabled"]) == (
        "INFO", False, True,
    )
    groups = {g["name"]: g["retention_in_days"] for g in resources(defaults, CloudwatchLogGroup.TF_RESOURCE_TYPE)}
    assert groups["/aws/apigateway/api-test/access"] == 30
    assert len(groups) == 2  # access logs and execution logs


def test_execution_logging_level_and_retention_apply():
    tf = synth_construct(
        lambda stack: WebhookApi(
            stack, "api", props(execution_logging=ExecutionLogging.ERROR, log_retention_days=90)
        )
    )
    assert only(tf, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]["logging_level"] == "ERROR"
    assert {g["retention_in_days"] for g in resources(tf, CloudwatchLogGroup.TF_RESOURCE_TYPE)} == {90}


def test_depend_on_delays_stage_and_method_settings():
    def build(stack):
        api = WebhookApi(stack, "api", props())
        api.depend_on(CloudwatchLogGroup(stack, "prerequisite", name="x"))

    tf = synth_construct(build)
    assert "aws_cloudwatch_log_group.prerequisite" in only(tf, ApiGatewayStage.TF_RESOURCE_TYPE)["depends_on"]
    assert only(tf, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["depends_on"] == ["aws_cloudwatch_log_group.prerequisite"]
