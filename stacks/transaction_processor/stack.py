"""The transaction processor's stack: API with keys -> uploads bucket -> csv-validation -> table stream -> anomaly alerts."""

from __future__ import annotations

from constructs_lib import cdk
from constructs_lib.defaults import FOURTEEN_DAYS_SECONDS
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.event_sources import DynamoStreamSource, StreamSourceProps
from constructs_lib.rest_api import LambdaRoute, RestApi, RestApiProps
from constructs_lib.secure_queue import SecureQueue, SecureQueueProps
from constructs_lib.secure_topic import SecureTopic, SecureTopicProps
from constructs_lib.table import Key, StreamView, Table, TableProps
from constructs_lib.traced_lambda import AsyncInvokeProps
from constructs_lib.upload_bucket import UploadBucket, UploadBucketProps
from constructs_lib.usage_plan import UsagePlanProps
from constructs_lib.watched import Watched
from functions.transaction_metrics.metrics import CATALOGUE as METRICS
from stacks import transaction_processor
from stacks.base import SystemStack
from stacks.environment import EnvironmentConfig
from stacks.transaction_processor import parking, settings
from stacks.transaction_processor.names import TransactionProcessorNames


# Shared packages in the zips: the upload contract where a function deals in uploads,
# the system's metric catalogue where a function counts.
UPLOAD_FUNCTION_PACKAGES = ("lambda_kit", "upload_contract")
CATALOGUE_PACKAGE = "transaction_metrics"  # the metric catalogue its counting functions share


class TransactionProcessorStack(SystemStack):
    system = transaction_processor.SYSTEM

    def __init__(self, scope: cdk.Construct, config: EnvironmentConfig) -> None:
        super().__init__(scope, config)
        names = TransactionProcessorNames(config.suffix)
        profile = config.profile
        account_id = cdk.DataAwsCallerIdentity(self, "account").account_id

        key = EncryptionKey(
            self, "key", EncryptionKeyProps(alias=names.kms_alias, description=f"{self.system.name} {config.suffix} data")
        )
        bucket = UploadBucket(
            self,
            "uploads",
            UploadBucketProps(
                bucket_name=names.uploads_bucket(account_id),
                account_id=account_id,
                kms_key=key,
                key_prefix=settings.UPLOAD_PREFIX,
                expire_after_days=settings.UPLOAD_EXPIRY_DAYS,
            ),
        )
        transactions = Table(
            self,
            "transactions",
            TableProps(
                name=names.transactions_table,
                hash_key=Key("transaction_id"),
                stream=StreamView.NEW_AND_OLD_IMAGES,
                kms_key=key,
                point_in_time_recovery=profile.point_in_time_recovery,
            ),
        )
        results = Table(
            self,
            "upload-results",
            TableProps(
                name=names.upload_results_table,
                hash_key=Key("upload_id"),
                ttl_attribute=settings.UPLOAD_RESULTS_TTL_ATTRIBUTE,
                kms_key=key,
                point_in_time_recovery=profile.point_in_time_recovery,
            ),
        )
        topic = SecureTopic(self, "anomalies", SecureTopicProps(name=names.anomaly_topic, kms_key=key))
        csv_failures, anomaly_failures = (
            SecureQueue(self, label, SecureQueueProps(name=name, retention_seconds=FOURTEEN_DAYS_SECONDS))
            for label, name in (
                (parking.CSV_VALIDATION_FAILURES, names.csv_validation_failures_queue),
                (parking.ANOMALY_DETECTION_FAILURES, names.anomaly_detection_failures_queue),
            )
        )

        api_function = self._function(
            "transaction-api",
            names.api_function,
            "transaction_api",
            settings.API_TIMEOUT_SECONDS,
            environment={
                "TRANSACTIONS_TABLE": transactions.table.name,
                "UPLOAD_RESULTS_TABLE": results.table.name,
                "UPLOADS_BUCKET": bucket.bucket.bucket,
            },
        )
        transactions.grant_read(api_function)
        results.grant_read(api_function)
        results.grant_put(api_function)
        bucket.grant_put(api_function)

        csv_validation = self._function(
            "csv-validation",
            names.csv_validation_function,
            "csv_validation",
            settings.CSV_VALIDATION_TIMEOUT_SECONDS,
            bundled=(*UPLOAD_FUNCTION_PACKAGES, CATALOGUE_PACKAGE),
            emits_metrics=True,
            environment={
                "TRANSACTIONS_TABLE": transactions.table.name,
                "UPLOAD_RESULTS_TABLE": results.table.name,
                "MAX_UPLOAD_BYTES": str(settings.MAX_UPLOAD_BYTES),
            },
            async_invoke=AsyncInvokeProps(
                on_failure_destination_arn=csv_failures.arn,
                maximum_retry_attempts=settings.CSV_ASYNC_RETRIES,
                maximum_event_age_seconds=settings.CSV_ASYNC_MAX_EVENT_AGE_SECONDS,
            ),
        )
        bucket.grant_read(csv_validation)
        transactions.grant_put(csv_validation)
        results.grant_update(csv_validation)
        csv_failures.grant_send(csv_validation)
        bucket.notify(csv_validation, suffix=settings.UPLOAD_SUFFIX)

        anomaly_detection = self._function(
            "anomaly-detection",
            names.anomaly_detection_function,
            "anomaly_detection",
            settings.ANOMALY_DETECTION_TIMEOUT_SECONDS,
            bundled=("lambda_kit", CATALOGUE_PACKAGE),
            emits_metrics=True,
            environment={
                "TRANSACTIONS_TABLE": transactions.table.name,
                "ANOMALY_TOPIC_ARN": topic.arn,
                "HIGH_AMOUNT_THRESHOLD": str(settings.HIGH_AMOUNT_THRESHOLD),
            },
        )
        transactions.grant_read(anomaly_detection)
        transactions.grant_update(anomaly_detection)
        topic.grant_publish(anomaly_detection)
        DynamoStreamSource(
            self,
            "transaction-inserts",
            transactions,
            anomaly_detection,
            StreamSourceProps(
                on_failure=anomaly_failures,
                batch_size=settings.STREAM_BATCH_SIZE,
                maximum_retry_attempts=settings.STREAM_MAX_RETRIES,
                maximum_record_age_seconds=settings.STREAM_MAX_RECORD_AGE_SECONDS,
                filter_patterns=[{"eventName": ["INSERT"]}],
            ),
        )

        api = RestApi(
            self,
            "api",
            RestApiProps(
                api_name=names.rest_api,
                routes=[
                    LambdaRoute(method, path, api_function, api_key_required=True) for method, path in settings.API_ROUTES
                ],
                stage_name=settings.API_STAGE,
                throttling_rate_limit=profile.throttling_rate_limit,
                throttling_burst_limit=profile.throttling_burst_limit,
                log_retention_days=profile.log_retention(settings.LOG_RETENTION_DAYS),
                execution_logging=profile.api_logging_level,
                usage_plan=UsagePlanProps(
                    plan_name=names.usage_plan,
                    api_key_name=names.api_key,
                    throttling_rate_limit=profile.throttling_rate_limit,
                    throttling_burst_limit=profile.throttling_burst_limit,
                    quota_per_day=profile.api_key_quota_per_day,
                ),
            ),
        )
        # The default overrides suffice: no route reads a body, so the managed
        # rules that inspect one have nothing legitimate to trip on.
        web_acl = self.guard(
            api,
            name=names.web_acl,
            max_body_bytes=settings.API_MAX_BODY_BYTES,
            log_retention_days=settings.LOG_RETENTION_DAYS,
        )

        watched = Watched(
            dead_letter_queues=[csv_failures, anomaly_failures],
            functions=[api_function, csv_validation, anomaly_detection],
            stream_consumers=[anomaly_detection],
            rest_api=api,
            web_acl=web_acl,
            business=self.business_metrics(METRICS),
        )
        self.watch(watched, alarm_topic=names.alarm_topic, dashboard=names.dashboard)

        outputs = {
            "api_endpoint": api.base_url,
            "api_key_id": api.usage_plan.api_key.id,
            "uploads_bucket_name": bucket.bucket.bucket,
            "transactions_table_name": transactions.table.name,
            "upload_results_table_name": results.table.name,
            "anomaly_topic_arn": topic.arn,
            "csv_validation_lambda_arn": csv_validation.function.arn,
            "anomaly_detection_lambda_arn": anomaly_detection.function.arn,
            "transaction_api_lambda_arn": api_function.function.arn,
        }
        self.add_outputs(outputs)

    def _function(self, id_: str, function_name: str, code: str, timeout_seconds: int, bundled=UPLOAD_FUNCTION_PACKAGES, **options):
        return self.traced_lambda(
            id_,
            function_name=function_name,
            code=code,
            timeout_seconds=timeout_seconds,
            memory_mb=settings.MEMORY_MB,
            reserved_concurrency=settings.RESERVED_CONCURRENCY,
            log_retention_days=settings.LOG_RETENTION_DAYS,
            bundled=bundled,
            **options,
        )
