"""Shared fixtures, one plugin module per concern under tests/fixtures/."""

import gc

pytest_plugins = ["tests.fixtures.lambda_context", "tests.fixtures.aws", "tests.fixtures.synth"]


def pytest_collection_finish(session) -> None:
    """Leave what collection imported (the provider bindings: millions of objects) out of every later GC pass.

    Without this, each full collection walks the whole heap: about a second,
    many times a run, charged to whichever test happens to allocate then.
    """
    gc.collect()
    gc.freeze()
