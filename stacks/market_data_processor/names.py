"""Every physical name of the market data processor, derived from the suffix (SPEC-market-data-processor.md, Names)."""

from dataclasses import dataclass

from constructs_lib import naming


@dataclass(frozen=True)
class MarketDataNames:
    suffix: str

    @property
    def queue(self) -> str:
        return f"market-data-queue-{self.suffix}"

    @property
    def dlq(self) -> str:
        return f"market-data-dlq-{self.suffix}"

    @property
    def function(self) -> str:
        return f"data-processor-{self.suffix}"

    @property
    def alerts_table(self) -> str:
        return f"market-alerts-{self.suffix}"

    @property
    def alerts_topic(self) -> str:
        return f"trading-alerts-{self.suffix}"

    @property
    def kms_alias(self) -> str:
        return f"alias/market-data-processor-{self.suffix}"

    @property
    def alarm_topic(self) -> str:
        return f"market-data-processor-alarms-{self.suffix}"

    @property
    def dashboard(self) -> str:
        return f"market-data-processor-{self.suffix}"

    def checked(self) -> list[tuple[naming.NameLimit, str]]:
        return [
            (naming.DASHBOARD, self.dashboard),
            (naming.SQS_QUEUE, self.queue),
            (naming.SQS_QUEUE, self.dlq),
            *naming.function_names_checked(self.function),
            (naming.DYNAMODB_TABLE, self.alerts_table),
            (naming.SNS_TOPIC, self.alerts_topic),
            (naming.SNS_TOPIC, self.alarm_topic),
            (naming.KMS_ALIAS, self.kms_alias),
        ]
