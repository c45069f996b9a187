"""Every proxy answer is JSON with its content type."""

import json

from lambda_kit.http import error_response, json_response


def test_json_response_shape():
    response = json_response(200, {"a": 1})
    assert response == {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"a": 1}'}


def test_error_response_shape():
    assert json.loads(error_response(404, "Upload not found")["body"]) == {"error": "Upload not found"}
