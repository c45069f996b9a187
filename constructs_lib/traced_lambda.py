"""A Python Lambda packaged from its own directory, with X-Ray, its role and its log group."""

import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cdktf import AssetType, TerraformAsset
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.lambda_function import (
    LambdaFunction,
    LambdaFunctionEnvironment,
    LambdaFunctionTracingConfig,
)
from cdktf_cdktf_provider_aws.lambda_function_event_invoke_config import (
    LambdaFunctionEventInvokeConfig,
    LambdaFunctionEventInvokeConfigDestinationConfig,
    LambdaFunctionEventInvokeConfigDestinationConfigOnFailure,
)
from constructs import Construct

from constructs_lib.dependencies import add_dependencies
from constructs_lib.iam import allow, assume_role_policy, policy_document

RUNTIME = "python3.11"
ARCHITECTURE = "arm64"
HANDLER = "handler.handler"
DEFAULT_MEMORY_MB = 256
DEFAULT_LOG_RETENTION_DAYS = 30
DEFAULT_ASYNC_RETRY_ATTEMPTS = 2
DEFAULT_ASYNC_MAX_EVENT_AGE_SECONDS = 3600
MAX_TIMEOUT_SECONDS = 900

# Left out of every zip: bytecode from local runs would change the asset hash.
_PACKAGING_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
# Staging copies live until the process exits, after synth has zipped them.
_staging_dirs: list[tempfile.TemporaryDirectory] = []


@dataclass(frozen=True)
class AsyncInvokeProps:
    """How Lambda retries asynchronous invocations, and where failures go."""

    on_failure_destination_arn: str
    maximum_retry_attempts: int = DEFAULT_ASYNC_RETRY_ATTEMPTS
    maximum_event_age_seconds: int = DEFAULT_ASYNC_MAX_EVENT_AGE_SECONDS


@dataclass(frozen=True)
class TracedLambdaProps:
    function_name: str
    source_dir: Path
    timeout_seconds: int
    environment: Mapping[str, str] = field(default_factory=dict)
    memory_mb: int = DEFAULT_MEMORY_MB
    reserved_concurrency: int | None = None
    log_retention_days: int = DEFAULT_LOG_RETENTION_DAYS
    role_name: str | None = None
    async_invoke: AsyncInvokeProps | None = None


def _check(props: TracedLambdaProps) -> None:
    problems = []
    if not (props.source_dir / "handler.py").is_file():
        problems.append(f"source_dir {props.source_dir} has no handler.py")
    if not 1 <= props.timeout_seconds <= MAX_TIMEOUT_SECONDS:
        problems.append(f"timeout_seconds must be 1-{MAX_TIMEOUT_SECONDS}, got {props.timeout_seconds}")
    if not 128 <= props.memory_mb <= 10240:
        problems.append(f"memory_mb must be 128-10240, got {props.memory_mb}")
    if props.reserved_concurrency is not None and props.reserved_concurrency < 1:
        problems.append(f"reserved_concurrency must be at least 1 or None, got {props.reserved_concurrency}")
    if props.async_invoke and not 0 <= props.async_invoke.maximum_retry_attempts <= 2:
        problems.append("async_invoke.maximum_retry_attempts must be 0-2")
    if props.async_invoke and not 60 <= props.async_invoke.maximum_event_age_seconds <= 21600:
        problems.append("async_invoke.maximum_event_age_seconds must be 60-21600")
    if problems:
        raise ValueError("TracedLambdaProps: " + "; ".join(problems))


def _staged_copy(source_dir: Path) -> Path:
    staging = tempfile.TemporaryDirectory(prefix="lambda-src-")
    _staging_dirs.append(staging)
    target = Path(staging.name) / source_dir.name
    shutil.copytree(source_dir, target, ignore=_PACKAGING_IGNORE)
    return target


class TracedLambda(Construct):
    """A Lambda function with everything it needs to run and be observed.

    Default settings: memory 256 MB, log retention 30 days, no reserved
    concurrency, no async-invoke config, role named `<function_name>-role`.
    Forced: runtime python3.11, arm64, handler `handler.handler`, X-Ray
    tracing Active, a declared log group the function depends on, and a role
    that may write only to that log group and send X-Ray segments. The
    async-invoke config waits for every policy of the role, since Lambda
    checks that the role may use the failure destination. The zip is
    built from `source_dir` without bytecode; `source_code_hash` is the asset
    hash (file contents only), so plans are stable across checkouts.
    """

    def __init__(self, scope: Construct, id_: str, props: TracedLambdaProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self._policies: dict[str, IamRolePolicy] = {}
        self.async_invoke_config: LambdaFunctionEventInvokeConfig | None = None

        self.log_group = CloudwatchLogGroup(
            self,
            "log-group",
            name=f"/aws/lambda/{props.function_name}",
            retention_in_days=props.log_retention_days,
        )
        self.role = IamRole(
            self,
            "role",
            name=props.role_name or f"{props.function_name}-role",
            assume_role_policy=assume_role_policy("lambda.amazonaws.com"),
        )
        self.add_policy(
            "logs",
            allow(["logs:CreateLogStream", "logs:PutLogEvents"], [f"{self.log_group.arn}:*"]),
        )
        # X-Ray's write actions support no resource-level scoping.
        self.add_policy("xray", allow(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], ["*"]))

        code = TerraformAsset(
            self, "code", path=str(_staged_copy(props.source_dir)), type=AssetType.ARCHIVE
        )
        self.function = LambdaFunction(
            self,
            "function",
            function_name=props.function_name,
            role=self.role.arn,
            handler=HANDLER,
            runtime=RUNTIME,
            architectures=[ARCHITECTURE],
            memory_size=props.memory_mb,
            timeout=props.timeout_seconds,
            filename=code.path,
            source_code_hash=code.asset_hash,
            tracing_config=LambdaFunctionTracingConfig(mode="Active"),
            environment=LambdaFunctionEnvironment(variables=dict(props.environment))
            if props.environment
            else None,
            reserved_concurrent_executions=props.reserved_concurrency,
            depends_on=[self.log_group],
        )
        if props.async_invoke:
            self._configure_async_invoke(props.async_invoke)

    def add_policy(self, name: str, *statements: dict) -> IamRolePolicy:
        """Attach an inline policy to the function's role; names are unique per role."""
        if name in self._policies:
            raise ValueError(f"policy {name!r} is already attached to {self.node.path}")
        policy = IamRolePolicy(
            self, f"policy-{name}", name=name, role=self.role.id, policy=policy_document(*statements)
        )
        self._policies[name] = policy
        if self.async_invoke_config is not None:
            # Lambda checks that the role may use the failure destination.
            add_dependencies(self.async_invoke_config, policy)
        return policy

    def grant_invoke(self, grantee: "TracedLambda") -> None:
        grantee.add_policy(
            f"invoke-{self.node.id}", allow(["lambda:InvokeFunction"], [self.function.arn])
        )

    def _configure_async_invoke(self, props: AsyncInvokeProps) -> None:
        self.async_invoke_config = LambdaFunctionEventInvokeConfig(
            self,
            "async-invoke",
            function_name=self.function.function_name,
            maximum_retry_attempts=props.maximum_retry_attempts,
            maximum_event_age_in_seconds=props.maximum_event_age_seconds,
            destination_config=LambdaFunctionEventInvokeConfigDestinationConfig(
                on_failure=LambdaFunctionEventInvokeConfigDestinationConfigOnFailure(
                    destination=props.on_failure_destination_arn
                )
            ),
            depends_on=list(self._policies.values()),
        )
