"""The base of every system's stack: provider with default tags, state backend, Lambda helper."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from constructs_lib import cdk
from constructs_lib.operational_alarms import OperationalAlarms, OperationalAlarmsProps
from constructs_lib.operations_dashboard import OperationsDashboard, OperationsDashboardProps
from constructs_lib.rest_api import RestApi
from constructs_lib.traced_lambda import AsyncInvokeProps, TracedLambda, TracedLambdaProps
from constructs_lib.watched import BusinessMetrics, Watched
from constructs_lib.web_acl import WebAcl, WebAclProps
from functions.business_metrics.catalogue import ENVIRONMENT_VARIABLE, Catalogue
from stacks.environment import EnvironmentConfig, validate_suffix
from stacks.system import System

FUNCTIONS_DIR = Path(__file__).resolve().parents[1] / "functions"
METRICS_PACKAGE = "business_metrics"


class SystemStack(cdk.TerraformStack):
    """One system in one environment: stack id `<system>-<suffix>`, tags `Project=<system>`."""

    system: System  # set by each system's stack class

    def __init__(self, scope: cdk.Construct, config: EnvironmentConfig) -> None:
        validate_suffix(config.suffix, systems=[self.system])  # every name of this system fits its AWS limit
        super().__init__(scope, self.system.stack_id(config.suffix))
        self.config = config
        cdk.AwsProvider(
            self, "aws", region=config.region, default_tags=[cdk.AwsProviderDefaultTags(tags=config.tags(self.system.name))]
        )
        self._state_backend()

    @property
    def metrics_environment(self) -> str:
        """The Environment dimension of the business metrics: the suffix, for the functions and the dashboard."""
        return self.config.suffix

    def business_metrics(self, catalogue: Catalogue) -> BusinessMetrics:
        """What the dashboard draws of the metrics ``catalogue`` declares, in this stack's environment."""
        return BusinessMetrics(catalogue, self.metrics_environment)

    @property
    def owns_api_gateway_account(self) -> bool:
        """Whether this stack sets API Gateway's account-wide CloudWatch role (one stack per account)."""
        return self.system.name == self.config.api_gateway_account_system

    def traced_lambda(
        self,
        id_: str,
        *,
        function_name: str,
        code: str,
        timeout_seconds: int,
        memory_mb: int,
        reserved_concurrency: int,
        log_retention_days: int,
        environment: Mapping[str, str],
        async_invoke: AsyncInvokeProps | None = None,
        kms_key_arn: str | None = None,
        bundled: tuple[str, ...] = (),
        emits_metrics: bool = False,
    ) -> TracedLambda:
        """A function packaged from functions/<code>/ with the shared `bundled` packages of functions/.

        `reserved_concurrency` and `log_retention_days` are the system's own
        numbers; the environment's profile decides whether concurrency is
        reserved and may keep logs longer. A function that `emits_metrics`
        also bundles business_metrics and gets the environment's name in
        METRICS_ENVIRONMENT (its catalogue's package is one of `bundled`).
        """
        if emits_metrics:
            bundled = (*bundled, METRICS_PACKAGE)
            environment = {**environment, ENVIRONMENT_VARIABLE: self.metrics_environment}
        profile = self.config.profile
        return TracedLambda(
            self,
            id_,
            TracedLambdaProps(
                function_name=function_name,
                source_dir=FUNCTIONS_DIR / code,
                timeout_seconds=timeout_seconds,
                memory_mb=memory_mb,
                reserved_concurrency=profile.reserved(reserved_concurrency),
                log_retention_days=profile.log_retention(log_retention_days),
                environment=environment,
                async_invoke=async_invoke,
                kms_key_arn=kms_key_arn,
                bundled_packages=tuple(FUNCTIONS_DIR / name for name in bundled),
            ),
        )

    def guard(
        self,
        api: RestApi,
        *,
        name: str,
        max_body_bytes: int,
        log_retention_days: int,
        counted_rules: Mapping[str, str] | None = None,
    ) -> WebAcl | None:
        """A web ACL in front of `api`'s stage where the environment's profile asks for one, else None.

        `max_body_bytes` is the API's own limit and `log_retention_days` the
        system's own retention (the profile may keep logs longer);
        `counted_rules` are the managed rules this API's legitimate requests
        would trip, with why.
        """
        settings = self.config.profile.web_acl
        if settings is None:
            return None
        return WebAcl(
            self,
            "web-acl",
            WebAclProps(
                name=name,
                region=self.config.region,
                stage_arn=api.stage.arn,
                rate_limit_per_ip=settings.requests_per_ip,
                max_body_bytes=max_body_bytes,
                log_retention_days=self.config.profile.log_retention(log_retention_days),
                counted_rules=counted_rules or {},
            ),
        )

    def watch(self, watched: Watched, *, alarm_topic: str, dashboard: str, **alarm_settings) -> OperationalAlarms:
        """The stack's alarms (to `alarm_topic`, e-mails per the environment) and dashboard, from one description."""
        alarms = OperationalAlarms(
            self,
            "alarms",
            OperationalAlarmsProps(
                topic_name=alarm_topic, watched=watched, email_subscriptions=self.config.alarm_emails, **alarm_settings
            ),
        )
        OperationsDashboard(self, "dashboard", OperationsDashboardProps(name=dashboard, region=self.config.region, watched=watched))
        return alarms

    def add_outputs(self, outputs: Mapping[str, str]) -> None:
        for name, value in outputs.items():
            cdk.TerraformOutput(self, name, value=value)

    def _state_backend(self) -> None:
        remote = self.config.remote_state
        stack_id = self.system.stack_id(self.config.suffix)
        if remote is None:
            # Relative to the stack's folder (cdktf.out/stacks/<stack>/): the state
            # sits at the project root, and the synthesized JSON holds no absolute path.
            cdk.LocalBackend(self, path=f"../../../terraform.{stack_id}.tfstate")
            return
        cdk.S3Backend(
            self,
            bucket=remote.bucket,
            key=remote.key(self.system.name, stack_id),
            region=remote.region,
            encrypt=True,
            dynamodb_table=remote.lock_table,
        )
        if remote.lock_table is None:
            # S3-native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it.
            self.add_override("terraform.backend.s3.use_lockfile", True)
