"""What a REST API answers itself, and what its stage logs."""

import json

JSON = "application/json"

# One JSON object per request. messageString is already a quoted JSON string.
ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "ip": "$context.identity.sourceIp",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "resourcePath": "$context.resourcePath",
        "status": "$context.status",
        "protocol": "$context.protocol",
        "responseLength": "$context.responseLength",
        "integrationStatus": "$context.integration.status",
        "integrationLatency": "$context.integrationLatency",
        "xrayTraceId": "$context.xrayTraceId",
        "error": "@MESSAGE@",
    }
).replace('"@MESSAGE@"', "$context.error.messageString")

# Errors API Gateway answers itself (bad body, missing or wrong API key,
# quota, throttling, bad parameters) get the Lambdas' `{"error": ...}` shape.
# Gateway-response templates are not VTL: `messageString` is the message
# already quoted for JSON, so the body stays valid JSON whatever it says.
ERROR_TEMPLATE = '{"error": $context.error.messageString}'
GATEWAY_RESPONSES = {
    "BAD_REQUEST_BODY": "400",
    "DEFAULT_4XX": None,  # keep API Gateway's own status code
    "DEFAULT_5XX": None,
}
