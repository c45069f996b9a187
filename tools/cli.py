"""The front door's machinery: the command table, one parser, one place where a usage error exits 2.

`python -m tools <command> ...` (tools/__main__.py) runs `main`. Each command
is a module with `configure(parser, argv)` (its arguments; `argv` is what
follows its name, for a group that chooses a module of its own, such as
`smoke <system>`, with add_commands) and `run(args, **injected) -> int` (its
exit code; tests pass stand-ins as keywords). A module is imported only
when its command runs (pip's command table, SAM CLI's command packages):
`plan-review` needs the standard library only, `operate` boto3 only.
This module imports the standard library only.
"""

import argparse
import importlib
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tools.usage import UsageError


@dataclass(frozen=True)
class Command:
    module: str  # imported only when the command runs
    help: str


COMMANDS = {
    "local-run": Command("tools.local_run.cli", "run the synthesized stacks locally: moto and the handlers in-process"),
    "operate": Command("tools.operate.cli", "list, inspect and redrive what the systems parked"),
    "plan-review": Command("tools.plan_review.cli", "summarize or diff a synthesized stack (standard library only)"),
    "smoke": Command("tools.smoke.cli", "smoke-test a deployed (or locally running) system"),
    "scan": Command("tools.scan", "scan synthesized stacks with checkov"),
    "bench": Command("tools.bench.cli", "print benchmark figures: synth, AWS calls, throughput"),
}


def add_commands(parser: argparse.ArgumentParser, commands: Mapping[str, Command], argv: Sequence[str],
                 dest: str = "command") -> None:
    """A subcommand per entry, listed by `--help`; only the one named first in `argv` is imported and configured."""
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    subparsers = parser.add_subparsers(dest=dest, metavar=dest.upper(), required=True)
    for name, command in commands.items():
        subparser = subparsers.add_parser(name, help=command.help, description=command.help, formatter_class=_wide)
        if name == chosen:
            module = importlib.import_module(command.module)
            subparser.description = (module.__doc__ or command.help).split("\n\n")[0]
            # A group of commands (smoke, bench) has no `run`: the command it chooses in `configure` runs.
            subparser.set_defaults(command_run=getattr(module, "run", None), command_parser=subparser)
            module.configure(subparser, list(argv)[list(argv).index(name) + 1:])


def _wide(prog: str) -> argparse.HelpFormatter:
    """Help with room for the longest command name (`transaction-processor`) beside its line."""
    return argparse.HelpFormatter(prog, max_help_position=32, width=120)


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tools", formatter_class=_wide,
                                     description="Run, operate and review the systems (main.py synthesizes them).")
    add_commands(parser, COMMANDS, argv)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments of one command line (without `python -m tools`); a usage error exits 2."""
    return parser_for(argv).parse_args(argv)


def main(argv: Sequence[str] | None = None, **injected: Any) -> int:
    """Run one command line; its exit code. A usage error (argparse's, or a command's UsageError) exits 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse(argv)
    try:
        return args.command_run(args, **injected)
    except UsageError as error:
        args.command_parser.error(str(error))  # exits 2
