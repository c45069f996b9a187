"""The market data processor: queue batches of ticks -> price alerts in DynamoDB and SNS."""

from stacks.market_data_processor import parking
from stacks.market_data_processor.names import MarketDataNames
from stacks.system import System

SYSTEM = System(
    name="market-data-processor",
    names=MarketDataNames,
    stack="stacks.market_data_processor.stack:MarketDataProcessorStack",
    places=parking.places,
    smoke="tools.smoke.market_data_processor",
)
