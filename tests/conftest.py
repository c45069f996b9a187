"""Shared fixtures, one plugin module per concern under tests/fixtures/."""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]

# The validator's zip root is on sys.path inside Lambda; mirror that here.
sys.path.insert(0, str(REPO_ROOT / "functions" / "validator"))

pytest_plugins = ["tests.fixtures.lambda_context", "tests.fixtures.aws"]
