"""A REST API as its stack declares it: routes (resource tree x methods), models, validators, keys, responses.

Built from the resolved settings of what provision/api.py created (so ids are
moto's), never from a second description: `aws_api_gateway_resource`
path_part/parent_id give the paths, `aws_api_gateway_method` the method,
API key requirement, request models and parameters, its validator what is
checked, `aws_api_gateway_integration` (AWS_PROXY) the function, and
`aws_api_gateway_gateway_response` how API Gateway's own refusals look.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tools.local_run.apigateway.json_schema import unsupported_keywords

INVOKE_ARN = re.compile(
    r"^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:lambda:path/2015-03-31/functions/(?P<function>.+)/invocations$"
)


@dataclass(frozen=True)
class Route:
    path: str  # the resource path API Gateway puts in `resource`: /status/{transaction_id}
    method: str  # GET, POST, ... or ANY
    resource_id: str
    function_arn: str
    api_key_required: bool = False
    models: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # content type -> JSON schema
    validate_body: bool = False
    validate_parameters: bool = False
    required_parameters: tuple[str, ...] = ()  # method.request.{path,querystring,header}.<name> marked true

    @property
    def segments(self) -> list[str]:
        return [part for part in self.path.split("/") if part]


@dataclass(frozen=True)
class GatewayResponse:
    status_code: str | None
    templates: Mapping[str, str]
    parameters: Mapping[str, str]


@dataclass
class ApiModel:
    name: str
    api_id: str
    stage: str
    routes: list[Route]
    responses: dict[str, GatewayResponse]  # response type -> declared response
    api_keys: set[str] = field(default_factory=set)  # values of the enabled keys of usage plans on this stage


Settings = Mapping[str, Mapping[str, Any]]  # address -> resolved settings, or address -> created attributes


def _for_api(resolved: Settings, type_: str, api_id: str) -> dict[str, Mapping[str, Any]]:
    return {address: body for address, body in resolved.items()
            if address.startswith(type_ + ".") and body.get("rest_api_id") == api_id}


def resource_paths(resources: Mapping[str, Mapping[str, str]], root_id: str) -> dict[str, str]:
    """resource id -> its full path; `resources`: resource id -> its parent_id and path_part."""
    parent_and_part = {resource_id: (body["parent_id"], body["path_part"]) for resource_id, body in resources.items()}
    paths = {root_id: "/"}

    def path_of(resource_id: str) -> str:
        if resource_id not in paths:
            parent, part = parent_and_part[resource_id]
            paths[resource_id] = path_of(parent).rstrip("/") + "/" + part
        return paths[resource_id]

    for resource_id in parent_and_part:
        path_of(resource_id)
    return paths


def build_api(api: Mapping[str, Any], resolved: Settings, created: Settings) -> ApiModel:
    """`api`: the created REST API's attributes; ids of its parts from `created`, their settings from `resolved`."""
    api_id = api["id"]
    stages = [body["stage_name"] for body in _for_api(resolved, "aws_api_gateway_stage", api_id).values()]
    if len(stages) != 1:
        raise NotImplementedError(f"API {api['name']}: the local run serves exactly one stage, the stack has {stages}")
    resources = _for_api(resolved, "aws_api_gateway_resource", api_id)
    by_id = {created[address]["id"]: body for address, body in resources.items()}
    paths = resource_paths(by_id, api["root_resource_id"])
    models = {body["name"]: json.loads(body["schema"])
              for body in _for_api(resolved, "aws_api_gateway_model", api_id).values()}
    for name, schema in models.items():
        unknown = sorted(unsupported_keywords(schema))
        if unknown:
            raise NotImplementedError(f"model {name}: the local run cannot check {unknown}")
    validators = {created[address]["id"]: body
                  for address, body in _for_api(resolved, "aws_api_gateway_request_validator", api_id).items()}
    integrations = {(body["resource_id"], body["http_method"]): body
                    for body in _for_api(resolved, "aws_api_gateway_integration", api_id).values()}
    routes = []
    for method in _for_api(resolved, "aws_api_gateway_method", api_id).values():
        key = (method["resource_id"], method["http_method"])
        integration = integrations.get(key)
        if integration is None:
            continue  # a method without integration is not deployable; API Gateway would refuse the deployment
        match = INVOKE_ARN.match(integration.get("uri", ""))
        if integration.get("type") != "AWS_PROXY" or match is None:
            raise NotImplementedError(f"{paths[key[0]]} {key[1]}: only Lambda proxy integrations are emulated")
        validator = validators.get(method.get("request_validator_id"), {})
        parameters = method.get("request_parameters") or {}
        routes.append(Route(
            path=paths[key[0]], method=key[1], resource_id=key[0], function_arn=match.group("function"),
            api_key_required=bool(method.get("api_key_required")),
            models={ctype.lower(): models[name] for ctype, name in (method.get("request_models") or {}).items()},
            validate_body=bool(validator.get("validate_request_body")),
            validate_parameters=bool(validator.get("validate_request_parameters")),
            required_parameters=tuple(sorted(name for name, needed in parameters.items() if needed)),
        ))
    responses = {
        body["response_type"]: GatewayResponse(body.get("status_code"), body.get("response_templates") or {},
                                               body.get("response_parameters") or {})
        for body in _for_api(resolved, "aws_api_gateway_gateway_response", api_id).values()
    }
    return ApiModel(api["name"], api_id, stages[0], routes, responses)
