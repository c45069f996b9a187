"""UploadBucket: the forced security settings, the lifecycle on the prefix, its one notification, prefix grants."""

import json

import pytest
from tests.fixtures.tf_json import address, only, policy_recorder, recorded_policies, resources, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.traced_lambda import TracedLambda, TracedLambdaProps
from constructs_lib.upload_bucket import UploadBucket, UploadBucketProps

ACCOUNT = "123456789012"
BUCKET = TF_RESOURCE_TYPE.S3Bucket


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory):
    source = tmp_path_factory.mktemp("fn")
    (source / "handler.py").write_text("def handler(event, context):\n    return event\n")
    return source


def bucket(stack, **overrides) -> UploadBucket:
    key = EncryptionKey(stack, "key", EncryptionKeyProps(alias="alias/t", description="t"))
    props = {"bucket_name": f"uploads-{ACCOUNT}-dev", "account_id": ACCOUNT, "kms_key": key, "key_prefix": "uploads/",
             **overrides}
    return UploadBucket(stack, "uploads", UploadBucketProps(**props))


def function(stack, source_dir) -> TracedLambda:
    return TracedLambda(stack, "ingest", TracedLambdaProps(function_name="ingest-dev", source_dir=source_dir,
                                                           timeout_seconds=10))


@pytest.fixture(scope="module")
def tf(source_dir) -> dict:
    def build(stack):
        uploads = bucket(stack)
        uploads.notify(function(stack, source_dir), suffix=".csv")
        uploads.grant_put(policy_recorder(stack, "writer"))
        uploads.grant_read(policy_recorder(stack, "reader"))

    return synth_construct(build)


def arn_of(tf: dict, resource_type: str) -> str:
    """The ARN reference of the one resource of that type."""
    [logical_id] = tf["resource"][resource_type]
    return f"${{{resource_type}.{logical_id}.arn}}"


def bucket_id(tf: dict) -> str:
    return f"${{{address(tf, BUCKET, f'uploads-{ACCOUNT}-dev', 'bucket')}.id}}"


def test_versioning_is_enabled(tf):
    versioning = only(tf, TF_RESOURCE_TYPE.S3BucketVersioningA)
    assert versioning == {"bucket": bucket_id(tf), "versioning_configuration": {"status": "Enabled"}}


def test_sse_kms_with_the_key_and_the_bucket_key(tf):
    encryption = only(tf, TF_RESOURCE_TYPE.S3BucketServerSideEncryptionConfigurationA)
    assert encryption["bucket"] == bucket_id(tf)
    assert encryption["rule"] == [{
        "apply_server_side_encryption_by_default": {
            "sse_algorithm": "aws:kms", "kms_master_key_id": arn_of(tf, TF_RESOURCE_TYPE.KmsKey)},
        "bucket_key_enabled": True,
    }]


def test_all_four_public_access_block_flags(tf):
    block = only(tf, TF_RESOURCE_TYPE.S3BucketPublicAccessBlock)
    assert block == {"bucket": bucket_id(tf), "block_public_acls": True, "block_public_policy": True,
                     "ignore_public_acls": True, "restrict_public_buckets": True}


def test_object_ownership_is_bucket_owner_enforced(tf):
    ownership = only(tf, TF_RESOURCE_TYPE.S3BucketOwnershipControls)
    assert ownership == {"bucket": bucket_id(tf), "rule": {"object_ownership": "BucketOwnerEnforced"}}


def test_the_policy_denies_every_request_without_tls_on_bucket_and_objects(tf):
    bucket_policy = only(tf, TF_RESOURCE_TYPE.S3BucketPolicy)
    arn = arn_of(tf, BUCKET)
    assert bucket_policy["bucket"] == bucket_id(tf)
    assert json.loads(bucket_policy["policy"])["Statement"] == [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }]


def test_force_destroy_retains_nothing(tf):
    assert only(tf, BUCKET)["force_destroy"] is True


def lifecycle_rules(tf: dict) -> dict[str, dict]:
    return {rule["id"]: rule for rule in only(tf, TF_RESOURCE_TYPE.S3BucketLifecycleConfiguration)["rule"]}


def test_default_lifecycle_on_the_prefix_expires_after_90_days_and_noncurrent_versions_1_day_later(tf):
    rule = lifecycle_rules(tf)["expire-uploads"]
    assert (rule["status"], rule["filter"]) == ("Enabled", [{"prefix": "uploads/"}])
    assert rule["expiration"] == [{"days": 90}]
    assert rule["noncurrent_version_expiration"] == [{"noncurrent_days": 1}]


def test_incomplete_multipart_uploads_are_aborted_after_1_day_anywhere_in_the_bucket(tf):
    rule = lifecycle_rules(tf)["abort-incomplete-uploads"]
    assert (rule["status"], rule["filter"]) == ("Enabled", [{}])
    assert rule["abort_incomplete_multipart_upload"] == [{"days_after_initiation": 1}]
    assert set(lifecycle_rules(tf)) == {"expire-uploads", "remove-expired-delete-markers", "abort-incomplete-uploads"}


def test_expired_delete_markers_on_the_prefix_are_removed(tf):
    rule = lifecycle_rules(tf)["remove-expired-delete-markers"]
    assert (rule["status"], rule["filter"]) == ("Enabled", [{"prefix": "uploads/"}])
    assert rule["expiration"] == [{"expired_object_delete_marker": True}]


def test_expiry_override_applies_and_without_notify_there_is_no_notification():
    tf = synth_construct(lambda stack: bucket(stack, key_prefix="in/", expire_after_days=7))
    assert lifecycle_rules(tf)["expire-uploads"]["expiration"] == [{"days": 7}]
    assert lifecycle_rules(tf)["expire-uploads"]["filter"] == [{"prefix": "in/"}]
    assert resources(tf, TF_RESOURCE_TYPE.S3BucketNotification) == []
    assert resources(tf, TF_RESOURCE_TYPE.LambdaPermission) == []


# --- notify -------------------------------------------------------------------------


def test_notify_creates_the_one_notification_on_prefix_and_suffix(tf):
    notification = only(tf, TF_RESOURCE_TYPE.S3BucketNotification)
    assert notification["bucket"] == bucket_id(tf)
    assert notification["lambda_function"] == [{
        "lambda_function_arn": arn_of(tf, TF_RESOURCE_TYPE.LambdaFunction),
        "events": ["s3:ObjectCreated:*"], "filter_prefix": "uploads/", "filter_suffix": ".csv",
    }]


def test_s3_may_invoke_the_function_only_for_this_bucket_and_account(tf):
    permission = only(tf, TF_RESOURCE_TYPE.LambdaPermission)
    function = address(tf, TF_RESOURCE_TYPE.LambdaFunction, "ingest-dev", "function_name")
    assert permission["function_name"] == f"${{{function}.function_name}}"
    assert (permission["principal"], permission["action"]) == ("s3.amazonaws.com", "lambda:InvokeFunction")
    assert (permission["source_arn"], permission["source_account"]) == (arn_of(tf, BUCKET), ACCOUNT)


def test_the_notification_waits_for_the_permission(tf):
    [permission_id] = tf["resource"][TF_RESOURCE_TYPE.LambdaPermission]
    assert only(tf, TF_RESOURCE_TYPE.S3BucketNotification)["depends_on"] == [
        f"{TF_RESOURCE_TYPE.LambdaPermission}.{permission_id}"
    ]


def test_a_second_notify_is_refused(source_dir):
    def build(stack):
        uploads, fn = bucket(stack), function(stack, source_dir)
        uploads.notify(fn, suffix=".csv")
        uploads.notify(fn, suffix=".json")

    with pytest.raises(ValueError, match="already notifies a function: a bucket has one notification"):
        synth_construct(build)


# --- grants -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "s3_actions", "key_action"),
    [("put-uploads", ["s3:PutObject"], "kms:GenerateDataKey"),
     ("read-uploads", ["s3:GetObject", "s3:GetObjectVersion"], "kms:Decrypt")],
)
def test_grants_are_scoped_to_the_prefix_and_use_the_key_only_through_s3(tf, policy, s3_actions, key_action):
    objects, key = recorded_policies(tf)[policy]
    assert objects == {"Effect": "Allow", "Action": s3_actions, "Resource": [f"{arn_of(tf, BUCKET)}/uploads/*"]}
    assert key == {"Effect": "Allow", "Action": [key_action], "Resource": [arn_of(tf, TF_RESOURCE_TYPE.KmsKey)],
                   "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}}


# --- props checks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [({"key_prefix": "/uploads/"}, "key_prefix must look like 'uploads/'.*got '/uploads/'"),
     ({"key_prefix": "uploads"}, "key_prefix must look like 'uploads/'.*got 'uploads'"),
     ({"expire_after_days": 0}, "expire_after_days must be at least 1")],
)
def test_props_checks(overrides, problem):
    with pytest.raises(ValueError, match=problem):
        synth_construct(lambda stack: bucket(stack, **overrides))


def test_all_props_problems_are_reported_at_once():
    with pytest.raises(ValueError, match="key_prefix.*; expire_after_days"):
        synth_construct(lambda stack: bucket(stack, key_prefix="/uploads", expire_after_days=0))
