"""Every physical name of the webhook pipeline, derived from the suffix alone (SPEC.md, Names)."""

from dataclasses import dataclass

from constructs_lib import naming
from functions.webhook_events.routes import TRANSACTION_TYPES, route


@dataclass(frozen=True)
class WebhookNames:
    suffix: str

    @property
    def dedup_table(self) -> str:
        return f"transaction-events-{self.suffix}"

    def queue(self, transaction_type: str) -> str:
        return f"{route(transaction_type)}-queue-{self.suffix}"

    def dlq(self, transaction_type: str) -> str:
        return f"{route(transaction_type)}-dlq-{self.suffix}"

    @property
    def validator_function(self) -> str:
        return f"webhook-validator-{self.suffix}"

    @property
    def router_function(self) -> str:
        return f"event-router-{self.suffix}"

    @property
    def router_failures_queue(self) -> str:
        return f"event-router-failures-{self.suffix}"

    @property
    def rest_api(self) -> str:
        return f"webhook-api-{self.suffix}"

    @property
    def web_acl(self) -> str:
        """Named after the API it guards; its log group and key alias derive from it."""
        return self.rest_api

    @property
    def alarm_topic(self) -> str:
        return f"webhook-alarms-{self.suffix}"

    @property
    def signing_secret(self) -> str:
        return f"webhook-signing-secret-{self.suffix}"

    @property
    def api_gateway_cloudwatch_role(self) -> str:
        return f"apigw-cloudwatch-{self.suffix}"

    @property
    def dashboard(self) -> str:
        return f"webhook-pipeline-{self.suffix}"

    def checked(self) -> list[tuple[naming.NameLimit, str]]:
        queues = [n for t in TRANSACTION_TYPES for n in (self.queue(t), self.dlq(t))]
        return [
            (naming.DASHBOARD, self.dashboard),
            *naming.function_names_checked(self.validator_function),
            *naming.function_names_checked(self.router_function),
            (naming.IAM_ROLE, self.api_gateway_cloudwatch_role),
            *[(naming.SQS_QUEUE, q) for q in [*queues, self.router_failures_queue]],
            (naming.DYNAMODB_TABLE, self.dedup_table),
            (naming.SNS_TOPIC, self.alarm_topic),
            (naming.SECRET, self.signing_secret),
            (naming.REST_API, self.rest_api),
            *naming.web_acl_names_checked(self.web_acl),
        ]
