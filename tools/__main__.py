"""`python -m tools <command> ...` (or `pipenv run tools ...`): run, operate and review the systems.

The command table and the parser are in tools/cli.py. Standard library only.
"""

import sys

from tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
