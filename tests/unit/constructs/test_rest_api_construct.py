"""RestApi: routes with path parameters, API keys and a usage plan, defaults, forced settings, checks."""

import json
from types import SimpleNamespace

import pytest
from tests.fixtures.tf_json import address, only, resources, synth_construct

from constructs_lib import cdk
from constructs_lib.cdk import TF_RESOURCE_TYPE
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
    model = only(defaults, TF_RESOURCE_TYPE.ApiGatewayModel)
    assert (model["name"], json.loads(model["schema"])) == ("Event", SCHEMA)
    validator = only(defaults, TF_RESOURCE_TYPE.ApiGatewayRequestValidator)
    assert (validator["name"], validator["validate_request_body"]) == ("body", True)
    method = only(defaults, TF_RESOURCE_TYPE.ApiGatewayMethod)
    assert method["request_models"] == {"application/json": f"${{{address(defaults, TF_RESOURCE_TYPE.ApiGatewayModel, 'Event')}.name}}"}
    assert (method["http_method"], method["authorization"]) == ("POST", "NONE")
    assert "api_key_required" not in method


def test_default_logging_info_with_30_day_log_groups_and_no_data_trace(defaults):
    settings = only(defaults, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["settings"]
    assert (settings["logging_level"], settings["data_trace_enabled"], settings["metrics_enabled"]) == ("INFO", False, True)
    assert settings["caching_enabled"] is False
    groups = {g["name"]: g["retention_in_days"] for g in resources(defaults, TF_RESOURCE_TYPE.CloudwatchLogGroup)}
    assert groups["/aws/apigateway/api-test/access"] == 30
    assert len(groups) == 2  # access logs and execution logs


def test_default_has_no_usage_plan(defaults):
    assert resources(defaults, TF_RESOURCE_TYPE.ApiGatewayUsagePlan) == []
    assert resources(defaults, TF_RESOURCE_TYPE.ApiGatewayApiKey) == []


def test_forced_regional_endpoint_xray_and_json_gateway_responses(defaults):
    assert only(defaults, TF_RESOURCE_TYPE.ApiGatewayRestApi)["endpoint_configuration"] == {"types": ["REGIONAL"]}
    assert only(defaults, TF_RESOURCE_TYPE.ApiGatewayStage)["xray_tracing_enabled"] is True
    responses = {r["response_type"]: r for r in resources(defaults, TF_RESOURCE_TYPE.ApiGatewayGatewayResponse)}
    assert set(responses) == {"BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX"}
    for response in responses.values():
        assert response["response_templates"] == {"application/json": '{"error": $context.error.messageString}'}


def test_throttling_applies_to_every_method(keyed):
    settings = only(keyed, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)
    assert settings["method_path"] == "*/*"
    assert (settings["settings"]["throttling_burst_limit"], settings["settings"]["throttling_rate_limit"]) == (1000, 1000)


def test_each_route_has_its_own_method_integration_and_scoped_permission(keyed):
    methods = resources(keyed, TF_RESOURCE_TYPE.ApiGatewayMethod)
    assert sorted(m["http_method"] for m in methods) == ["GET", "GET", "POST"]
    sources = sorted(p["source_arn"].split("}", 1)[1] for p in resources(keyed, TF_RESOURCE_TYPE.LambdaPermission))
    assert sources == ["/*/GET/status/*", "/*/GET/uploads/*", "/*/POST/upload"]
    statement_ids = {p["statement_id"] for p in resources(keyed, TF_RESOURCE_TYPE.LambdaPermission)}
    assert len(statement_ids) == 3


def test_the_path_tree_has_one_resource_per_prefix(keyed):
    parts = sorted(r["path_part"] for r in resources(keyed, TF_RESOURCE_TYPE.ApiGatewayResource))
    assert parts == ["status", "upload", "uploads", "{transaction_id}", "{upload_id}"]
    status = address(keyed, TF_RESOURCE_TYPE.ApiGatewayResource, "status", key="path_part")
    param = [r for r in resources(keyed, TF_RESOURCE_TYPE.ApiGatewayResource) if r["path_part"] == "{transaction_id}"][0]
    assert param["parent_id"] == f"${{{status}.id}}"


def test_path_parameters_are_required_and_validated(keyed):
    parameters = sorted(json.dumps(m.get("request_parameters")) for m in resources(keyed, TF_RESOURCE_TYPE.ApiGatewayMethod))
    assert parameters == [
        "null",  # POST /upload has no parameter
        '{"method.request.path.transaction_id": true}',
        '{"method.request.path.upload_id": true}',
    ]
    validator = only(keyed, TF_RESOURCE_TYPE.ApiGatewayRequestValidator)
    assert (validator["name"], validator["validate_request_parameters"]) == ("parameters", True)
    assert "validate_request_body" not in validator


def test_routes_that_need_a_key_require_it(keyed):
    assert {m["api_key_required"] for m in resources(keyed, TF_RESOURCE_TYPE.ApiGatewayMethod)} == {True}


def test_the_usage_plan_covers_the_stage_with_one_key(keyed):
    plan = only(keyed, TF_RESOURCE_TYPE.ApiGatewayUsagePlan)
    stage = address(keyed, TF_RESOURCE_TYPE.ApiGatewayStage, "v1", key="stage_name")
    assert plan["name"] == "plan"
    assert plan["api_stages"] == [{"api_id": f"${{{address(keyed, TF_RESOURCE_TYPE.ApiGatewayRestApi, 'api-test')}.id}}",
                                   "stage": f"${{{stage}.stage_name}}"}]
    assert plan["throttle_settings"] == {"rate_limit": 50, "burst_limit": 5}
    assert plan["quota_settings"] == {"limit": 1000, "period": "DAY"}
    key = only(keyed, TF_RESOURCE_TYPE.ApiGatewayApiKey)
    assert key == {"name": "key", "enabled": True}  # API Gateway generates the value
    plan_key = only(keyed, TF_RESOURCE_TYPE.ApiGatewayUsagePlanKey)
    assert plan_key["key_type"] == "API_KEY"


def test_a_route_needing_a_key_without_a_usage_plan_is_refused():
    with pytest.raises(ValueError, match=r"POST /upload requires an API key, but there is no usage_plan"):
        synth_construct(lambda stack: RestApi(stack, "api", props(routes=KEYED_ROUTES)))


def test_a_definition_change_changes_the_deployment_trigger(defaults):
    changed_schema = {**SCHEMA, "required": ["id", "amount"]}
    changed = props(routes=[LambdaRoute("POST", "/webhook", FN, body_schema=changed_schema, model_name="Event")])
    before = only(defaults, TF_RESOURCE_TYPE.ApiGatewayDeployment)["triggers"]["definition"]
    after = only(synth_construct(lambda stack: RestApi(stack, "api", changed)), TF_RESOURCE_TYPE.ApiGatewayDeployment)
    assert before == definition_hash(props())
    assert after["triggers"]["definition"] != before
    with_key = props(routes=[LambdaRoute("POST", "/webhook", FN, body_schema=SCHEMA, model_name="Event", api_key_required=True)])
    assert definition_hash(with_key) != before


def test_the_same_definition_gives_the_same_trigger(defaults):
    again = synth_construct(lambda stack: RestApi(stack, "api", props()))
    assert only(again, TF_RESOURCE_TYPE.ApiGatewayDeployment) == only(defaults, TF_RESOURCE_TYPE.ApiGatewayDeployment)


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
    assert only(tf, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["settings"]["logging_level"] == "ERROR"
    assert {g["retention_in_days"] for g in resources(tf, TF_RESOURCE_TYPE.CloudwatchLogGroup)} == {90}


def test_depend_on_delays_stage_and_method_settings():
    def build(stack):
        api = RestApi(stack, "api", props())
        api.depend_on(cdk.CloudwatchLogGroup(stack, "prerequisite", name="x"))

    tf = synth_construct(build)
    assert "aws_cloudwatch_log_group.prerequisite" in only(tf, TF_RESOURCE_TYPE.ApiGatewayStage)["depends_on"]
    assert only(tf, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["depends_on"] == ["aws_cloudwatch_log_group.prerequisite"]
