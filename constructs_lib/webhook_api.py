"""A REST API that validates a JSON body and proxies POST /<path> to one Lambda."""

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from cdktf import Fn, TerraformResource, TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.api_gateway_deployment import ApiGatewayDeployment
from cdktf_cdktf_provider_aws.api_gateway_gateway_response import ApiGatewayGatewayResponse
from cdktf_cdktf_provider_aws.api_gateway_integration import ApiGatewayIntegration
from cdktf_cdktf_provider_aws.api_gateway_method import ApiGatewayMethod
from cdktf_cdktf_provider_aws.api_gateway_method_settings import (
    ApiGatewayMethodSettings,
    ApiGatewayMethodSettingsSettings,
)
from cdktf_cdktf_provider_aws.api_gateway_model import ApiGatewayModel
from cdktf_cdktf_provider_aws.api_gateway_request_validator import ApiGatewayRequestValidator
from cdktf_cdktf_provider_aws.api_gateway_resource import ApiGatewayResource
from cdktf_cdktf_provider_aws.api_gateway_rest_api import (
    ApiGatewayRestApi,
    ApiGatewayRestApiEndpointConfiguration,
)
from cdktf_cdktf_provider_aws.api_gateway_stage import (
    ApiGatewayStage,
    ApiGatewayStageAccessLogSettings,
)
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.lambda_permission import LambdaPermission
from constructs import Construct

from constructs_lib.dependencies import add_dependencies

HTTP_METHOD = "POST"
JSON = "application/json"
DEFAULT_STAGE_NAME = "prod"
DEFAULT_THROTTLING_BURST_LIMIT = 1000
DEFAULT_THROTTLING_RATE_LIMIT = 1000
DEFAULT_MODEL_NAME = "WebhookEvent"
DEFAULT_LOG_RETENTION_DAYS = 30


class ExecutionLogging(Enum):
    """API Gateway execution-log levels. Full request/response bodies (data
    trace) are never logged: they carry financial data."""

    ERROR = "ERROR"
    INFO = "INFO"


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

# Errors API Gateway answers itself get the Lambda's `{"error": ...}` shape.
# Gateway-response templates are not VTL: `messageString` is the message
# already quoted for JSON, so the body stays valid JSON whatever it says.
ERROR_TEMPLATE = '{"error": $context.error.messageString}'
GATEWAY_RESPONSES = {
    "BAD_REQUEST_BODY": "400",
    "DEFAULT_4XX": None,  # keep API Gateway's own status code
    "DEFAULT_5XX": None,
}


@dataclass(frozen=True)
class WebhookApiProps:
    api_name: str
    function_name: str
    function_invoke_arn: str
    request_schema: Mapping
    model_name: str = DEFAULT_MODEL_NAME
    path_part: str = "webhook"
    stage_name: str = DEFAULT_STAGE_NAME
    throttling_burst_limit: int = DEFAULT_THROTTLING_BURST_LIMIT
    throttling_rate_limit: float = DEFAULT_THROTTLING_RATE_LIMIT
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    execution_logging: ExecutionLogging = ExecutionLogging.INFO


def _check(props: WebhookApiProps) -> None:
    problems = []
    if not re.fullmatch(r"[A-Za-z0-9]+", props.model_name):
        problems.append(f"model_name must be alphanumeric, got {props.model_name!r}")
    if not re.fullmatch(r"[A-Za-z0-9._-]+", props.path_part):
        problems.append(f"path_part must be a plain path segment, got {props.path_part!r}")
    if not re.fullmatch(r"[A-Za-z0-9_]+", props.stage_name):
        problems.append(f"stage_name must be alphanumeric or '_', got {props.stage_name!r}")
    if props.throttling_burst_limit < 1 or props.throttling_rate_limit <= 0:
        problems.append("throttling limits must be positive")
    if "required" not in props.request_schema:
        problems.append("request_schema must list its required fields")
    if problems:
        raise ValueError("WebhookApiProps: " + "; ".join(problems))


def definition_hash(props: WebhookApiProps) -> str:
    """A hash of everything this construct defines, so a change redeploys the API."""
    definition = {
        "path": props.path_part,
        "method": HTTP_METHOD,
        "integration": "AWS_PROXY",
        "schema": props.request_schema,
        "gateway_responses": {k: [v, ERROR_TEMPLATE] for k, v in GATEWAY_RESPONSES.items()},
    }
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


class WebhookApi(Construct):
    """`POST /<path_part>` on a regional REST API, proxied to one Lambda.

    Default settings: path `webhook`, stage `prod`, model `WebhookEvent`,
    throttling burst 1000 and rate 1000 requests/s on every method,
    execution logging at INFO, 30-day retention for both log groups.
    Forced: no API Gateway auth (senders sign their deliveries; the Lambda
    checks), a request validator on the body against `request_schema`,
    Lambda proxy integration, gateway responses in the `{"error": ...}`
    shape, X-Ray tracing, JSON access logs and execution logs in declared
    log groups, metrics on, no caching, no data trace, an invoke permission
    limited to this API's `POST /<path_part>`, and a deployment keyed on a
    hash of the API's definition (never a timestamp).

    Logging to CloudWatch needs API Gateway's account-level CloudWatch role
    (see ApiGatewayCloudWatchRole); the stage can wait for it through
    `depend_on`.
    """

    def __init__(self, scope: Construct, id_: str, props: WebhookApiProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        api = ApiGatewayRestApi(
            self,
            "api",
            name=props.api_name,
            endpoint_configuration=ApiGatewayRestApiEndpointConfiguration(types=["REGIONAL"]),
            # API names need not be unique: a replacement API can exist before the old one goes.
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
        )
        self.rest_api = api
        resource = ApiGatewayResource(
            self, "resource", rest_api_id=api.id, parent_id=api.root_resource_id, path_part=props.path_part
        )
        model = ApiGatewayModel(
            self,
            "model",
            rest_api_id=api.id,
            name=props.model_name,
            content_type=JSON,
            schema=json.dumps(props.request_schema),
        )
        validator = ApiGatewayRequestValidator(
            self, "body-validator", rest_api_id=api.id, name="body", validate_request_body=True
        )
        method = ApiGatewayMethod(
            self,
            "method",
            rest_api_id=api.id,
            resource_id=resource.id,
            http_method=HTTP_METHOD,
            authorization="NONE",
            request_validator_id=validator.id,
            request_models={JSON: model.name},
        )
        integration = ApiGatewayIntegration(
            self,
            "integration",
            rest_api_id=api.id,
            resource_id=resource.id,
            http_method=method.http_method,
            type="AWS_PROXY",
            integration_http_method="POST",
            uri=props.function_invoke_arn,
        )
        responses = [
            ApiGatewayGatewayResponse(
                self,
                f"response-{kind.lower().replace('_', '-')}",
                rest_api_id=api.id,
                response_type=kind,
                status_code=status,
                response_templates={JSON: ERROR_TEMPLATE},
                response_parameters={"gatewayresponse.header.Content-Type": f"'{JSON}'"},
            )
            for kind, status in GATEWAY_RESPONSES.items()
        ]
        LambdaPermission(
            self,
            "invoke-permission",
            statement_id="AllowApiGatewayInvoke",
            action="lambda:InvokeFunction",
            function_name=props.function_name,
            principal="apigateway.amazonaws.com",
            source_arn=f"{api.execution_arn}/*/{HTTP_METHOD}/{props.path_part}",
        )
        deployed = [resource, model, validator, method, integration, *responses]
        deployment = ApiGatewayDeployment(
            self,
            "deployment",
            rest_api_id=api.id,
            triggers={
                "definition": definition_hash(props),
                # In-place changes Terraform makes (a new integration URI...) redeploy too.
                "resources": Fn.sha1(Fn.jsonencode([r.id for r in deployed] + [integration.uri])),
            },
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True),
            depends_on=deployed,
        )
        self.access_log_group = CloudwatchLogGroup(
            self,
            "access-logs",
            name=f"/aws/apigateway/{props.api_name}/access",
            retention_in_days=props.log_retention_days,
        )
        # API Gateway writes execution logs here; declared so it has a retention
        # and is destroyed with the stack instead of being created on first use.
        execution_log_group = CloudwatchLogGroup(
            self,
            "execution-logs",
            name=f"API-Gateway-Execution-Logs_{api.id}/{props.stage_name}",
            retention_in_days=props.log_retention_days,
        )
        self.stage = ApiGatewayStage(
            self,
            "stage",
            rest_api_id=api.id,
            deployment_id=deployment.id,
            stage_name=props.stage_name,
            xray_tracing_enabled=True,
            access_log_settings=ApiGatewayStageAccessLogSettings(
                destination_arn=self.access_log_group.arn, format=ACCESS_LOG_FORMAT
            ),
            depends_on=[execution_log_group],
        )
        self.method_settings = ApiGatewayMethodSettings(
            self,
            "method-settings",
            rest_api_id=api.id,
            stage_name=self.stage.stage_name,
            method_path="*/*",
            settings=ApiGatewayMethodSettingsSettings(
                throttling_burst_limit=props.throttling_burst_limit,
                throttling_rate_limit=props.throttling_rate_limit,
                metrics_enabled=True,
                logging_level=props.execution_logging.value,
                data_trace_enabled=False,
                caching_enabled=False,
            ),
        )
        self.endpoint_url = f"{self.stage.invoke_url}/{props.path_part}"

    def depend_on(self, *resources: TerraformResource) -> None:
        """Configure logging only after these (e.g. the account's CloudWatch role setting)."""
        for logging_resource in (self.stage, self.method_settings):
            add_dependencies(logging_resource, *resources)
