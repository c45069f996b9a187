"""Creators for the data resources: identity, KMS, SQS, DynamoDB, S3, SNS, Secrets Manager.

Each passes the declared settings to moto and answers the attributes
Terraform would (url, arn, name, stream_arn, ...). Queue and topic
policies are stored as declared; moto does not evaluate them. Bucket
policies are not applied (see s3_bucket_setting).
"""

import base64
import secrets
from typing import Any

from tools.local_run.constants import ACCOUNT_ID
from tools.local_run.provision.stack_run import Cloud, Creator, StackRun
from tools.local_run.tf_model import Resource, references

QUEUE_ATTRIBUTES = {  # Terraform argument -> SQS attribute
    "visibility_timeout_seconds": "VisibilityTimeout", "message_retention_seconds": "MessageRetentionPeriod",
    "delay_seconds": "DelaySeconds", "receive_wait_time_seconds": "ReceiveMessageWaitTimeSeconds",
    "max_message_size": "MaximumMessageSize", "redrive_policy": "RedrivePolicy",
    "redrive_allow_policy": "RedriveAllowPolicy", "sqs_managed_sse_enabled": "SqsManagedSseEnabled",
    "kms_master_key_id": "KmsMasterKeyId", "fifo_queue": "FifoQueue", "policy": "Policy",
    "content_based_deduplication": "ContentBasedDeduplication",
}
PUBLIC_ACCESS_BLOCK = {"block_public_acls": "BlockPublicAcls", "ignore_public_acls": "IgnorePublicAcls",
                       "block_public_policy": "BlockPublicPolicy", "restrict_public_buckets": "RestrictPublicBuckets"}


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def caller_identity(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    """A data source: resolved, never created."""
    arn = f"arn:aws:iam::{ACCOUNT_ID}:user/local-run"
    return {"account_id": ACCOUNT_ID, "id": ACCOUNT_ID, "arn": arn, "user_id": "local-run"}


def kms_key(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    options = {"Description": settings.get("description", "")}
    if settings.get("policy"):
        options["Policy"] = settings["policy"]
    key = cloud.clients("kms").create_key(**options)["KeyMetadata"]
    if settings.get("enable_key_rotation"):
        cloud.clients("kms").enable_key_rotation(KeyId=key["KeyId"])
    return {"id": key["KeyId"], "key_id": key["KeyId"], "arn": key["Arn"]}


def kms_alias(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    cloud.clients("kms").create_alias(AliasName=settings["name"], TargetKeyId=settings["target_key_id"])
    arn = f"arn:aws:kms:{run.region}:{ACCOUNT_ID}:{settings['name']}"
    return {"id": settings["name"], "name": settings["name"], "arn": arn}


def sqs_queue(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    attributes = {QUEUE_ATTRIBUTES[name]: _text(value) for name, value in settings.items() if name in QUEUE_ATTRIBUTES}
    sqs = cloud.clients("sqs")
    url = sqs.create_queue(QueueName=settings["name"], Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return {"id": url, "url": url, "arn": arn, "name": settings["name"]}


def sqs_queue_setting(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    name = "Policy" if resource.type == "aws_sqs_queue_policy" else "RedriveAllowPolicy"
    value = settings["policy"] if name == "Policy" else settings["redrive_allow_policy"]
    cloud.clients("sqs").set_queue_attributes(QueueUrl=settings["queue_url"], Attributes={name: value})
    return {"id": settings["queue_url"]}


def dynamodb_table(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    keys = [{"AttributeName": settings["hash_key"], "KeyType": "HASH"}]
    if settings.get("range_key"):
        keys.append({"AttributeName": settings["range_key"], "KeyType": "RANGE"})
    options: dict[str, Any] = {
        "TableName": settings["name"], "KeySchema": keys,
        "AttributeDefinitions": [{"AttributeName": attribute["name"], "AttributeType": attribute["type"]}
                                 for attribute in settings["attribute"]],
        "BillingMode": settings.get("billing_mode", "PROVISIONED"),
    }
    if options["BillingMode"] == "PROVISIONED":
        options["ProvisionedThroughput"] = {"ReadCapacityUnits": settings.get("read_capacity", 1),
                                            "WriteCapacityUnits": settings.get("write_capacity", 1)}
    if settings.get("stream_enabled"):
        options["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": settings["stream_view_type"]}
    if any(settings.get(name) for name in ("global_secondary_index", "local_secondary_index")):
        raise NotImplementedError("secondary indexes are not emulated")
    dynamodb = cloud.clients("dynamodb")
    table = dynamodb.create_table(**options)["TableDescription"]
    ttl = settings.get("ttl") or {}
    if ttl.get("enabled"):
        dynamodb.update_time_to_live(TableName=settings["name"], TimeToLiveSpecification={
            "Enabled": True, "AttributeName": ttl["attribute_name"]})
    return {"id": settings["name"], "name": settings["name"], "arn": table["TableArn"],
            "stream_arn": table.get("LatestStreamArn", ""), "stream_label": table.get("LatestStreamLabel", "")}


def s3_bucket(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    name = settings["bucket"]
    cloud.clients("s3").create_bucket(Bucket=name)
    return {"id": name, "bucket": name, "arn": f"arn:aws:s3:::{name}", "bucket_domain_name": f"{name}.s3.amazonaws.com",
            "bucket_regional_domain_name": f"{name}.s3.{run.region}.amazonaws.com", "region": run.region}


# Not aws_s3_bucket_policy: moto reads a Deny's Condition (aws:SecureTransport) as absent and would refuse every
# presigned request; policies are IAM's business, which the local run does not emulate.
def s3_bucket_setting(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    s3, bucket = cloud.clients("s3"), settings["bucket"]
    if resource.type == "aws_s3_bucket_versioning":
        status = settings["versioning_configuration"]["status"]
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": status})
    elif resource.type == "aws_s3_bucket_public_access_block":
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            api_name: bool(settings.get(name)) for name, api_name in PUBLIC_ACCESS_BLOCK.items()})
    else:
        rules = []
        for rule in settings["rule"]:
            default = rule["apply_server_side_encryption_by_default"]
            sse = {"SSEAlgorithm": default["sse_algorithm"]}
            if default.get("kms_master_key_id"):
                sse["KMSMasterKeyID"] = default["kms_master_key_id"]
            rules.append({"ApplyServerSideEncryptionByDefault": sse,
                          "BucketKeyEnabled": bool(rule.get("bucket_key_enabled"))})
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": rules})
    return {"id": bucket}


def sns_topic(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    attributes = {"KmsMasterKeyId": settings["kms_master_key_id"]} if settings.get("kms_master_key_id") else {}
    if settings.get("fifo_topic"):
        attributes["FifoTopic"] = "true"
    arn = cloud.clients("sns").create_topic(Name=settings["name"], Attributes=attributes)["TopicArn"]
    return {"id": arn, "arn": arn, "name": settings["name"]}


def sns_topic_policy(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    cloud.clients("sns").set_topic_attributes(TopicArn=settings["arn"], AttributeName="Policy",
                                              AttributeValue=settings["policy"])
    return {"id": settings["arn"]}


def sns_subscription(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    if settings["protocol"] == "lambda":
        raise NotImplementedError("SNS -> Lambda subscriptions are not emulated")
    attributes = {name: _text(settings[key]) for key, name in (("filter_policy", "FilterPolicy"),
                  ("raw_message_delivery", "RawMessageDelivery")) if key in settings}
    arn = cloud.clients("sns").subscribe(TopicArn=settings["topic_arn"], Protocol=settings["protocol"],
                                         Endpoint=settings["endpoint"], Attributes=attributes,
                                         ReturnSubscriptionArn=True)["SubscriptionArn"]
    return {"id": arn, "arn": arn}


def signing_key() -> str:
    """A Standard Webhooks secret (whsec_ + base64 of 32 random bytes)."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def secret(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    """Created as declared; one created without a version gets a generated value (the stacks never set one)."""
    options = {"Name": settings["name"], "Description": settings.get("description", "")}
    if settings.get("kms_key_id"):
        options["KmsKeyId"] = settings["kms_key_id"]
    client = cloud.clients("secretsmanager")
    arn = client.create_secret(**options)["ARN"]
    versions = run.model.of_type("aws_secretsmanager_secret_version")
    if not any(resource.address in references(version.settings()) for version in versions):
        client.put_secret_value(SecretId=arn, SecretString=signing_key())
        run.wiring.generated_secrets[settings["name"]] = arn
    return {"id": arn, "arn": arn, "name": settings["name"]}


def secret_version(cloud: Cloud, run: StackRun, resource: Resource, settings: dict) -> dict:
    answer = cloud.clients("secretsmanager").put_secret_value(SecretId=settings["secret_id"],
                                                              SecretString=settings["secret_string"])
    return {"id": f"{settings['secret_id']}|{answer['VersionId']}", "version_id": answer["VersionId"]}


CREATORS: dict[str, Creator] = {
    "data.aws_caller_identity": caller_identity,
    "aws_kms_key": kms_key,
    "aws_kms_alias": kms_alias,
    "aws_sqs_queue": sqs_queue,
    "aws_sqs_queue_policy": sqs_queue_setting,
    "aws_sqs_queue_redrive_allow_policy": sqs_queue_setting,
    "aws_dynamodb_table": dynamodb_table,
    "aws_s3_bucket": s3_bucket,
    "aws_s3_bucket_versioning": s3_bucket_setting,
    "aws_s3_bucket_server_side_encryption_configuration": s3_bucket_setting,
    "aws_s3_bucket_public_access_block": s3_bucket_setting,
    "aws_sns_topic": sns_topic,
    "aws_sns_topic_policy": sns_topic_policy,
    "aws_sns_topic_subscription": sns_subscription,
    "aws_secretsmanager_secret": secret,
    "aws_secretsmanager_secret_version": secret_version,
}
