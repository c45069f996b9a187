"""API Gateway's part of a request: routes, the API key, the model, the proxy event, its own refusals."""

import json

import pytest

from tools.local_run.apigateway.gateway import handle, match_route
from tools.local_run.apigateway.model import ApiModel, GatewayResponse, Route
from tools.local_run.apigateway.proxy_integration import Request

from functions.webhook_events.routes import SCHEMA_PATH

TEMPLATE = {"application/json": '{"error": $context.error.messageString}'}
JSON_HEADER = {"gatewayresponse.header.Content-Type": "'application/json'"}
RESPONSES = {  # as the stacks declare them (constructs_lib/rest_api.py)
    "BAD_REQUEST_BODY": GatewayResponse("400", TEMPLATE, JSON_HEADER),
    "DEFAULT_4XX": GatewayResponse(None, TEMPLATE, JSON_HEADER),
    "DEFAULT_5XX": GatewayResponse(None, TEMPLATE, JSON_HEADER),
}
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:api"
KEY = "k3y-value"


def api() -> ApiModel:
    schema = json.loads(SCHEMA_PATH.read_text())
    routes = [
        Route("/webhook", "POST", "r1", FUNCTION, models={"application/json": schema}, validate_body=True),
        Route("/upload", "POST", "r2", FUNCTION, api_key_required=True),
        Route("/status/{transaction_id}", "GET", "r3", FUNCTION, api_key_required=True, validate_parameters=True,
              required_parameters=("method.request.path.transaction_id",)),
        Route("/status/latest", "GET", "r4", FUNCTION, api_key_required=True),
    ]
    return ApiModel("test-api", "a1b2c3", "v1", routes, RESPONSES, api_keys={KEY})


class Integration:
    def __init__(self, answer=None) -> None:
        self.events = []
        self.answer = answer or {"statusCode": 200, "headers": {"X-From": "lambda"}, "body": '{"ok": true}'}

    def __call__(self, arn, event):
        self.events.append((arn, event))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def call(method, path, body=b"", headers=None, integration=None):
    integration = integration or Integration()
    response = handle(api(), Request(method, path, {}, headers or {}, body), integration)
    return response, json.loads(response.body), integration


def test_literal_path_parts_win_over_parameters():
    assert match_route(api(), ["status", "latest"], "GET")[0].path == "/status/latest"
    route, parameters = match_route(api(), ["status", "txn-1"], "GET")
    assert (route.path, parameters) == ("/status/{transaction_id}", {"transaction_id": "txn-1"})
    assert match_route(api(), ["status", "txn-1", "more"], "GET") is None


@pytest.mark.parametrize("method, path", [("GET", "/v1/nowhere"), ("DELETE", "/v1/upload"), ("POST", "/prod/upload")])
def test_an_unknown_route_or_stage_is_403_missing_authentication_token(method, path):
    response, body, integration = call(method, path, headers={"x-api-key": KEY})
    assert (response.status, body, integration.events) == (403, {"error": "Missing Authentication Token"}, [])
    assert response.headers["Content-Type"] == "application/json"


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "wrong"}])
def test_a_missing_or_wrong_api_key_is_403_forbidden(headers):
    response, body, integration = call("POST", "/v1/upload", headers=headers)
    assert (response.status, body, integration.events) == (403, {"error": "Forbidden"}, [])


def test_a_body_the_model_refuses_is_400_invalid_request_body_before_the_function():
    bad = json.dumps({"event_id": "e", "transaction_type": "refund", "amount": "1",
                      "timestamp": "2026-11-23T10:15:00Z"})
    for body in (bad.encode(), b"not json", b'{"amount": NaN}'):
        response, answer, integration = call("POST", "/v1/webhook", body, {"Content-Type": "application/json"})
        assert (response.status, answer, integration.events) == (400, {"error": "Invalid request body"}, [])


def test_a_body_of_another_content_type_is_not_checked_against_the_json_model():
    response, _, integration = call("POST", "/v1/webhook", b"a=b", {"Content-Type": "text/plain"})
    assert response.status == 200 and len(integration.events) == 1


def test_the_function_gets_a_rest_proxy_event_and_its_answer_is_passed_on():
    response, body, integration = call("GET", "/v1/status/txn-1", headers={"x-api-key": KEY, "Webhook-Id": "m1"})
    assert (response.status, body, response.headers["X-From"]) == (200, {"ok": True}, "lambda")
    arn, event = integration.events[0]
    assert arn == FUNCTION
    assert (event["resource"], event["path"]) == ("/status/{transaction_id}", "/status/txn-1")
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"transaction_id": "txn-1"} and event["headers"]["Webhook-Id"] == "m1"
    assert (event["requestContext"]["stage"], event["requestContext"]["identity"]["apiKey"]) == ("v1", KEY)
    assert event["body"] is None and event["isBase64Encoded"] is False


@pytest.mark.parametrize("answer", [RuntimeError("boom"), {"statusCode": "200"}, "not a proxy answer"])
def test_a_function_error_or_malformed_answer_is_502(answer):
    response, body, _ = call("POST", "/v1/upload", headers={"x-api-key": KEY}, integration=Integration(answer))
    assert (response.status, body) == (502, {"error": "Internal server error"})
