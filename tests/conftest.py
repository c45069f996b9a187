"""Shared fixtures, one plugin module per concern under tests/fixtures/."""

pytest_plugins = ["tests.fixtures.lambda_context", "tests.fixtures.aws", "tests.fixtures.synth"]
