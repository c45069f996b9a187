"""Stack settings that depend on the environment: remote state, account role, alarm emails, profiles."""

import json

import pytest
from tests.fixtures.tf_json import address, only, resources

from constructs_lib import cdk
from constructs_lib.cdk import TF_RESOURCE_TYPE
from stacks.environment import configs_from_env
from stacks.registry import SYSTEMS
from stacks.webhook_pipeline.stack import WebhookPipelineStack


def synth_env(env: dict[str, str]) -> dict[str, dict]:
    app = cdk.Testing.app()
    stacks = {c.suffix: WebhookPipelineStack(app, c) for c in configs_from_env(env, SYSTEMS)}
    return {suffix: json.loads(cdk.Testing.synth(stack)) for suffix, stack in stacks.items()}


@pytest.fixture(scope="module")
def team() -> dict[str, dict]:
    return synth_env(
        {
            "ENVIRONMENT_SUFFIX": "staging,pr-7",
            "TF_STATE_BUCKET": "tf-state",
            "TF_STATE_LOCK_TABLE": "tf-locks",
            "API_GATEWAY_ACCOUNT_OWNER": "staging",
            "ALARM_EMAILS": "ops@example.com",
        }
    )


@pytest.fixture(scope="module")
def lockfile() -> dict:
    return synth_env({"ENVIRONMENT_SUFFIX": "pr-8", "TF_STATE_BUCKET": "tf-state", "TF_STATE_REGION": "eu-west-1"})[
        "pr-8"
    ]


def test_s3_backend_one_key_per_stack_with_a_dynamodb_lock_table(team):
    assert team["staging"]["terraform"]["backend"] == {
        "s3": {
            "bucket": "tf-state",
            "key": "webhook-pipeline/webhook-pipeline-staging.tfstate",
            "region": "us-east-1",
            "encrypt": True,
            "dynamodb_table": "tf-locks",
        }
    }
    assert team["pr-7"]["terraform"]["backend"]["s3"]["key"] == "webhook-pipeline/webhook-pipeline-pr-7.tfstate"


def test_s3_backend_locks_with_an_s3_lockfile_without_a_lock_table(lockfile):
    assert lockfile["terraform"]["backend"] == {
        "s3": {
            "bucket": "tf-state",
            "key": "webhook-pipeline/webhook-pipeline-pr-8.tfstate",
            "region": "eu-west-1",
            "encrypt": True,
            "use_lockfile": True,
        }
    }


def test_only_the_owner_manages_the_api_gateway_cloudwatch_role(team):
    assert resources(team["pr-7"], TF_RESOURCE_TYPE.ApiGatewayAccount) == []
    staging = team["staging"]
    account = only(staging, TF_RESOURCE_TYPE.ApiGatewayAccount)
    role = address(staging, TF_RESOURCE_TYPE.IamRole, "apigw-cloudwatch-staging")
    assert account["cloudwatch_role_arn"] == f"${{{role}.arn}}"
    assert only(staging, TF_RESOURCE_TYPE.IamRolePolicyAttachment)["policy_arn"].endswith(
        "service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    )
    account_address = f"aws_api_gateway_account.{next(iter(staging['resource']['aws_api_gateway_account']))}"
    assert account_address in only(staging, TF_RESOURCE_TYPE.ApiGatewayStage)["depends_on"]
    assert account_address in only(staging, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["depends_on"]


def test_alarm_emails_subscribe_in_staging_not_in_ephemeral_environments(team):
    [subscription] = resources(team["staging"], TF_RESOURCE_TYPE.SnsTopicSubscription)
    assert (subscription["protocol"], subscription["endpoint"]) == ("email", "ops@example.com")
    assert resources(team["pr-7"], TF_RESOURCE_TYPE.SnsTopicSubscription) == []


def test_ephemeral_environments_take_the_dev_profile(team):
    pr = team["pr-7"]
    assert all("reserved_concurrent_executions" not in f for f in resources(pr, TF_RESOURCE_TYPE.LambdaFunction))
    settings = only(pr, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["settings"]
    assert (settings["throttling_rate_limit"], settings["throttling_burst_limit"]) == (1000, 1000)


def test_prod_profile_values(synthesized):
    prod = json.loads(synthesized[("webhook-pipeline", "prod")])
    settings = only(prod, TF_RESOURCE_TYPE.ApiGatewayMethodSettings)["settings"]
    assert (settings["throttling_rate_limit"], settings["throttling_burst_limit"]) == (100, 10)
    assert settings["logging_level"] == "ERROR"
    assert {g["retention_in_days"] for g in resources(prod, TF_RESOURCE_TYPE.CloudwatchLogGroup)} == {90}
    assert {f["reserved_concurrent_executions"] for f in resources(prod, TF_RESOURCE_TYPE.LambdaFunction)} == {10}
