"""The transaction processor: CSV uploads -> validated transactions -> anomaly alerts, and an API with keys."""

from stacks.capacity import ApiCapacity
from stacks.system import System
from stacks.transaction_processor import parking
from stacks.transaction_processor.names import TransactionProcessorNames
from stacks.transaction_processor.settings import API_EXPECTED_DURATION_MS, RESERVED_CONCURRENCY

SYSTEM = System(
    name="transaction-processor",
    names=TransactionProcessorNames,
    stack="stacks.transaction_processor.stack:TransactionProcessorStack",
    api=ApiCapacity("transaction-api", API_EXPECTED_DURATION_MS, RESERVED_CONCURRENCY),
    places=parking.places,
    smoke="tools.smoke.transaction_processor",
)
