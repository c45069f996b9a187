"""Shared fixtures: the Lambda context and the path to the function code."""

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# The validator's zip root is on sys.path inside Lambda; mirror that here.
sys.path.insert(0, str(REPO_ROOT / "functions" / "validator"))


@dataclass
class FakeLambdaContext:
    function_name: str = "webhook-validator-test"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"
    remaining_time_ms: int = 30_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_time_ms


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()
