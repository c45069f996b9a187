"""A Python Lambda packaged from its own directory, with X-Ray, its role and its log group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from constructs_lib import cdk
from constructs_lib.defaults import (
    ASYNC_MAX_EVENT_AGE_SECONDS,
    ASYNC_RETRY_ATTEMPTS,
    DEFAULT_RUNTIME,
    LOG_RETENTION_DAYS,
)
from constructs_lib.dependencies import add_dependencies
from constructs_lib.iam import Grantee, allow, assume_role_policy, policy_document
from constructs_lib.lambda_packaging import packaging_problems, staged_copy
from constructs_lib.naming import log_group_name, role_name

ARCHITECTURE = "arm64"
HANDLER = "handler.handler"
# Lambda writes each log record as one JSON object, with a record's `extra`
# members at its top level: where CloudWatch Logs finds the embedded metrics
# (EMF) of a line. The text format puts a prefix before the message, and EMF
# is extracted from whole-JSON events only.
LOG_FORMAT = "JSON"
APPLICATION_LOG_LEVEL = "INFO"  # the level the handlers' own loggers log at
SYSTEM_LOG_LEVEL = "INFO"  # keeps the platform's START, END and REPORT lines
DEFAULT_MEMORY_MB = 256
DEFAULT_LOG_RETENTION_DAYS = 30
MAX_TIMEOUT_SECONDS = 900
# New accounts are refused more (AWS raises it only on request).
MAX_MEMORY_MB = 3008


@dataclass(frozen=True)
class AsyncInvokeProps:
    """How Lambda retries asynchronous invocations, and where failures go."""

    on_failure_destination_arn: str
    maximum_retry_attempts: int = ASYNC_RETRY_ATTEMPTS
    maximum_event_age_seconds: int = ASYNC_MAX_EVENT_AGE_SECONDS


@dataclass(frozen=True)
class TracedLambdaProps:
    function_name: str
    source_dir: Path
    timeout_seconds: int
    environment: Mapping[str, str] = field(default_factory=dict)
    memory_mb: int = DEFAULT_MEMORY_MB
    runtime: str = DEFAULT_RUNTIME
    reserved_concurrency: int | None = None
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    async_invoke: AsyncInvokeProps | None = None
    # Encrypt the environment with this customer-managed key (default: Lambda's AWS-managed key).
    kms_key_arn: str | None = None
    # Shared packages copied into the zip beside handler.py (e.g. functions/lambda_kit).
    bundled_packages: Sequence[Path] = ()


def _check(props: TracedLambdaProps) -> None:
    problems = packaging_problems(props.source_dir, props.bundled_packages)
    if not 1 <= props.timeout_seconds <= MAX_TIMEOUT_SECONDS:
        problems.append(f"timeout_seconds must be 1-{MAX_TIMEOUT_SECONDS}, got {props.timeout_seconds}")
    if not 128 <= props.memory_mb <= MAX_MEMORY_MB:
        problems.append(f"memory_mb must be 128-{MAX_MEMORY_MB} (what every account accepts), got {props.memory_mb}")
    if not props.runtime.startswith("python3."):
        problems.append(f"runtime must be a python3.x runtime (the handler is handler.py), got {props.runtime!r}")
    if props.log_retention_days not in LOG_RETENTION_DAYS:
        problems.append(f"log_retention_days must be one CloudWatch accepts {LOG_RETENTION_DAYS}, got {props.log_retention_days}")
    if props.reserved_concurrency is not None and props.reserved_concurrency < 1:
        problems.append(f"reserved_concurrency must be at least 1 or None, got {props.reserved_concurrency}")
    if props.async_invoke and not 0 <= props.async_invoke.maximum_retry_attempts <= 2:
        problems.append("async_invoke.maximum_retry_attempts must be 0-2")
    if props.async_invoke and not 60 <= props.async_invoke.maximum_event_age_seconds <= 21600:
        problems.append("async_invoke.maximum_event_age_seconds must be 60-21600")
    if problems:
        raise ValueError("TracedLambdaProps: " + "; ".join(problems))


class TracedLambda(cdk.Construct):
    """A Lambda function with everything it needs to run and be observed.

    Default settings: runtime python3.11, memory 256 MB, log retention 30
    days, no reserved concurrency, no async-invoke config, environment
    encrypted with Lambda's AWS-managed key, nothing bundled.
    Forced: arm64, handler `handler.handler`, X-Ray tracing Active, a
    declared log group the function depends on and writes to in the JSON log
    format (application and system logs from INFO), a role named
    `<function_name>-role` that may write only to that log group and send
    X-Ray segments, and (with `kms_key_arn`) decrypt with that key only for
    this function's own environment (encryption context of its ARN). The zip
    is built from `source_dir` plus `bundled_packages` without bytecode;
    `source_code_hash` is the asset hash (file contents only), so plans are
    stable across checkouts. Anything Lambda checks against the role at
    creation (the async-invoke config, event source mappings) waits for every
    policy of the role through `wait_for_policies`.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: TracedLambdaProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self.function_name = props.function_name
        self.timeout_seconds = props.timeout_seconds
        self.reserved_concurrency = props.reserved_concurrency
        self._policies: dict[str, cdk.IamRolePolicy] = {}
        self._waiting: list[cdk.TerraformResource] = []
        self.async_invoke_config: cdk.LambdaFunctionEventInvokeConfig | None = None

        self.log_group = cdk.CloudwatchLogGroup(
            self, "log-group", name=log_group_name(props.function_name), retention_in_days=props.log_retention_days
        )
        self.role = cdk.IamRole(
            self, "role", name=role_name(props.function_name), assume_role_policy=assume_role_policy("lambda.amazonaws.com")
        )
        self.add_policy("logs", allow(["logs:CreateLogStream", "logs:PutLogEvents"], [f"{self.log_group.arn}:*"]))
        # X-Ray's write actions support no resource-level scoping.
        self.add_policy("xray", allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]))

        code = cdk.TerraformAsset(
            self, "code", path=str(staged_copy(props.source_dir, props.bundled_packages)), type=cdk.AssetType.ARCHIVE
        )
        self.function = cdk.LambdaFunction(
            self,
            "function",
            function_name=props.function_name,
            role=self.role.arn,
            handler=HANDLER,
            runtime=props.runtime,
            architectures=[ARCHITECTURE],
            memory_size=props.memory_mb,
            timeout=props.timeout_seconds,
            filename=code.path,
            source_code_hash=code.asset_hash,
            tracing_config=cdk.LambdaFunctionTracingConfig(mode="Active"),
            logging_config=cdk.LambdaFunctionLoggingConfig(
                log_format=LOG_FORMAT,
                log_group=self.log_group.name,
                application_log_level=APPLICATION_LOG_LEVEL,
                system_log_level=SYSTEM_LOG_LEVEL,
            ),
            environment=cdk.LambdaFunctionEnvironment(variables=dict(props.environment)) if props.environment else None,
            kms_key_arn=props.kms_key_arn,
            reserved_concurrent_executions=props.reserved_concurrency,
            depends_on=[self.log_group],
        )
        if props.kms_key_arn:
            # Lambda decrypts the environment with the encryption context of the function's own ARN.
            context = {"StringEquals": {"kms:EncryptionContext:aws:lambda:FunctionArn": self.function.arn}}
            self.add_policy("decrypt-environment", allow(["kms:Decrypt"], [props.kms_key_arn], context))
        if props.async_invoke:
            self._configure_async_invoke(props.async_invoke)

    def add_policy(self, name: str, *statements: dict) -> cdk.IamRolePolicy:
        """Attach an inline policy to the function's role; names are unique per role."""
        if name in self._policies:
            raise ValueError(f"policy {name!r} is already attached to {self.node.path}")
        policy = cdk.IamRolePolicy(self, f"policy-{name}", name=name, role=self.role.id, policy=policy_document(*statements))
        self._policies[name] = policy
        for resource in self._waiting:
            add_dependencies(resource, policy)
        return policy

    def wait_for_policies(self, resource: cdk.TerraformResource) -> None:
        """Make `resource` depend on every policy of the role, those attached later included."""
        self._waiting.append(resource)
        if self._policies:
            add_dependencies(resource, *self._policies.values())

    def grant_invoke(self, grantee: Grantee) -> None:
        grantee.add_policy(f"invoke-{self.node.id}", allow(["lambda:InvokeFunction"], [self.function.arn]))

    def _configure_async_invoke(self, props: AsyncInvokeProps) -> None:
        self.async_invoke_config = cdk.LambdaFunctionEventInvokeConfig(
            self,
            "async-invoke",
            function_name=self.function.function_name,
            maximum_retry_attempts=props.maximum_retry_attempts,
            maximum_event_age_in_seconds=props.maximum_event_age_seconds,
            destination_config=cdk.LambdaFunctionEventInvokeConfigDestinationConfig(
                on_failure=cdk.LambdaFunctionEventInvokeConfigDestinationConfigOnFailure(
                    destination=props.on_failure_destination_arn
                )
            ),
        )
        # Lambda checks that the role may use the failure destination.
        self.wait_for_policies(self.async_invoke_config)
