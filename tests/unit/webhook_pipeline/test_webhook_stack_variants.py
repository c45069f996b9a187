"""Stack settings that depend on the environment: remote state, account role, alarm emails, profiles."""

import json

import pytest
from cdktf import Testing
from cdktf_cdktf_provider_aws.api_gateway_account import ApiGatewayAccount
from cdktf_cdktf_provider_aws.api_gateway_method_settings import ApiGatewayMethodSettings
from cdktf_cdktf_provider_aws.api_gateway_stage import ApiGatewayStage
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from tests.fixtures.tf_json import address, only, resources

from stacks.environment import configs_from_env
from stacks.registry import SYSTEMS
from stacks.webhook_pipeline.stack import WebhookPipelineStack


def synth_env(env: dict[str, str]) -> dict[str, dict]:
    app = Testing.app()
    stacks = {c.suffix: WebhookPipelineStack(app, c) for c in configs_from_env(env, SYSTEMS)}
    return {suffix: json.loads(Testing.synth(stack)) for suffix, stack in stacks.items()}


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
    assert resources(team["pr-7"], ApiGatewayAccount.TF_RESOURCE_TYPE) == []
    staging = team["staging"]
    account = only(staging, ApiGatewayAccount.TF_RESOURCE_TYPE)
    role = address(staging, IamRole.TF_RESOURCE_TYPE, "apigw-cloudwatch-staging")
    assert account["cloudwatch_role_arn"] == f"${{{role}.arn}}"
    assert only(staging, IamRolePolicyAttachment.TF_RESOURCE_TYPE)["policy_arn"].endswith(
        "service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    )
    account_address = f"aws_api_gateway_account.{next(iter(staging['resource']['aws_api_gateway_account']))}"
    assert account_address in only(staging, ApiGatewayStage.TF_RESOURCE_TYPE)["depends_on"]
    assert account_address in only(staging, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["depends_on"]


def test_alarm_emails_subscribe_in_staging_not_in_ephemeral_environments(team):
    [subscription] = resources(team["staging"], SnsTopicSubscription.TF_RESOURCE_TYPE)
    assert (subscription["protocol"], subscription["endpoint"]) == ("email", "ops@example.com")
    assert resources(team["pr-7"], SnsTopicSubscription.TF_RESOURCE_TYPE) == []


def test_ephemeral_environments_take_the_dev_profile(team):
    pr = team["pr-7"]
    assert all("reserved_concurrent_executions" not in f for f in resources(pr, LambdaFunction.TF_RESOURCE_TYPE))
    settings = only(pr, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]
    assert (settings["throttling_rate_limit"], settings["throttling_burst_limit"]) == (1000, 1000)


def test_prod_profile_values(synthesized):
    prod = json.loads(synthesized[("webhook-pipeline", "prod")])
    settings = only(prod, ApiGatewayMethodSettings.TF_RESOURCE_TYPE)["settings"]
    assert (settings["throttling_rate_limit"], settings["throttling_burst_limit"]) == (100, 10)
    assert settings["logging_level"] == "ERROR"
    assert {g["retention_in_days"] for g in resources(prod, CloudwatchLogGroup.TF_RESOURCE_TYPE)} == {90}
    assert {f["reserved_concurrent_executions"] for f in resources(prod, LambdaFunction.TF_RESOURCE_TYPE)} == {10}
