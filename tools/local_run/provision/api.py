"""Creators for REST APIs: every part is created on moto (ids, keys with their values), and served locally.

The rest API's creator binds its ApiServer into the stack's wiring (the
stage's invoke_url is that server's URL); `serve_apis` builds each API's
routes from the created parts once the stack is done (apigateway/model.py)
and gives it the values of the keys that usage plans attach to its stage.
"""

from tools.local_run.apigateway.model import build_api
from tools.local_run.apigateway.server import ApiServer
from tools.local_run.constants import ACCOUNT_ID
from tools.local_run.provision.stack_run import Cloud, Creator, StackRun
from tools.local_run.tf_model import Resource

CAMEL = {"api_key_required": "apiKeyRequired", "request_parameters": "requestParameters",
         "request_models": "requestModels", "request_validator_id": "requestValidatorId"}


def rest_api(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    types = (settings.get("endpoint_configuration") or {}).get("types") or ["EDGE"]
    api = cloud.clients("apigateway").create_rest_api(name=settings["name"], endpointConfiguration={"types": types},
                                                      description=settings.get("description", ""))
    run.wiring.apis[api["id"]] = ApiServer(cloud.functions)
    execution_arn = f"arn:aws:execute-api:{run.region}:{ACCOUNT_ID}:{api['id']}"
    return {"id": api["id"], "root_resource_id": api["rootResourceId"], "name": settings["name"],
            "execution_arn": execution_arn, "arn": f"arn:aws:apigateway:{run.region}::/restapis/{api['id']}"}


def api_resource(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    created = cloud.clients("apigateway").create_resource(
        restApiId=settings["rest_api_id"], parentId=settings["parent_id"], pathPart=settings["path_part"])
    return {"id": created["id"], "path": created["path"], "path_part": settings["path_part"]}


def api_method(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    options = {CAMEL[name]: value for name, value in settings.items() if name in CAMEL and value is not None}
    cloud.clients("apigateway").put_method(restApiId=settings["rest_api_id"], resourceId=settings["resource_id"],
                                           httpMethod=settings["http_method"],
                                           authorizationType=settings.get("authorization", "NONE"), **options)
    method_id = f"agm-{settings['rest_api_id']}-{settings['resource_id']}-{settings['http_method']}"
    return {"id": method_id, "http_method": settings["http_method"]}


def api_integration(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    cloud.clients("apigateway").put_integration(
        restApiId=settings["rest_api_id"], resourceId=settings["resource_id"], httpMethod=settings["http_method"],
        type=settings["type"], integrationHttpMethod=settings.get("integration_http_method", "POST"),
        uri=settings.get("uri", ""))
    return {"id": f"agi-{settings['rest_api_id']}-{settings['resource_id']}-{settings['http_method']}"}


def api_model(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    created = cloud.clients("apigateway").create_model(restApiId=settings["rest_api_id"], name=settings["name"],
                                                       contentType=settings["content_type"], schema=settings["schema"])
    return {"id": created["id"], "name": settings["name"]}


def request_validator(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    created = cloud.clients("apigateway").create_request_validator(
        restApiId=settings["rest_api_id"], name=settings["name"],
        validateRequestBody=bool(settings.get("validate_request_body")),
        validateRequestParameters=bool(settings.get("validate_request_parameters")))
    return {"id": created["id"]}


def gateway_response(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    options = {"statusCode": settings["status_code"]} if settings.get("status_code") else {}
    cloud.clients("apigateway").put_gateway_response(
        restApiId=settings["rest_api_id"], responseType=settings["response_type"],
        responseParameters=settings.get("response_parameters") or {},
        responseTemplates=settings.get("response_templates") or {}, **options)
    return {"id": f"aggr-{settings['rest_api_id']}-{settings['response_type']}"}


def deployment(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    created = cloud.clients("apigateway").create_deployment(restApiId=settings["rest_api_id"])
    return {"id": created["id"]}


def stage(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    api_id, name = settings["rest_api_id"], settings["stage_name"]
    cloud.clients("apigateway").create_stage(restApiId=api_id, stageName=name, deploymentId=settings["deployment_id"],
                                             tracingEnabled=bool(settings.get("xray_tracing_enabled")))
    execution_arn = f"arn:aws:execute-api:{run.region}:{ACCOUNT_ID}:{api_id}/{name}"
    return {"id": f"ags-{api_id}-{name}", "stage_name": name, "invoke_url": f"{run.wiring.apis[api_id].url}/{name}",
            "execution_arn": execution_arn, "arn": f"arn:aws:apigateway:{run.region}::/restapis/{api_id}/stages/{name}"}


def api_key(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    options = {"value": settings["value"]} if settings.get("value") else {}
    created = cloud.clients("apigateway").create_api_key(name=settings["name"], enabled=settings.get("enabled", True),
                                                         **options)
    return {"id": created["id"], "name": settings["name"], "value": created["value"],
            "arn": f"arn:aws:apigateway:{run.region}::/apikeys/{created['id']}"}


def usage_plan(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    stages = [{"apiId": s["api_id"], "stage": s["stage"]} for s in settings.get("api_stages", [])]
    options = {}
    if settings.get("throttle_settings"):
        throttle = settings["throttle_settings"]
        options["throttle"] = {"burstLimit": throttle.get("burst_limit", 0), "rateLimit": throttle.get("rate_limit", 0)}
    if settings.get("quota_settings"):
        quota = settings["quota_settings"]
        options["quota"] = {"limit": quota["limit"], "period": quota["period"], "offset": quota.get("offset", 0)}
    created = cloud.clients("apigateway").create_usage_plan(name=settings["name"], apiStages=stages, **options)
    return {"id": created["id"], "name": settings["name"]}


def usage_plan_key(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    created = cloud.clients("apigateway").create_usage_plan_key(
        usagePlanId=settings["usage_plan_id"], keyId=settings["key_id"], keyType=settings.get("key_type", "API_KEY"))
    return {"id": created["id"]}


def stage_keys(cloud: Cloud, api_id: str, stage_name: str) -> set[str]:
    """The values of the enabled keys that a usage plan attaches to this API's stage (what API Gateway accepts)."""
    apigateway, values = cloud.clients("apigateway"), set()
    for plan in apigateway.get_usage_plans()["items"]:
        if any(s["apiId"] == api_id and s["stage"] == stage_name for s in plan.get("apiStages", [])):
            for key in apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]:
                full = apigateway.get_api_key(apiKey=key["id"], includeValue=True)
                if full.get("enabled"):
                    values.add(full["value"])
    return values


def serve_apis(cloud: Cloud, run: StackRun) -> None:
    for address, attributes in run.attributes.items():
        if address.startswith("aws_api_gateway_rest_api."):
            server = run.wiring.apis[attributes["id"]]
            server.api = build_api(attributes, run.settings, run.attributes)
            server.api.api_keys = stage_keys(cloud, attributes["id"], server.api.stage)
            server.start()


CREATORS: dict[str, Creator] = {
    "aws_api_gateway_rest_api": rest_api,
    "aws_api_gateway_resource": api_resource,
    "aws_api_gateway_method": api_method,
    "aws_api_gateway_integration": api_integration,
    "aws_api_gateway_model": api_model,
    "aws_api_gateway_request_validator": request_validator,
    "aws_api_gateway_gateway_response": gateway_response,
    "aws_api_gateway_deployment": deployment,
    "aws_api_gateway_stage": stage,
    "aws_api_gateway_api_key": api_key,
    "aws_api_gateway_usage_plan": usage_plan,
    "aws_api_gateway_usage_plan_key": usage_plan_key,
}
