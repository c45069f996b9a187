"""The market data processor's parking place: the DLQ of its tick queue.

stack.py takes the tick queue's construct id from here (its DLQ's label
follows from it, constructs_lib/naming.py); the receive count is its setting.
"""

from constructs_lib.naming import dead_letter_label
from stacks.market_data_processor import settings
from stacks.market_data_processor.names import MarketDataNames
from stacks.parking import Kind, ParkingPlace, parked_alarm

QUEUE = "market-data-queue"  # the tick queue's construct id
DLQ = dead_letter_label(QUEUE)
# The handler parks a malformed tick at once with this attribute (functions/market_data_processor): replaying
# one would only park it again, so a redrive leaves it unless told otherwise.
REASON_ATTRIBUTE = "error_reason"


def places(system: str, suffix: str) -> list[ParkingPlace]:
    names = MarketDataNames(suffix)
    return [
        ParkingPlace(system, DLQ, names.dlq, Kind.SQS_DLQ, parked_alarm(names.alarm_topic, DLQ),
                     source_queue=names.queue, max_receive_count=settings.MAX_RECEIVE_COUNT,
                     reason_attribute=REASON_ATTRIBUTE),
    ]
