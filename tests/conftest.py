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


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--without-synth",
        action="store_true",
        help="skip every test module that synthesizes or imports cdktf (a fast inner loop for handler code)",
    )


def pytest_ignore_collect(collection_path, config) -> bool | None:
    if not config.getoption("--without-synth") or collection_path.suffix != ".py":
        return None
    if not collection_path.name.startswith("test_"):
        return None
    source = collection_path.read_text(encoding="utf-8")
    return ("cdktf" in source or "synthesized" in source) or None
