"""An S3 bucket for uploads: private, versioned, KMS-encrypted, TLS-only, expiring, notifying one Lambda."""

from __future__ import annotations

from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.encryption_key import EncryptionKey
from constructs_lib.iam import Grantee, allow, deny_insecure_transport, policy_document
from constructs_lib.traced_lambda import TracedLambda

DEFAULT_EXPIRE_AFTER_DAYS = 90
NONCURRENT_EXPIRE_AFTER_DAYS = 1
ABORT_INCOMPLETE_UPLOAD_AFTER_DAYS = 1


@dataclass(frozen=True)
class UploadBucketProps:
    bucket_name: str  # global: carry the account id
    account_id: str  # the bucket's account: S3 may invoke the notified function only for it
    kms_key: EncryptionKey
    key_prefix: str  # where uploads go, e.g. "uploads/"; the lifecycle applies here
    expire_after_days: int = DEFAULT_EXPIRE_AFTER_DAYS


def _check(props: UploadBucketProps) -> None:
    problems = []
    if not props.key_prefix.endswith("/") or props.key_prefix.startswith("/"):
        problems.append(f"key_prefix must look like 'uploads/' (S3 keys never start with '/'), got {props.key_prefix!r}")
    if props.expire_after_days < 1:
        problems.append("expire_after_days must be at least 1")
    if problems:
        raise ValueError("UploadBucketProps: " + "; ".join(problems))


class UploadBucket(cdk.Construct):
    """`.bucket`; `notify` wires its one notification; grants are scoped to a key prefix.

    Default settings: objects under `key_prefix` expire after 90 days.
    Forced: versioning; SSE-KMS with `kms_key` and the bucket key; all four
    public-access-block flags; object ownership BucketOwnerEnforced (no
    ACLs); a policy denying every request without TLS; a lifecycle on
    `key_prefix` so that no version outlives expiry + 1 day (noncurrent
    versions 1 day after, expired delete markers removed) and, bucket-wide,
    incomplete multipart uploads aborted after 1 day; `force_destroy`
    (nothing is retained on destroy).
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: UploadBucketProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self._props = props
        self._notification: cdk.S3BucketNotification | None = None
        self.bucket = cdk.S3Bucket(self, "bucket", bucket=props.bucket_name, force_destroy=True)
        bucket_id = self.bucket.id
        cdk.S3BucketVersioningA(
            self, "versioning", bucket=bucket_id,
            versioning_configuration=cdk.S3BucketVersioningVersioningConfiguration(status="Enabled"),
        )
        cdk.S3BucketServerSideEncryptionConfigurationA(
            self,
            "encryption",
            bucket=bucket_id,
            rule=[
                cdk.S3BucketServerSideEncryptionConfigurationRuleA(
                    apply_server_side_encryption_by_default=cdk.S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultA(
                        sse_algorithm="aws:kms", kms_master_key_id=props.kms_key.arn
                    ),
                    bucket_key_enabled=True,
                )
            ],
        )
        cdk.S3BucketPublicAccessBlock(
            self, "public-access-block", bucket=bucket_id,
            block_public_acls=True, block_public_policy=True, ignore_public_acls=True, restrict_public_buckets=True,
        )
        cdk.S3BucketOwnershipControls(
            self, "ownership", bucket=bucket_id, rule=cdk.S3BucketOwnershipControlsRule(object_ownership="BucketOwnerEnforced")
        )
        cdk.S3BucketPolicy(
            self, "tls-only", bucket=bucket_id,
            policy=policy_document(deny_insecure_transport("s3:*", [self.bucket.arn, f"{self.bucket.arn}/*"])),
        )
        cdk.S3BucketLifecycleConfiguration(
            self,
            "lifecycle",
            bucket=bucket_id,
            rule=[
                cdk.S3BucketLifecycleConfigurationRule(
                    id="expire-uploads",
                    status="Enabled",
                    filter=[cdk.S3BucketLifecycleConfigurationRuleFilter(prefix=props.key_prefix)],
                    expiration=[cdk.S3BucketLifecycleConfigurationRuleExpiration(days=props.expire_after_days)],
                    noncurrent_version_expiration=[
                        cdk.S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(noncurrent_days=NONCURRENT_EXPIRE_AFTER_DAYS)
                    ],
                ),
                # Expiring a current version leaves a delete marker; once its noncurrent
                # versions are gone it is "expired" and this removes it.
                cdk.S3BucketLifecycleConfigurationRule(
                    id="remove-expired-delete-markers",
                    status="Enabled",
                    filter=[cdk.S3BucketLifecycleConfigurationRuleFilter(prefix=props.key_prefix)],
                    expiration=[cdk.S3BucketLifecycleConfigurationRuleExpiration(expired_object_delete_marker=True)],
                ),
                # Everywhere in the bucket: a multipart upload that never completes is never seen, only paid for.
                cdk.S3BucketLifecycleConfigurationRule(
                    id="abort-incomplete-uploads",
                    status="Enabled",
                    filter=[cdk.S3BucketLifecycleConfigurationRuleFilter()],
                    abort_incomplete_multipart_upload=[
                        cdk.S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(
                            days_after_initiation=ABORT_INCOMPLETE_UPLOAD_AFTER_DAYS
                        )
                    ],
                ),
            ],
        )

    def objects_arn(self, prefix: str | None = None) -> str:
        return f"{self.bucket.arn}/{prefix if prefix is not None else self._props.key_prefix}*"

    def notify(self, function: TracedLambda, suffix: str, events: tuple[str, ...] = ("s3:ObjectCreated:*",)) -> None:
        """The bucket's one notification: objects under the key prefix ending in `suffix` invoke `function`.

        S3 checks that it may invoke the function when the notification is
        created, so the notification depends on the Lambda permission.
        """
        if self._notification is not None:
            raise ValueError(f"{self.node.path} already notifies a function: a bucket has one notification configuration")
        permission = cdk.LambdaPermission(
            self,
            "notify-permission",
            statement_id="AllowS3Invoke",
            action="lambda:InvokeFunction",
            function_name=function.function.function_name,
            principal="s3.amazonaws.com",
            source_arn=self.bucket.arn,
            source_account=self._props.account_id,
        )
        self._notification = cdk.S3BucketNotification(
            self,
            "notification",
            bucket=self.bucket.id,
            lambda_function=[
                cdk.S3BucketNotificationLambdaFunction(
                    lambda_function_arn=function.function.arn,
                    events=list(events),
                    filter_prefix=self._props.key_prefix,
                    filter_suffix=suffix,
                )
            ],
            depends_on=[permission],
        )

    def grant_put(self, grantee: Grantee) -> None:
        """PutObject under the key prefix, and the key actions an SSE-KMS upload needs (through S3 only)."""
        grantee.add_policy(
            f"put-{self.node.id}",
            allow(["s3:PutObject"], [self.objects_arn()]),
            self._props.kms_key.allow_use(["kms:GenerateDataKey"], via_service="s3"),
        )

    def grant_read(self, grantee: Grantee) -> None:
        """GetObject (any version) under the key prefix, and decrypt through S3 only."""
        grantee.add_policy(
            f"read-{self.node.id}",
            allow(["s3:GetObject", "s3:GetObjectVersion"], [self.objects_arn()]),
            self._props.kms_key.allow_use(["kms:Decrypt"], via_service="s3"),
        )
