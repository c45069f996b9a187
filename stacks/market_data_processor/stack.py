"""The market data processor's stack: queue (+ DLQ) -> data-processor in batches -> alerts table, then topic."""

from __future__ import annotations

from constructs_lib import cdk
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.event_sources import SqsEventSource, SqsSourceProps
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps
from constructs_lib.secure_topic import SecureTopic, SecureTopicProps
from constructs_lib.table import Key, Table, TableProps
from constructs_lib.watched import Watched
from functions.market_data_processor.market_data.metrics import CATALOGUE as METRICS
from stacks import market_data_processor
from stacks.base import SystemStack
from stacks.environment import EnvironmentConfig
from stacks.market_data_processor import parking, settings
from stacks.market_data_processor.names import MarketDataNames


class MarketDataProcessorStack(SystemStack):
    system = market_data_processor.SYSTEM

    def __init__(self, scope: cdk.Construct, config: EnvironmentConfig) -> None:
        super().__init__(scope, config)
        names = MarketDataNames(config.suffix)
        profile = config.profile
        thresholds = settings.THRESHOLDS_BY_PROFILE[profile.name]

        key = EncryptionKey(
            self, "key", EncryptionKeyProps(alias=names.kms_alias, description=f"{self.system.name} {config.suffix} data")
        )
        queue = SecureQueue(
            self,
            parking.QUEUE,
            SecureQueueProps(
                name=names.queue,
                retention_seconds=settings.RETENTION_SECONDS,
                visibility_timeout_seconds=settings.VISIBILITY_TIMEOUT_SECONDS,
                dead_letter=DeadLetter(
                    max_receive_count=settings.MAX_RECEIVE_COUNT,
                    name=names.dlq,
                    retention_seconds=settings.RETENTION_SECONDS,
                ),
            ),
        )
        alerts = Table(
            self,
            "alerts",
            TableProps(
                name=names.alerts_table,
                hash_key=Key("symbol"),
                range_key=Key("timestamp"),
                ttl_attribute=settings.ALERT_TTL_ATTRIBUTE,
                kms_key=key,
                point_in_time_recovery=profile.point_in_time_recovery,
            ),
        )
        topic = SecureTopic(self, "trading-alerts", SecureTopicProps(name=names.alerts_topic, kms_key=key))

        processor = self.traced_lambda(
            "data-processor",
            function_name=names.function,
            code="market_data_processor",
            timeout_seconds=settings.TIMEOUT_SECONDS,
            memory_mb=settings.MEMORY_MB,
            reserved_concurrency=settings.RESERVED_CONCURRENCY,
            log_retention_days=settings.LOG_RETENTION_DAYS,
            environment={
                "ALERTS_TABLE": alerts.table.name,
                "ALERTS_TOPIC_ARN": topic.arn,
                "HIGH_PRICE_THRESHOLD": str(thresholds.high),
                "LOW_PRICE_THRESHOLD": str(thresholds.low),
                "DLQ_URL": queue.dlq.url,
            },
            kms_key_arn=key.arn,
            bundled=("lambda_kit",),
            emits_metrics=True,
        )
        alerts.grant_write(processor)
        topic.grant_publish(processor)
        queue.dlq.grant_send(processor)  # malformed messages go there at once, with their reason
        SqsEventSource(
            self,
            "ticks",
            queue,
            processor,
            SqsSourceProps(
                batch_size=settings.BATCH_SIZE,
                maximum_batching_window_seconds=settings.BATCHING_WINDOW_SECONDS,
                maximum_concurrency=settings.MAXIMUM_CONCURRENCY,
            ),
        )

        watched = Watched(dead_letter_queues=[queue.dlq], work_queues=[queue], error_rate_functions=[processor],
                          business=self.business_metrics(METRICS))
        self.watch(
            watched,
            alarm_topic=names.alarm_topic,
            dashboard=names.dashboard,
            oldest_message_age_seconds=settings.OLDEST_MESSAGE_AGE_SECONDS,
        )

        outputs = {
            "queue_url": queue.url,
            "dlq_url": queue.dlq.url,
            "data_processor_lambda_arn": processor.function.arn,
            "alerts_table_name": alerts.table.name,
            "alerts_topic_arn": topic.arn,
            "kms_key_arn": key.arn,
        }
        self.add_outputs(outputs)
