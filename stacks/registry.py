"""Every system the project ships; main.py synthesizes each of them for every suffix.

To add a system: a package `stacks/<system>/` with `names.py`, `stack.py` and
a `SYSTEM` in its `__init__.py`, listed here.
"""

from stacks.market_data_processor import SYSTEM as MARKET_DATA_PROCESSOR
from stacks.system import System
from stacks.transaction_processor import SYSTEM as TRANSACTION_PROCESSOR
from stacks.webhook_pipeline import SYSTEM as WEBHOOK_PIPELINE

SYSTEMS: tuple[System, ...] = (WEBHOOK_PIPELINE, TRANSACTION_PROCESSOR, MARKET_DATA_PROCESSOR)


def system_named(name: str) -> System:
    for system in SYSTEMS:
        if system.name == name:
            return system
    raise KeyError(f"no system named {name!r}; registered: {[s.name for s in SYSTEMS]}")


if __name__ == "__main__":  # `python3 -m stacks.registry`: the system names, one a line (CI loops over them)
    print("\n".join(system.name for system in SYSTEMS))
