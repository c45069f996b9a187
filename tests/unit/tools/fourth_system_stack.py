"""The ticker's stack (fourth_system.py): a tick queue with its DLQ -> the market data handler -> alerts table, topic.

Built only from what every system uses: SystemStack, the constructs, and a
function package of functions/ (the market data processor's handler, which
the ticker runs under names of its own).
"""


from constructs_lib import cdk
from constructs_lib.defaults import FOURTEEN_DAYS_SECONDS
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.event_sources import SqsEventSource, SqsSourceProps
from constructs_lib.secure_queue import DeadLetter, SecureQueue, SecureQueueProps
from constructs_lib.secure_topic import SecureTopic, SecureTopicProps
from constructs_lib.table import Key, Table, TableProps
from constructs_lib.watched import Watched
from stacks.base import SystemStack
from stacks.environment import EnvironmentConfig
from tests.unit.tools import fourth_system
from tests.unit.tools.fourth_system import TickerNames


class TickerStack(SystemStack):
    system = fourth_system.SYSTEM

    def __init__(self, scope: cdk.Construct, config: EnvironmentConfig) -> None:
        super().__init__(scope, config)
        names = TickerNames(config.suffix)
        key = EncryptionKey(self, "key", EncryptionKeyProps(alias=names.kms_alias, description="ticker data"))
        queue = SecureQueue(self, fourth_system.QUEUE, SecureQueueProps(
            name=names.queue, retention_seconds=FOURTEEN_DAYS_SECONDS,
            visibility_timeout_seconds=6 * fourth_system.TIMEOUT_SECONDS,
            dead_letter=DeadLetter(max_receive_count=fourth_system.MAX_RECEIVE_COUNT, name=names.dlq)))
        alerts = Table(self, "alerts", TableProps(name=names.alerts_table, hash_key=Key("symbol"),
                                                  range_key=Key("timestamp"), kms_key=key))
        topic = SecureTopic(self, "alerts-topic", SecureTopicProps(name=names.alerts_topic, kms_key=key))
        function = self.traced_lambda(
            "ticker", function_name=names.function, code="market_data_processor",
            timeout_seconds=fourth_system.TIMEOUT_SECONDS, memory_mb=256, reserved_concurrency=1, log_retention_days=7,
            environment={"ALERTS_TABLE": alerts.table.name, "ALERTS_TOPIC_ARN": topic.arn, "DLQ_URL": queue.dlq.url,
                         "HIGH_PRICE_THRESHOLD": "150", "LOW_PRICE_THRESHOLD": "50"},
            kms_key_arn=key.arn,
            bundled=("lambda_kit",),
        )
        alerts.grant_write(function)
        topic.grant_publish(function)
        queue.dlq.grant_send(function)
        SqsEventSource(self, "ticks", queue, function, SqsSourceProps(batch_size=10))
        self.watch(Watched(dead_letter_queues=[queue.dlq], work_queues=[queue], functions=[function]),
                   alarm_topic=names.alarm_topic, dashboard=names.dashboard)
        self.add_outputs({"queue_url": queue.url, "dlq_url": queue.dlq.url, "alerts_table_name": alerts.table.name})
