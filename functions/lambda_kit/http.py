"""API Gateway (REST, Lambda proxy) answers: always JSON."""

import json
from typing import Any, Dict

JSON_HEADERS = {"Content-Type": "application/json"}


def json_response(status_code: int, body: Dict[str, Any]) -> Dict[str, Any]:
    return {"statusCode": status_code, "headers": dict(JSON_HEADERS), "body": json.dumps(body)}


def error_response(status_code: int, message: str) -> Dict[str, Any]:
    return json_response(status_code, {"error": message})
