"""Creators for the wiring: functions, async invoke configs, event source mappings, S3 notifications.

Nothing of this goes to moto (its Lambda needs Docker): each function is a
LocalFunction running functions/<name>/ in-process with its declared
environment, and each trigger is recorded in the stack's wiring
(stack_run.Wiring) for the part of the local run that plays it
(async_invoke, sqs_source, stream_source, s3_notifications).
"""

import json
import uuid

from tools.local_run.asset_hash import code_for
from tools.local_run.constants import ACCOUNT_ID
from tools.local_run.lambda_.async_invoke import DEFAULT_MAX_AGE_SECONDS, DEFAULT_RETRIES, AsyncConfig
from tools.local_run.lambda_.functions import LocalFunction
from tools.local_run.provision.stack_run import Cloud, Creator, StackRun
from tools.local_run.tf_model import Resource
from tools.local_run.triggers.event_filters import check_pattern
from tools.local_run.triggers.s3_notifications import NotificationTarget
from tools.local_run.triggers.sqs_source import SqsMapping
from tools.local_run.triggers.stream_source import StreamMapping


def lambda_function(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    name = settings["function_name"]
    arn = f"arn:aws:lambda:{run.region}:{ACCOUNT_ID}:function:{name}"
    if not settings.get("runtime", "").startswith("python3"):
        raise NotImplementedError(f"runtime {settings.get('runtime')!r}: only Python functions run in-process")
    environment = (settings.get("environment") or {}).get("variables") or {}
    run.wiring.functions.add(LocalFunction(
        name=name, arn=arn, code=code_for(settings["source_code_hash"], name),
        environment={key: str(value) for key, value in environment.items()},
        timeout_seconds=int(settings.get("timeout", 3)), memory_mb=int(settings.get("memory_size", 128)),
        runtime=settings["runtime"], handler=settings.get("handler", "handler.handler"),
    ))
    invoke_arn = f"arn:aws:apigateway:{run.region}:lambda:path/2015-03-31/functions/{arn}/invocations"
    return {"id": name, "function_name": name, "arn": arn, "invoke_arn": invoke_arn,
            "qualified_arn": f"{arn}:$LATEST", "version": "$LATEST"}


def _destination(settings: dict, outcome: str) -> str | None:
    target = ((settings.get("destination_config") or {}).get(outcome) or {})
    return target.get("destination") or target.get("destination_arn")


def event_invoke_config(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    function = run.wiring.functions.find(settings["function_name"])
    run.wiring.async_configs[function.name] = AsyncConfig(
        maximum_retry_attempts=int(settings.get("maximum_retry_attempts", DEFAULT_RETRIES)),
        maximum_event_age_seconds=int(settings.get("maximum_event_age_in_seconds", DEFAULT_MAX_AGE_SECONDS)),
        on_failure=_destination(settings, "on_failure"), on_success=_destination(settings, "on_success"),
    )
    return {"id": function.name}


def event_source_mapping(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    function = run.wiring.functions.find(settings["function_name"])
    source = settings["event_source_arn"]
    patterns = [json.loads(f["pattern"]) for f in (settings.get("filter_criteria") or {}).get("filter", [])]
    for pattern in patterns:
        check_pattern(pattern)
    default_batch = 10 if source.startswith("arn:aws:sqs:") else 100
    common = dict(
        function=function, source_arn=source, batch_size=int(settings.get("batch_size", default_batch)),
        window_seconds=float(settings.get("maximum_batching_window_in_seconds", 0)), patterns=patterns,
        report_failures="ReportBatchItemFailures" in (settings.get("function_response_types") or []),
    )
    if source.startswith("arn:aws:sqs:"):
        mapping = SqsMapping(**common)
    elif ":dynamodb:" in source and "/stream/" in source:
        mapping = StreamMapping(
            **common, starting_position=settings.get("starting_position", "LATEST"),
            maximum_retry_attempts=int(settings.get("maximum_retry_attempts", -1)),
            maximum_record_age_seconds=int(settings.get("maximum_record_age_in_seconds", -1)),
            bisect_on_error=bool(settings.get("bisect_batch_on_function_error")),
            on_failure=_destination(settings, "on_failure"),
        )
    else:
        raise NotImplementedError(f"event source {source}: only SQS queues and DynamoDB streams are emulated")
    run.wiring.mappings.append(mapping)
    mapping_id = str(uuid.uuid4())
    arn = f"arn:aws:lambda:{run.region}:{ACCOUNT_ID}:event-source-mapping:{mapping_id}"
    return {"id": mapping_id, "uuid": mapping_id, "arn": arn, "function_arn": function.arn, "state": "Enabled"}


def bucket_notification(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    if settings.get("queue") or settings.get("topic") or settings.get("eventbridge"):
        raise NotImplementedError("S3 notifications to queues, topics and EventBridge are not emulated")
    for index, target in enumerate(settings.get("lambda_function") or []):
        run.wiring.notifications.append(NotificationTarget(
            bucket=settings["bucket"], function_arn=target["lambda_function_arn"], events=tuple(target["events"]),
            prefix=target.get("filter_prefix", ""), suffix=target.get("filter_suffix", ""),
            configuration_id=target.get("id") or f"tf-s3-lambda-{index}",
        ))
    return {"id": settings["bucket"]}


def lambda_permission(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    """Recorded, not enforced: who may invoke is IAM's business, which the local run does not emulate."""
    return {"id": settings.get("statement_id", resource.address)}


CREATORS: dict[str, Creator] = {
    "aws_lambda_function": lambda_function,
    "aws_lambda_function_event_invoke_config": event_invoke_config,
    "aws_lambda_event_source_mapping": event_source_mapping,
    "aws_s3_bucket_notification": bucket_notification,
    "aws_lambda_permission": lambda_permission,
}
