"""What API Gateway does with one request to a REST API stage: route, key, validation, proxy event, answer.

In API Gateway's order: the resource and method (else 403 MISSING_AUTHENTICATION_TOKEN),
the API key when the method requires one (403 INVALID_API_KEY), required
parameters (400 BAD_REQUEST_PARAMETERS) and the body against the model of its
Content-Type (400 BAD_REQUEST_BODY) when the method's validator says so, then
the Lambda proxy integration. A function error or a malformed proxy answer is
502 (DEFAULT_5XX). Refusals are rendered from the stack's gateway responses.
"""

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from tools.local_run.apigateway import json_schema
from tools.local_run.apigateway.model import ApiModel, GatewayResponse, Route
from tools.local_run.apigateway.proxy_integration import Request, Response, integration_response, proxy_event

# response type -> (default status, API Gateway's message, its x-amzn-ErrorType)
REFUSALS = {
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
    "INVALID_API_KEY": (403, "Forbidden", "ForbiddenException"),
    "BAD_REQUEST_PARAMETERS": (400, "Missing required request parameters: [{}]", "BadRequestException"),
    "BAD_REQUEST_BODY": (400, "Invalid request body", "BadRequestException"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long", "RequestTooLargeException"),
    "DEFAULT_5XX": (502, "Internal server error", "InternalServerErrorException"),
}
MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'


def _match(pattern: list[str], segments: list[str]) -> tuple[tuple[int, ...], dict[str, str]] | None:
    """How well a resource path matches (2 a literal part, 1 a {param}, 0 a {greedy+}) and its parameters."""
    parameters: dict[str, str] = {}
    score: list[int] = []
    for index, part in enumerate(pattern):
        if index >= len(segments):
            return None
        if part.startswith("{") and part.endswith("+}"):
            parameters[part[1:-2]] = "/".join(segments[index:])
            return (*score, 0), parameters
        if part.startswith("{") and part.endswith("}"):
            parameters[part[1:-1]] = segments[index]
            score.append(1)
        elif part == segments[index]:
            score.append(2)
        else:
            return None
    return (tuple(score), parameters) if len(pattern) == len(segments) else None


def match_route(api: ApiModel, segments: list[str], method: str) -> tuple[Route, dict[str, str]] | None:
    """The route for a path (stage removed) and method: the best-matching resource first, then its method or ANY."""
    best: tuple[tuple[int, ...], str, dict[str, str]] | None = None
    for route in api.routes:
        matched = _match(route.segments, segments)
        if matched and (best is None or matched[0] > best[0]):
            best = (matched[0], route.path, matched[1])
    if best is None:
        return None
    on_resource = {route.method: route for route in api.routes if route.path == best[1]}
    route = on_resource.get(method) or on_resource.get("ANY")
    return (route, best[2]) if route else None


def render(api: ApiModel, response_type: str, request_id: str, message: str | None = None) -> Response:
    """A gateway response: the stack's for this type, else its DEFAULT_4XX/5XX, else API Gateway's default."""
    status, default_message, error_type = REFUSALS[response_type]
    message = default_message if message is None else message
    family = "DEFAULT_5XX" if status >= 500 else "DEFAULT_4XX"
    declared = api.responses.get(response_type) or api.responses.get(family) or GatewayResponse(None, {}, {})
    if declared.status_code and response_type in api.responses:
        status = int(declared.status_code)
    template = declared.templates.get("application/json", DEFAULT_TEMPLATE)
    body = (template.replace("$context.error.messageString", json.dumps(message))
            .replace("$context.error.message", message).replace("$context.requestId", request_id)
            .replace("$context.error.responseType", response_type))
    headers = {"Content-Type": "application/json", "x-amzn-RequestId": request_id, "x-amzn-ErrorType": error_type}
    for name, value in declared.parameters.items():
        if name.startswith("gatewayresponse.header.") and value.startswith("'") and value.endswith("'"):
            headers[name.removeprefix("gatewayresponse.header.")] = value[1:-1]
    return Response(status, headers, body.encode())


def missing_parameters(route: Route, request: Request, path_parameters: Mapping[str, str]) -> list[str]:
    missing = []
    for parameter in route.required_parameters:
        _, _, where, name = parameter.split(".", 3)
        present = {"path": lambda: path_parameters.get(name), "querystring": lambda: request.query.get(name),
                   "header": lambda: request.header(name)}[where]()
        if not present:
            missing.append(name)
    return missing


def body_refused(route: Route, request: Request) -> bool:
    """Whether the method's model for the request's Content-Type refuses the body (JSON, NaN/Infinity refused)."""
    content_type = (request.header("Content-Type") or "application/json").split(";")[0].strip().lower()
    schema = route.models.get(content_type) or route.models.get("$default")
    if schema is None:
        return False
    try:
        document = json.loads(request.body or b"", parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    except ValueError:
        return True
    return any(True for _ in json_schema.errors(schema, document))


def handle(api: ApiModel, request: Request, invoke: Callable[[str, dict], Any]) -> Response:
    """The answer to one request; `invoke(function_arn, event)` runs the integration (raises on a function error)."""
    request_id = str(uuid.uuid4())
    segments = [part for part in request.path.split("/") if part]
    if not segments or segments[0] != api.stage:
        return render(api, "MISSING_AUTHENTICATION_TOKEN", request_id)
    if len(request.body) > MAX_PAYLOAD_BYTES:
        return render(api, "REQUEST_TOO_LARGE", request_id)
    matched = match_route(api, segments[1:], request.method)
    if matched is None:
        return render(api, "MISSING_AUTHENTICATION_TOKEN", request_id)
    route, path_parameters = matched
    api_key = request.header("x-api-key")
    if route.api_key_required and api_key not in api.api_keys:
        return render(api, "INVALID_API_KEY", request_id)
    missing = missing_parameters(route, request, path_parameters) if route.validate_parameters else []
    if missing:
        message = REFUSALS["BAD_REQUEST_PARAMETERS"][1].format(", ".join(missing))
        return render(api, "BAD_REQUEST_PARAMETERS", request_id, message)
    if route.validate_body and body_refused(route, request):
        return render(api, "BAD_REQUEST_BODY", request_id)
    event = proxy_event(api, route, request, path_parameters, request_id, api_key)
    try:
        answer = integration_response(invoke(route.function_arn, event), request_id)
    except Exception:  # noqa: BLE001 - the function's error: API Gateway answers 502
        answer = None
    return answer or render(api, "DEFAULT_5XX", request_id)
