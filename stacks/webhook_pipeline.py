"""The per-environment stack: provider, state backend, the four constructs, outputs."""

import json
from pathlib import Path

from cdktf import LocalBackend, S3Backend, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider, AwsProviderDefaultTags
from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from constructs import Construct

from constructs_lib.api_gateway_account import ApiGatewayCloudWatchRole, ApiGatewayCloudWatchRoleProps
from constructs_lib.dedup_table import DedupTable, DedupTableProps
from constructs_lib.iam import allow
from constructs_lib.operational_alarms import OperationalAlarms, OperationalAlarmsProps
from constructs_lib.routed_queues import Route, RoutedQueues, RoutedQueuesProps
from constructs_lib.secure_queue import SecureQueue, SecureQueueProps
from constructs_lib.traced_lambda import AsyncInvokeProps, TracedLambda, TracedLambdaProps
from constructs_lib.webhook_api import ExecutionLogging, WebhookApi, WebhookApiProps
from stacks.config import ROUTE_BY_TRANSACTION_TYPE, ROUTES, EnvironmentConfig

FUNCTIONS_DIR = Path(__file__).resolve().parents[1] / "functions"
EVENT_SCHEMA_PATH = FUNCTIONS_DIR / "validator" / "event_schema.json"

VALIDATOR_TIMEOUT_SECONDS = 30
ROUTER_TIMEOUT_SECONDS = 60
FAILURE_QUEUE_RETENTION_SECONDS = 1_209_600  # 14 days: time for an operator to look
ROUTER_RETRY_ATTEMPTS = 2
ROUTER_MAX_EVENT_AGE_SECONDS = 3600


class WebhookPipelineStack(TerraformStack):
    def __init__(self, scope: Construct, config: EnvironmentConfig) -> None:
        names = config.names
        profile = config.profile
        super().__init__(scope, names.stack_id)
        AwsProvider(
            self,
            "aws",
            region=config.region,
            default_tags=[AwsProviderDefaultTags(tags=config.tags)],
        )
        self._state_backend(config)

        table = DedupTable(
            self,
            "dedup",
            DedupTableProps(
                table_name=names.dedup_table, point_in_time_recovery=profile.point_in_time_recovery
            ),
        )
        queues = RoutedQueues(
            self,
            "routed",
            RoutedQueuesProps(
                routes=[Route(r, names.queue(r), names.dlq(r)) for r in ROUTES],
            ),
        )
        router_failures = SecureQueue(
            self,
            "router-failures",
            SecureQueueProps(
                name=names.router_failures_queue, retention_seconds=FAILURE_QUEUE_RETENTION_SECONDS
            ),
        )
        # Created without a value: operators set it, so it never enters Terraform state.
        signing_secret = SecretsmanagerSecret(
            self,
            "signing-secret",
            name=names.signing_secret,
            description=f"Standard Webhooks signing secret (whsec_...) for {names.rest_api}",
            recovery_window_in_days=0,
        )

        router = self._traced_lambda(
            config,
            "router",
            names.router_function,
            ROUTER_TIMEOUT_SECONDS,
            environment={
                f"{route.upper()}_QUEUE_URL": queues.queues[route].url
                for route in ROUTE_BY_TRANSACTION_TYPE.values()
            },
            async_invoke=AsyncInvokeProps(
                on_failure_destination_arn=router_failures.arn,
                maximum_retry_attempts=ROUTER_RETRY_ATTEMPTS,
                maximum_event_age_seconds=ROUTER_MAX_EVENT_AGE_SECONDS,
            ),
        )
        queues.grant_send(router)
        router_failures.grant_send(router)

        validator = self._traced_lambda(
            config,
            "validator",
            names.validator_function,
            VALIDATOR_TIMEOUT_SECONDS,
            environment={
                "DYNAMODB_TABLE": table.table.name,
                "ROUTER_LAMBDA_NAME": router.function.function_name,
                "WEBHOOK_SECRET_ARN": signing_secret.arn,
            },
        )
        table.grant_claim(validator)
        router.grant_invoke(validator)
        validator.add_policy(
            "read-signing-secret", allow(["secretsmanager:GetSecretValue"], [signing_secret.arn])
        )

        api = WebhookApi(
            self,
            "webhook-api",
            WebhookApiProps(
                api_name=names.rest_api,
                function_name=validator.function.function_name,
                function_invoke_arn=validator.function.invoke_arn,
                request_schema=json.loads(EVENT_SCHEMA_PATH.read_text()),
                throttling_rate_limit=profile.throttling_rate_limit,
                throttling_burst_limit=profile.throttling_burst_limit,
                log_retention_days=profile.log_retention_days,
                execution_logging=ExecutionLogging(profile.api_logging_level),
            ),
        )
        if config.manages_api_gateway_account:
            cloudwatch_role = ApiGatewayCloudWatchRole(
                self,
                "api-gateway-account",
                ApiGatewayCloudWatchRoleProps(role_name=names.api_gateway_cloudwatch_role),
            )
            api.depend_on(cloudwatch_role.account)

        OperationalAlarms(
            self,
            "alarms",
            OperationalAlarmsProps(
                topic_name=names.alarm_topic,
                dead_letter_queues={
                    **{f"{route}-dlq": queues.dlqs[route].queue.name for route in ROUTES},
                    "router-failures": router_failures.queue.name,
                },
                work_queues={f"{route}-queue": queues.queues[route].queue.name for route in ROUTES},
                functions={
                    "validator": validator.function.function_name,
                    "router": router.function.function_name,
                },
                rest_api_name=api.rest_api.name,
                rest_api_stage=api.stage.stage_name,
                email_subscriptions=config.alarm_emails,
            ),
        )

        outputs = {
            "api_endpoint": api.endpoint_url,
            "validator_lambda_arn": validator.function.arn,
            "router_lambda_arn": router.function.arn,
            **{f"{route}_queue_url": queues.queues[route].url for route in ROUTES},
            "dynamodb_table_name": table.table.name,
        }
        for name, value in outputs.items():
            TerraformOutput(self, name, value=value)

    def _traced_lambda(
        self,
        config: EnvironmentConfig,
        code: str,
        function_name: str,
        timeout_seconds: int,
        environment: dict[str, str],
        async_invoke: AsyncInvokeProps | None = None,
    ) -> TracedLambda:
        """A function packaged from functions/<code>/, sized by the environment's profile."""
        return TracedLambda(
            self,
            code,
            TracedLambdaProps(
                function_name=function_name,
                role_name=config.names.role(function_name),
                source_dir=FUNCTIONS_DIR / code,
                timeout_seconds=timeout_seconds,
                reserved_concurrency=config.profile.reserved_concurrency,
                log_retention_days=config.profile.log_retention_days,
                environment=environment,
                async_invoke=async_invoke,
            ),
        )

    def _state_backend(self, config: EnvironmentConfig) -> None:
        stack_id = config.names.stack_id
        remote = config.remote_state
        if remote is None:
            # Relative to the stack's folder (cdktf.out/stacks/<stack>/): the state
            # sits at the project root, and the synthesized JSON holds no absolute path.
            LocalBackend(self, path=f"../../../terraform.{stack_id}.tfstate")
            return
        S3Backend(
            self,
            bucket=remote.bucket,
            key=remote.key(stack_id),
            region=remote.region,
            encrypt=True,
            dynamodb_table=remote.lock_table,
        )
        if remote.lock_table is None:
            # S3-native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it.
            self.add_override("terraform.backend.s3.use_lockfile", True)
