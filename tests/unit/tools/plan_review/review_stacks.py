"""Two small hand-written synthesized stacks: the base branch's and a pull request's."""

import copy

REDRIVE = '{"deadLetterTargetArn": "${aws_sqs_queue.jobs_dlq_1.arn}", "maxReceiveCount": %d}'


def base_stack() -> dict:
    return {
        "//": {"metadata": {"backend": "local", "stackName": "demo-dev", "version": "0.21.0"}},
        "provider": {"aws": [{"region": "us-east-1", "default_tags": [{"tags": {"Environment": "dev"}}]}]},
        "terraform": {"backend": {"local": {"path": "demo.tfstate"}}},
        "resource": {
            "aws_lambda_function": {
                "router_fn_1": {
                    "//": {"metadata": {"path": "demo-dev/router/fn", "uniqueId": "router_fn_1"}},
                    "function_name": "router-dev",
                    "runtime": "python3.11",
                    "architectures": ["arm64"],
                    "memory_size": 256,
                    "timeout": 60,
                    "tracing_config": {"mode": "Active"},
                    "environment": {"variables": {"API_TOKEN": "old-token-value", "MODE": "fast"}},
                }
            },
            "aws_sqs_queue": {
                "jobs_1": {
                    "name": "jobs-dev",
                    "message_retention_seconds": 604800,
                    "visibility_timeout_seconds": 300,
                    "sqs_managed_sse_enabled": True,
                    "redrive_policy": REDRIVE % 3,
                },
                "jobs_dlq_1": {"name": "jobs-dlq-dev", "message_retention_seconds": 1209600},
            },
            "aws_sns_topic": {"alarms_1": {"name": "alarms-dev"}},
            "aws_cloudwatch_log_group": {"old_logs_1": {"name": "/old/logs", "retention_in_days": 7}},
        },
        "output": {"jobs_url": {"value": "${aws_sqs_queue.jobs_1.url}"}},
    }


def pull_request_stack() -> dict:
    """The base stack with one resource added, one removed, two changed and one moved."""
    tf = copy.deepcopy(base_stack())
    resources = tf["resource"]
    router = resources["aws_lambda_function"]["router_fn_1"]
    router["memory_size"] = 512
    router["reserved_concurrent_executions"] = 10
    router["environment"]["variables"]["API_TOKEN"] = "new-token-value"
    resources["aws_sqs_queue"]["jobs_1"]["redrive_policy"] = REDRIVE % 5
    resources["aws_sns_topic"] = {"alarms_2": resources["aws_sns_topic"]["alarms_1"]}
    del resources["aws_cloudwatch_log_group"]
    resources["aws_dynamodb_table"] = {
        "events_1": {"name": "events-dev", "billing_mode": "PAY_PER_REQUEST", "hash_key": "id"}
    }
    tf["terraform"]["backend"] = {"s3": {"bucket": "state-bucket", "key": "demo-dev.tfstate"}}
    return tf
