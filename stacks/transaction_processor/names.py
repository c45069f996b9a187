"""Every physical name of the transaction processor, derived from the suffix (SPEC-transaction-processor.md, Names)."""

from dataclasses import dataclass

from constructs_lib import naming

# Stands for the 12-digit account id in length checks and messages; exactly as long.
ACCOUNT_ID_PLACEHOLDER = "{account_id}"
assert len(ACCOUNT_ID_PLACEHOLDER) == naming.ACCOUNT_ID_LENGTH


@dataclass(frozen=True)
class TransactionProcessorNames:
    suffix: str

    def uploads_bucket(self, account_id: str) -> str:
        """S3 names are global: the bucket carries the account id (a Terraform reference at synth time)."""
        return f"transaction-uploads-{self.suffix}-{account_id}"

    @property
    def transactions_table(self) -> str:
        return f"transactions-{self.suffix}"

    @property
    def upload_results_table(self) -> str:
        return f"upload-results-{self.suffix}"

    @property
    def api_function(self) -> str:
        return f"transaction-api-{self.suffix}"

    @property
    def csv_validation_function(self) -> str:
        return f"csv-validation-{self.suffix}"

    @property
    def anomaly_detection_function(self) -> str:
        return f"anomaly-detection-{self.suffix}"

    @property
    def rest_api(self) -> str:
        return f"transaction-api-{self.suffix}"

    @property
    def web_acl(self) -> str:
        """Named after the API it guards; its log group and key alias derive from it."""
        return self.rest_api

    @property
    def usage_plan(self) -> str:
        return f"transaction-api-plan-{self.suffix}"

    @property
    def api_key(self) -> str:
        return f"transaction-api-key-{self.suffix}"

    @property
    def anomaly_topic(self) -> str:
        return f"transaction-anomalies-{self.suffix}"

    @property
    def kms_alias(self) -> str:
        return f"alias/transaction-processor-{self.suffix}"

    @property
    def csv_validation_failures_queue(self) -> str:
        return f"csv-validation-failures-{self.suffix}"

    @property
    def anomaly_detection_failures_queue(self) -> str:
        return f"anomaly-detection-failures-{self.suffix}"

    @property
    def alarm_topic(self) -> str:
        return f"transaction-processor-alarms-{self.suffix}"

    @property
    def dashboard(self) -> str:
        return f"transaction-processor-{self.suffix}"

    def checked(self) -> list[tuple[naming.NameLimit, str]]:
        functions = (self.api_function, self.csv_validation_function, self.anomaly_detection_function)
        return [
            (naming.DASHBOARD, self.dashboard),
            (naming.S3_BUCKET, self.uploads_bucket(ACCOUNT_ID_PLACEHOLDER)),
            *[pair for function in functions for pair in naming.function_names_checked(function)],
            (naming.DYNAMODB_TABLE, self.transactions_table),
            (naming.DYNAMODB_TABLE, self.upload_results_table),
            (naming.REST_API, self.rest_api),
            (naming.REST_API, self.usage_plan),
            (naming.REST_API, self.api_key),
            *naming.web_acl_names_checked(self.web_acl),
            (naming.SNS_TOPIC, self.anomaly_topic),
            (naming.SNS_TOPIC, self.alarm_topic),
            (naming.KMS_ALIAS, self.kms_alias),
            (naming.SQS_QUEUE, self.csv_validation_failures_queue),
            (naming.SQS_QUEUE, self.anomaly_detection_failures_queue),
        ]
