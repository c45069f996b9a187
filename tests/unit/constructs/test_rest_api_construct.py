"""RestApi: routes with path parameters, API keys and a usage plan, defaults, forced settings, checks."""

import json
from types import SimpleNamespace

import pytest
from cdktf_cdktf_provider_aws.api_gateway_api_key import ApiGatewayApiKey
from cdktf_cdktf_provider_aws.api_gateway_deployment import ApiGatewayDeployment
from cdktf_cdktf_provider_aws.api_gateway_gateway_response import ApiGatewayGatewayResponse
from cdktf_cdktf_provider_aws.api_gateway_method import ApiGatewayMethod
from cdktf_cdktf_provider_aws.api_gateway_method_settings import ApiGatewayMethodSettings
from cdktf_cdktf_provider_aws.api_gateway_model import ApiGatewayModel
from cdktf_cdktf_provider_aws.api_gateway_request_validator import ApiGatewayRequestValidator
from cdktf_cdktf_provider_aws.api_gateway_resource import ApiGatewayResource
from cdktf_cdktf_provider_aws.api_gateway_rest_api import ApiGatewayRestApi
from cdktf_cdktf_provider_aws.api_gateway_stage import ApiGatewayStage
from cdktf_cdktf_provider_aws.api_gateway_usage_plan import ApiGatewayUsagePlan
from cdktf_cdktf_provider_aws.api_gateway_usage_plan_key import ApiGatewayUsagePlanKey
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission
from tests.fixtures.tf_json import address, only, resources, synth_construct

from constructs_lib.defaults import ExecutionLogging
from constructs_lib.rest_api import LambdaRoute, RestApi, RestApiProps, definition_hash
from constructs_lib.usage_plan import UsagePlanProps

SCHEMA = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
FN = SimpleNamespace(function=SimpleNamespace(function_name="fn", invoke_arn="arn:aws:apigateway:us-east-1:lambda:path/fn/invocations"))
PLAN = UsagePlanProps(plan_name="plan", api_key_name="key", throttling_rate_limit=50, throttling_burst_limit=5, quota_per_day=1000)
ONE_ROUTE = [LambdaRoute("POST", "/webhook", FN, body_schema=SCHEMA, model_name="Event")]
KEYED_ROUTES = [
    LambdaRoute("POST", "/upload", FN, api_key_required=True),
    LambdaRoute("GET", "/status/{transaction_id}", FN, api_key_required=True),
    LambdaRoute("GET", "/uploads/{upload_id}", FN, api_key_required=True),
]


def props(**overrides) -> RestApiProps:
    return RestApiProps(
        **{
            "api_name": "api-test",
            "routes": ONE_ROUTE,
            "stage_name": "prod",
            "throttling_burst_limit": 1000,
            "throttling_rate_limit": 1000,
            **overrides,
        }
    )


@pytest.fixture(scope="module")
def defaults() -> dict:
    return synth_construct(lambda stack: RestApi(stack, "api", props()))


@pytest.fixture(scope="module")
def keyed() -> dict:
    return synth_construct(lambda stack: RestApi(stack, "api", props(routes=KEYED_ROUTES, stage_name="v1", usage_plan=PLAN)))


def test_a_body_route_validates_its_body_against_the_model(defaults):
    model = only(defaults, ApiGatewayModel.TF_RESOURCE_TYPE)
    assert (model["name"], json.loads(model["schema"])) == ("Event", SCHEMA)
    validator = only(defaults, ApiGatewayRequestValidator.TF_RESOURCE_TYPE)
    assert (validator["name"], validator["validate_request_body"]) == ("body", True)
    method = only(defaults, ApiGatewayMethod.TF_RESOURCE_TYPE)
    assert method["request_models"] == {"application/json": f"${{{address(defaults, ApiGatewayModel.TF_RESOURCE_TYPE, 'Event')}.name}}"}
    assert (method["http_method"], method["authorization"]) == ("POST", "NONE")
    assert "api_key_required" not in method


def test_default_logging_info_with_30_day_log_groups_and_no_data_trace(defaults):
    settings = only(defaults, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]
    assert (settings["logging_level"], settings["data_trace_enabled"], settings["metrics_enabled"]) == ("INFO", False, True)
    assert settings["caching_enabled"] is False
    groups = {g["name"]: g["retention_in_days"] for g in resources(defaults, CloudwatchLogGroup.TF_RESOURCE_TYPE)}
    assert groups["/aws/apigateway/api-test/access"] == 30
    assert len(groups) == 2  # access logs and execution logs


def test_default_has_no_usage_plan(defaults):
    assert resources(defaults, ApiGatewayUsagePlan.TF_RESOURCE_TYPE) == []
    assert resources(defaults, ApiGatewayApiKey.TF_RESOURCE_TYPE) == []


def test_forced_regional_endpoint_xray_and_json_gateway_responses(defaults):
    assert only(defaults, ApiGatewayRestApi.TF_RESOURCE_TYPE)["endpoint_configuration"] == {"types": ["REGIONAL"]}
    assert only(defaults, ApiGatewayStage.TF_RESOURCE_TYPE)["xray_tracing_enabled"] is True
    responses = {r["response_type"]: r for r in resources(defaults, ApiGatewayGatewayResponse.TF_RESOURCE_TYPE)}
    assert set(responses) == {"BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX"}
    for response in responses.values():
        assert response["response_templates"] == {"application/json": '{"error": $context.error.messageString}'}


def test_throttling_applies_to_every_method(keyed):
    settings = only(keyed, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)
    assert settings["method_path"] == "*/*"
    assert (settings["settings"]["throttling_burst_limit"], settings["settings"]["throttling_rate_limit"]) == (1000, 1000)


def test_each_route_has_its_own_method_integration_and_scoped_permission(keyed):
    methods = resources(keyed, ApiGatewayMethod.TF_RESOURCE_TYPE)
    assert sorted(m["http_method"] for m in methods) == ["GET", "GET", "POST"]
    sources = sorted(p["source_arn"].split("}", 1)[1] for p in resources(keyed, LambdaPermission.TF_RESOURCE_TYPE))
    assert sources == ["/*/GET/status/*", "/*/GET/uploads/*", "/*/POST/upload"]
    statement_ids = {p["statement_id"] for p in resources(keyed, LambdaPermission.TF_RESOURCE_TYPE)}
    assert len(statement_ids) == 3


def test_the_path_tree_has_one_resource_per_prefix(keyed):
    parts = sorted(r["path_part"] for r in resources(keyed, ApiGatewayResource.TF_RESOURCE_TYPE))
    assert parts == ["status", "upload", "uploads", "{transaction_id}", "{upload_id}"]
    status = address(keyed, ApiGatewayResource.TF_RESOURCE_TYPE, "status", key="path_part")
    param = [r for r in resources(keyed, ApiGatewayResource.TF_RESOURCE_TYPE) if r["path_part"] == "{transaction_id}"][0]
    assert param["parent_id"] == f"${{{status}.id}}"


def test_path_parameters_are_required_and_validated(keyed):
    parameters = sorted(json.dumps(m.get("request_parameters")) for m in resources(keyed, ApiGatewayMethod.TF_RESOURCE_TYPE))
    assert parameters == [
        "null",  # POST /upload has no parameter
        '{"method.request.path.transaction_id": true}',
        '{"method.request.path.upload_id": true}',
    ]
    validator = only(keyed, ApiGatewayRequestValidator.TF_RESOURCE_TYPE)
    assert (validator["name"], validator["validate_request_parameters"]) == ("parameters", True)
    assert "validate_request_body" not in validator


def test_routes_that_need_a_key_require_it(keyed):
    assert {m["api_key_required"] for m in resources(keyed, ApiGatewayMethod.TF_RESOURCE_TYPE)} == {True}


def test_the_usage_plan_covers_the_stage_with_one_key(keyed):
    plan = only(keyed, ApiGatewayUsagePlan.TF_RESOURCE_TYPE)
    stage = address(keyed, ApiGatewayStage.TF_RESOURCE_TYPE, "v1", key="stage_name")
    assert plan["name"] == "plan"
    assert plan["api_stages"] == [{"api_id": f"${{{address(keyed, ApiGatewayRestApi.TF_RESOURCE_TYPE, 'api-test')}.id}}",
                                   "stage": f"${{{stage}.stage_name}}"}]
    assert plan["throttle_settings"] == {"rate_limit": 50, "burst_limit": 5}
    assert plan["quota_settings"] == {"limit": 1000, "period": "DAY"}
    key = only(keyed, ApiGatewayApiKey.TF_RESOURCE_TYPE)
    assert key == {"name": "key", "enabled": True}  # API Gateway generates the value
    plan_key = only(keyed, ApiGatewayUsagePlanKey.TF_RESOURCE_TYPE)
    assert plan_key["key_type"] == "API_KEY"


def test_a_route_needing_a_key_without_a_usage_plan_is_refused():
    with pytest.raises(ValueError, match=r"POST /upload requires an API key, but there is no usage_plan"):
        synth_construct(lambda stack: RestApi(stack, "api", props(routes=KEYED_ROUTES)))


def test_a_definition_change_changes_the_deployment_trigger(defaults):
    changed_schema = {**SCHEMA, "required": ["id", "amount"]}
    changed = props(routes=[LambdaRoute("POST", "/webhook", FN, body_schema=changed_schema, model_name="Event")])
    before = only(defaults, ApiGatewayDeployment.TF_RESOURCE_TYPE)["triggers"]["definition"]
    after = only(synth_construct(lambda stack: RestApi(stack, "api", changed)), ApiGatewayDeployment.TF_RESOURCE_TYPE)
    assert before == definition_hash(props())
    assert after["triggers"]["definition"] != before
    with_key = props(routes=[LambdaRoute("POST", "/webhook", FN, body_schema=SCHEMA, model_name="Event", api_key_required=True)])
    assert definition_hash(with_key) != before


def test_the_same_definition_gives_the_same_trigger(defaults):
    again = synth_construct(lambda stack: RestApi(stack, "api", props()))
    assert only(again, ApiGatewayDeployment.TF_RESOURCE_TYPE) == only(defaults, ApiGatewayDeployment.TF_RESOURCE_TYPE)


def test_every_props_problem_is_reported_at_once():
    bad = props(
        routes=[
            LambdaRoute("POST", "/a", FN, body_schema=SCHEMA, model_name="Event-dev"),
            LambdaRoute("POST", "/a", FN),
            LambdaRoute("FETCH", "a/b c", FN),
            LambdaRoute("PUT", "/b", FN, body_schema={}, model_name="B"),
        ],
        stage_name="pr-42",
    )
    with pytest.raises(ValueError) as error:
        synth_construct(lambda stack: RestApi(stack, "api", bad))
    for fragment in ("alphanumeric model_name", "declared twice", "method must be one of", "path must be",
                     "required fields", "stage_name"):
        assert fragment in str(error.value)


def test_execution_logging_level_and_retention_apply():
    tf = synth_construct(lambda stack: RestApi(stack, "api", props(execution_logging=ExecutionLogging.ERROR, log_retention_days=90)))
    assert only(tf, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]["logging_level"] == "ERROR"
    assert {g["retention_in_days"] for g in resources(tf, CloudwatchLogGroup.TF_RESOURCE_TYPE)} == {90}


def test_depend_on_delays_stage_and_method_settings():
    def build(stack):
        api = RestApi(stack, "api", props())
        api.depend_on(CloudwatchLogGroup(stack, "prerequisite", name="x"))

    tf = synth_construct(build)
    assert "aws_cloudwatch_log_group.prerequisite" in only(tf, ApiGatewayStage.TF_RESOURCE_TYPE)["depends_on"]
    assert only(tf, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["depends_on"] == ["aws_cloudwatch_log_group.prerequisite"]
