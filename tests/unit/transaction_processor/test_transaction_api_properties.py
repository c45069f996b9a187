"""Property: whatever event arrives, transaction-api answers JSON and never raises."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.lambda_context import FakeLambdaContext
from tests.unit.transaction_processor.transaction_api_support import api  # noqa: F401

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=8)
methods = st.sampled_from(["GET", "POST", "PUT", "DELETE", "get", ""]) | json_values
resources = st.sampled_from(
    ["/upload", "/status/{transaction_id}", "/uploads/{upload_id}", "/", "/status"]) | json_values
ids = st.text(max_size=70) | st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True) | st.uuids().map(str) | json_values
path_parameters = st.none() | json_values | st.fixed_dictionaries(
    {}, optional={"transaction_id": ids, "upload_id": ids})
proxy_events = st.fixed_dictionaries(
    {}, optional={"httpMethod": methods, "resource": resources, "pathParameters": path_parameters,
                  "body": json_values, "headers": json_values, "requestContext": json_values})
KNOWN_ROUTES = [("POST", "/upload"), ("GET", "/status/{transaction_id}"), ("GET", "/uploads/{upload_id}")]
routed_events = st.tuples(st.sampled_from(KNOWN_ROUTES), path_parameters, json_values).map(
    lambda drawn: {"httpMethod": drawn[0][0], "resource": drawn[0][1], "pathParameters": drawn[1], "body": drawn[2]})
events = routed_events | routed_events | proxy_events | json_values


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=events)
def test_any_event_gets_a_json_answer_and_never_an_exception(api, tp_aws, event):
    # GIVEN any event (AWS works, the environment is set)
    # WHEN the handler answers
    response = api.handler(event, FakeLambdaContext())
    # THEN it is JSON with its Content-Type, a status the contract knows, and an error message when refused
    assert response["headers"] == {"Content-Type": "application/json"} or (
        response["statusCode"] == 405 and response["headers"]["Content-Type"] == "application/json")
    body = json.loads(response["body"])
    assert isinstance(body, dict)
    assert response["statusCode"] in {200, 400, 404, 405}  # 500 would be a bug; 503 an AWS failure
    if response["statusCode"] != 200:
        assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
