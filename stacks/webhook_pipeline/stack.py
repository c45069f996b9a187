"""The webhook pipeline's stack: API -> validator (dedup claim) -> router -> a queue per transaction type."""

from __future__ import annotations

import json

from constructs_lib import cdk
from constructs_lib.api_gateway_account import ApiGatewayCloudWatchRole, ApiGatewayCloudWatchRoleProps
from constructs_lib.defaults import FOURTEEN_DAYS_SECONDS
from constructs_lib.rest_api import LambdaRoute, RestApi, RestApiProps
from constructs_lib.routed_queues import Route, RoutedQueues, RoutedQueuesProps
from constructs_lib.secret import Secret, SecretProps
from constructs_lib.secure_queue import SecureQueue, SecureQueueProps
from constructs_lib.table import Key, Table, TableProps
from constructs_lib.traced_lambda import AsyncInvokeProps
from constructs_lib.watched import Watched
from functions.webhook_events.metrics import CATALOGUE as METRICS
from functions.webhook_events.routes import SCHEMA_PATH, TRANSACTION_TYPES, queue_url_env, queue_url_output, route
from stacks import webhook_pipeline
from stacks.base import SystemStack
from stacks.environment import EnvironmentConfig
from stacks.webhook_pipeline import parking, settings
from stacks.webhook_pipeline.moves import keep_earlier_addresses
from stacks.webhook_pipeline.names import WebhookNames

SHARED_PACKAGES = ("webhook_events",)


class WebhookPipelineStack(SystemStack):
    system = webhook_pipeline.SYSTEM

    def __init__(self, scope: cdk.Construct, config: EnvironmentConfig) -> None:
        super().__init__(scope, config)
        names = WebhookNames(config.suffix)
        profile = config.profile

        table = Table(
            self,
            "dedup",
            TableProps(
                name=names.dedup_table,
                hash_key=Key("event_id"),
                ttl_attribute="ttl",
                point_in_time_recovery=profile.point_in_time_recovery,
            ),
        )
        queues = RoutedQueues(
            self,
            "routed",
            RoutedQueuesProps(
                routes=[Route(route(t), names.queue(t), names.dlq(t)) for t in TRANSACTION_TYPES],
                max_receive_count=parking.MAX_RECEIVE_COUNT,
            ),
        )
        router_failures = SecureQueue(
            self,
            parking.ROUTER_FAILURES,
            SecureQueueProps(name=names.router_failures_queue, retention_seconds=FOURTEEN_DAYS_SECONDS),
        )
        signing_secret = Secret(
            self,
            "signing-secret",
            SecretProps(
                name=names.signing_secret,
                description=f"Standard Webhooks signing secret (whsec_...) for {names.rest_api}",
            ),
        )

        router = self._function(
            "router",
            names.router_function,
            settings.ROUTER_TIMEOUT_SECONDS,
            environment={queue_url_env(t): queues.queues[route(t)].url for t in TRANSACTION_TYPES},
            async_invoke=AsyncInvokeProps(on_failure_destination_arn=router_failures.arn),
        )
        queues.grant_send(router)
        router_failures.grant_send(router)

        validator = self._function(
            "validator",
            names.validator_function,
            settings.VALIDATOR_TIMEOUT_SECONDS,
            environment={
                "DYNAMODB_TABLE": table.table.name,
                "ROUTER_LAMBDA_NAME": router.function.function_name,
                "WEBHOOK_SECRET_ARN": signing_secret.arn,
            },
        )
        table.grant_claim(validator)
        router.grant_invoke(validator)
        signing_secret.grant_read(validator)

        api = RestApi(
            self,
            "webhook-api",
            RestApiProps(
                api_name=names.rest_api,
                routes=[
                    LambdaRoute(
                        "POST",
                        settings.API_PATH,
                        validator,
                        body_schema=json.loads(SCHEMA_PATH.read_text()),
                        model_name=settings.API_MODEL_NAME,
                    )
                ],
                stage_name=settings.API_STAGE,
                throttling_rate_limit=profile.throttling_rate_limit,
                throttling_burst_limit=profile.throttling_burst_limit,
                log_retention_days=profile.log_retention(settings.LOG_RETENTION_DAYS),
                execution_logging=profile.api_logging_level,
            ),
        )
        if self.owns_api_gateway_account:
            cloudwatch_role = ApiGatewayCloudWatchRole(
                self,
                "api-gateway-account",
                ApiGatewayCloudWatchRoleProps(role_name=names.api_gateway_cloudwatch_role),
            )
            api.depend_on(cloudwatch_role.account)
        web_acl = self.guard(
            api,
            name=names.web_acl,
            max_body_bytes=settings.MAX_BODY_BYTES,
            log_retention_days=settings.LOG_RETENTION_DAYS,
            counted_rules=settings.WEB_ACL_COUNTED_RULES,
        )

        watched = Watched(
            dead_letter_queues=[*queues.dlqs.values(), router_failures],
            work_queues=list(queues.queues.values()),
            functions=[validator, router],
            rest_api=api,
            web_acl=web_acl,
            business=self.business_metrics(METRICS),
        )
        self.watch(watched, alarm_topic=names.alarm_topic, dashboard=names.dashboard)

        outputs = {
            "api_endpoint": api.url_for(settings.API_PATH),
            "validator_lambda_arn": validator.function.arn,
            "router_lambda_arn": router.function.arn,
            **{queue_url_output(t): queues.queues[route(t)].url for t in TRANSACTION_TYPES},
            "dynamodb_table_name": table.table.name,
        }
        self.add_outputs(outputs)
        keep_earlier_addresses(self)

    def _function(self, id_: str, function_name: str, timeout_seconds: int, **options):
        return self.traced_lambda(
            id_,
            function_name=function_name,
            code=id_,
            timeout_seconds=timeout_seconds,
            memory_mb=settings.MEMORY_MB,
            reserved_concurrency=settings.RESERVED_CONCURRENCY,
            log_retention_days=settings.LOG_RETENTION_DAYS,
            bundled=SHARED_PACKAGES,
            emits_metrics=True,
            **options,
        )
