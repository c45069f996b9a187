"""A regional REST API whose routes proxy to Lambdas, optionally behind API keys and a usage plan."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.defaults import LOG_RETENTION_DAYS, ExecutionLogging
from constructs_lib.dependencies import add_dependencies
from constructs_lib.rest_api_logging import ACCESS_LOG_FORMAT, ERROR_TEMPLATE, GATEWAY_RESPONSES, JSON
from constructs_lib.rest_api_resources import RouteResources
from constructs_lib.rest_api_routes import LambdaRoute, route_problems
from constructs_lib.usage_plan import UsagePlan, UsagePlanProps

DEFAULT_LOG_RETENTION_DAYS = 30


@dataclass(frozen=True)
class RestApiProps:
    api_name: str
    routes: Sequence[LambdaRoute]
    stage_name: str
    throttling_burst_limit: int
    throttling_rate_limit: float
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    execution_logging: ExecutionLogging = ExecutionLogging.INFO
    usage_plan: UsagePlanProps | None = None


def _check(props: RestApiProps) -> None:
    problems = route_problems(props.routes, has_usage_plan=props.usage_plan is not None)
    if not re.fullmatch(r"[A-Za-z0-9_]+", props.stage_name):
        problems.append(f"stage_name must be alphanumeric or '_', got {props.stage_name!r}")
    if props.throttling_burst_limit < 1 or props.throttling_rate_limit <= 0:
        problems.append("throttling limits must be positive")
    if props.log_retention_days not in LOG_RETENTION_DAYS:
        problems.append(f"log_retention_days must be one CloudWatch accepts {LOG_RETENTION_DAYS}, got {props.log_retention_days}")
    if problems:
        raise ValueError("RestApiProps: " + "; ".join(problems))


def definition_hash(props: RestApiProps) -> str:
    """A hash of everything this construct defines, so a change redeploys the API."""
    definition = {
        "routes": sorted((r.definition() for r in props.routes), key=lambda d: (d["path"], d["method"])),
        "gateway_responses": {k: [v, ERROR_TEMPLATE] for k, v in GATEWAY_RESPONSES.items()},
    }
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


class RestApi(cdk.Construct):
    """Lambda-proxy routes on a regional REST API, one stage.

    Default settings: execution logging at INFO, 30-day retention for both
    log groups, no usage plan (then no route may require an API key).
    Forced: per route, Lambda proxy integration, an invoke permission
    limited to that method and path of this API (path parameters written
    `*`), a request validator for a body schema (`model_name`) and for the
    required path and query parameters, and `api_key_required` as asked;
    gateway responses in the `{"error": ...}` shape; X-Ray tracing, JSON
    access logs and execution logs in declared log groups, metrics on, no
    caching, no data trace, throttling on every method; a deployment keyed
    on a hash of every route (never a timestamp); with `usage_plan`, a usage
    plan on the stage, one API key and its usage-plan key.

    Logging to CloudWatch needs API Gateway's account-level CloudWatch role
    (see ApiGatewayCloudWatchRole); the stage can wait for it through
    `depend_on`.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: RestApiProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self.api_name = props.api_name
        self.stage_name = props.stage_name
        self.rest_api = cdk.ApiGatewayRestApi(
            self,
            "api",
            name=props.api_name,
            endpoint_configuration=cdk.ApiGatewayRestApiEndpointConfiguration(types=["REGIONAL"]),
            # API names need not be unique: a replacement API can exist before the old one goes.
            lifecycle=cdk.TerraformResourceLifecycle(create_before_destroy=True),
        )
        responses = [
            cdk.ApiGatewayGatewayResponse(
                self,
                f"response-{kind.lower().replace('_', '-')}",
                rest_api_id=self.rest_api.id,
                response_type=kind,
                status_code=status,
                response_templates={JSON: ERROR_TEMPLATE},
                response_parameters={"gatewayresponse.header.Content-Type": f"'{JSON}'"},
            )
            for kind, status in GATEWAY_RESPONSES.items()
        ]
        self.routes = RouteResources(self, self.rest_api, props.routes)
        deployed = [*self.routes.deployed, *responses]
        deployment = cdk.ApiGatewayDeployment(
            self,
            "deployment",
            rest_api_id=self.rest_api.id,
            triggers={
                "definition": definition_hash(props),
                # In-place changes Terraform makes (a new integration URI...) redeploy too.
                "resources": cdk.Fn.sha1(cdk.Fn.jsonencode([r.id for r in deployed] + self.routes.integration_uris)),
            },
            lifecycle=cdk.TerraformResourceLifecycle(create_before_destroy=True),
            depends_on=deployed,
        )
        self.access_log_group = cdk.CloudwatchLogGroup(
            self,
            "access-logs",
            name=f"/aws/apigateway/{props.api_name}/access",
            retention_in_days=props.log_retention_days,
        )
        # API Gateway writes execution logs here; declared so it has a retention
        # and is destroyed with the stack instead of being created on first use.
        execution_log_group = cdk.CloudwatchLogGroup(
            self,
            "execution-logs",
            name=f"API-Gateway-Execution-Logs_{self.rest_api.id}/{props.stage_name}",
            retention_in_days=props.log_retention_days,
        )
        self.stage = cdk.ApiGatewayStage(
            self,
            "stage",
            rest_api_id=self.rest_api.id,
            deployment_id=deployment.id,
            stage_name=props.stage_name,
            xray_tracing_enabled=True,
            access_log_settings=cdk.ApiGatewayStageAccessLogSettings(
                destination_arn=self.access_log_group.arn, format=ACCESS_LOG_FORMAT
            ),
            depends_on=[execution_log_group],
        )
        self.method_settings = cdk.ApiGatewayMethodSettings(
            self,
            "method-settings",
            rest_api_id=self.rest_api.id,
            stage_name=self.stage.stage_name,
            method_path="*/*",
            settings=cdk.ApiGatewayMethodSettingsSettings(
                throttling_burst_limit=props.throttling_burst_limit,
                throttling_rate_limit=props.throttling_rate_limit,
                metrics_enabled=True,
                logging_level=props.execution_logging.value,
                data_trace_enabled=False,
                caching_enabled=False,
            ),
        )
        self.usage_plan: UsagePlan | None = None
        if props.usage_plan:
            self.usage_plan = UsagePlan(self, "usage", props.usage_plan, self.rest_api.id, self.stage.stage_name)

    @property
    def base_url(self) -> str:
        """The stage's invoke URL: `https://<id>.execute-api.<region>.amazonaws.com/<stage>`."""
        return self.stage.invoke_url

    def url_for(self, path: str) -> str:
        return f"{self.stage.invoke_url}{path}"

    def depend_on(self, *resources: cdk.TerraformResource) -> None:
        """Configure logging only after these (e.g. the account's CloudWatch role setting)."""
        for logging_resource in (self.stage, self.method_settings):
            add_dependencies(logging_resource, *resources)
