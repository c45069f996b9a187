"""The webhook pipeline's parking places: a DLQ per routed queue, and the router's on-failure queue.

stack.py takes the router's failure queue's construct id and the routed
queues' receive count from here; the DLQs' labels are the ones the routed
queues give them (constructs_lib/naming.py).
"""

from constructs_lib.naming import dead_letter_label, routed_queue_label
from functions.webhook_events.routes import TRANSACTION_TYPES, route
from stacks.parking import Kind, ParkingPlace, parked_alarm
from stacks.webhook_pipeline import settings
from stacks.webhook_pipeline.names import WebhookNames

ROUTER_FAILURES = "router-failures"  # the router's on-failure queue: its construct id and label
MAX_RECEIVE_COUNT = 3  # receives on a routed queue before SQS moves the message to its DLQ


def places(system: str, suffix: str) -> list[ParkingPlace]:
    names = WebhookNames(suffix)
    dlqs = [
        ParkingPlace(system, label, names.dlq(t), Kind.SQS_DLQ, parked_alarm(names.alarm_topic, label),
                     source_queue=names.queue(t), max_receive_count=MAX_RECEIVE_COUNT)
        for t, label in ((t, dead_letter_label(routed_queue_label(route(t)))) for t in TRANSACTION_TYPES)
    ]
    router = ParkingPlace(system, ROUTER_FAILURES, names.router_failures_queue, Kind.LAMBDA_ON_FAILURE,
                          parked_alarm(names.alarm_topic, ROUTER_FAILURES), function=names.router_function,
                          function_timeout_seconds=settings.ROUTER_TIMEOUT_SECONDS)
    return [*dlqs, router]
