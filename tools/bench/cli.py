"""`bench <benchmark>`: scripts that print figures (speed, AWS calls, memory), never pass/fail tests.

Each is imported only when it runs: `bench synth` loads the provider
bindings, the others run a handler in-process on moto.
"""

import argparse
from collections.abc import Sequence

from tools.cli import Command, add_commands

BENCHMARKS = {
    "synth": Command("tools.bench.synth", "a full synth against the cost of loading the provider bindings"),
    "aws-calls": Command("tools.bench.aws_calls", "the webhook pipeline's AWS calls per delivery, import times"),
    "csv-validation": Command("tools.bench.csv_validation", "csv-validation's throughput, calls per row, memory"),
    "market-data": Command("tools.bench.market_data", "the market data processor's calls per message, time per batch"),
    "transaction-processor": Command("tools.bench.transaction_processor",
                                     "transaction-api's and anomaly-detection's calls and times"),
}


def configure(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    add_commands(parser, BENCHMARKS, argv, dest="benchmark")
