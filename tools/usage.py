"""A command's usage error: the front door (tools/cli.py) prints it under the command's usage and exits 2."""


class UsageError(Exception):
    """Arguments that argparse accepted one by one but that do not go together (or out of range)."""
