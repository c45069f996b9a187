"""`smoke <system>`: one smoke test per registered system that declares one (System.smoke).

The table comes from stacks/registry.py, so a new system's smoke test is
found without an edit here; only the one asked for is imported.
"""

import argparse
from collections.abc import Sequence

from stacks import registry
from tools.cli import Command, add_commands


def configure(parser: argparse.ArgumentParser, argv: Sequence[str]) -> None:
    smokes = {system.name: Command(system.smoke, f"smoke-test a deployed (or locally running) {system.name}")
              for system in registry.SYSTEMS if system.smoke}
    add_commands(parser, smokes, argv, dest="system")
