"""Every parking place of every system for a suffix: its queue, what parks there, where a replay goes, its alarm.

Physical names come from the systems' names modules (stacks/<system>/names.py), never written here. What is
written here are the queue constructs' labels in each stack.py (the middle of each alarm name, from
constructs_lib/operational_alarms.py: `<alarm topic>-<label>-messages`); tests/unit/operations checks them against
the synthesized snapshots of every stack.
"""

from dataclasses import dataclass

from functions.webhook_events.routes import TRANSACTION_TYPES, route
from stacks.market_data_processor import SYSTEM as MARKET_DATA
from stacks.market_data_processor.names import MarketDataNames
from stacks.transaction_processor import SYSTEM as TRANSACTION_PROCESSOR
from stacks.transaction_processor.names import TransactionProcessorNames
from stacks.webhook_pipeline import SYSTEM as WEBHOOK
from stacks.webhook_pipeline.names import WebhookNames

# What parks there, and so how a redrive puts it back.
SQS_DLQ = "SQS_DLQ"  # messages a queue's consumer gave up on: moved back to that queue
LAMBDA_ON_FAILURE = "LAMBDA_ON_FAILURE"  # async invoke on-failure records: the function invoked again with the payload
STREAM_ON_FAILURE = "STREAM_ON_FAILURE"  # stream mapping on-failure records: the records replayed from the stream
KIND_TEXT = {SQS_DLQ: "SQS DLQ", LAMBDA_ON_FAILURE: "Lambda on-failure", STREAM_ON_FAILURE: "stream on-failure"}
DLQ_ALARM = "messages"  # operational_alarms: `<topic>-<label>-messages` for every dead-letter queue it watches


@dataclass(frozen=True)
class ParkingPlace:
    system: str
    label: str  # the queue construct's label in its stack (alarm and policy names), e.g. "payments-dlq"
    queue: str
    kind: str
    alarm: str
    source_queue: str | None = None  # SQS_DLQ: the queue its messages came from
    function: str | None = None  # LAMBDA_ON_FAILURE, STREAM_ON_FAILURE: the function to run again
    table: str | None = None  # STREAM_ON_FAILURE: the table whose stream feeds the function
    lookup_table: str | None = None  # STREAM_ON_FAILURE: the upload results, to bound a re-check from the table
    reason_attribute: str | None = None  # SQS_DLQ: the message attribute naming why a message can never succeed

    @property
    def replays_to(self) -> str:
        return self.source_queue or self.function or "?"

    @property
    def kind_text(self) -> str:
        return KIND_TEXT[self.kind]


def _alarm(topic: str, label: str) -> str:
    return f"{topic}-{label}-{DLQ_ALARM}"


def webhook_places(suffix: str) -> list[ParkingPlace]:
    names = WebhookNames(suffix)
    dlqs = [
        ParkingPlace(WEBHOOK.name, label, names.dlq(t), SQS_DLQ, _alarm(names.alarm_topic, label),
                     source_queue=names.queue(t))
        for t, label in ((t, f"{route(t)}-dlq") for t in TRANSACTION_TYPES)  # routed_queues: `<route>-dlq`
    ]
    router = ParkingPlace(WEBHOOK.name, "router-failures", names.router_failures_queue, LAMBDA_ON_FAILURE,
                          _alarm(names.alarm_topic, "router-failures"), function=names.router_function)
    return [*dlqs, router]


def transaction_processor_places(suffix: str) -> list[ParkingPlace]:
    names = TransactionProcessorNames(suffix)
    return [
        ParkingPlace(TRANSACTION_PROCESSOR.name, "csv-validation-failures", names.csv_validation_failures_queue,
                     LAMBDA_ON_FAILURE, _alarm(names.alarm_topic, "csv-validation-failures"),
                     function=names.csv_validation_function),
        ParkingPlace(TRANSACTION_PROCESSOR.name, "anomaly-detection-failures", names.anomaly_detection_failures_queue,
                     STREAM_ON_FAILURE, _alarm(names.alarm_topic, "anomaly-detection-failures"),
                     function=names.anomaly_detection_function, table=names.transactions_table,
                     lookup_table=names.upload_results_table),
    ]


def market_data_places(suffix: str) -> list[ParkingPlace]:
    names = MarketDataNames(suffix)
    return [
        ParkingPlace(MARKET_DATA.name, "market-data-dlq", names.dlq, SQS_DLQ,
                     _alarm(names.alarm_topic, "market-data-dlq"), source_queue=names.queue,
                     reason_attribute="error_reason"),
    ]


PLACES_BY_SYSTEM = {
    WEBHOOK.name: webhook_places,
    TRANSACTION_PROCESSOR.name: transaction_processor_places,
    MARKET_DATA.name: market_data_places,
}


def places_for(suffix: str) -> list[ParkingPlace]:
    """Every parking place of every registered system, in the registry's order."""
    from stacks.registry import SYSTEMS  # noqa: PLC0415 - plain Python; the order operators see

    missing = [system.name for system in SYSTEMS if system.name not in PLACES_BY_SYSTEM]
    if missing:
        raise LookupError(f"no parking places declared for {missing}: add them to {__name__}")
    return [place for system in SYSTEMS for place in PLACES_BY_SYSTEM[system.name](suffix)]


def place_named(suffix: str, queue: str) -> ParkingPlace:
    """The place whose queue is `queue`, given as its name (`payments-dlq-dev`) or its label (`payments-dlq`)."""
    places = places_for(suffix)
    for place in places:
        if queue in (place.queue, place.label):
            return place
    known = ", ".join(place.queue for place in places)
    raise LookupError(f"{queue!r} is no parking place for suffix {suffix!r}; they are: {known}")
