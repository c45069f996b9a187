"""Shared fixtures, one plugin module per concern under tests/fixtures/."""

import gc
import re
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.lambda_context", "tests.fixtures.aws", "tests.fixtures.synth"]


def pytest_collection_finish(session) -> None:
    """Leave what collection imported (the provider bindings: millions of objects) out of every later GC pass.

    Without this, each full collection walks the whole heap: about a second,
    many times a run, charged to whichever test happens to allocate then.
    """
    gc.collect()
    gc.freeze()


INTEGRATION_DIR = Path(__file__).resolve().parent / "integration"
# A module that synthesizes: it asks for the session synth, builds constructs, or uses a class of constructs_lib.cdk.
SYNTHESIZES = re.compile(r"\bsynthesized\b|\bsynth_construct\b|\bcdk\.[A-Z]|\bTF_RESOURCE_TYPE\b")


def pytest_collection_modifyitems(config, items) -> None:
    """Every test that needs the session synth runs on one worker (pytest-xdist), which synthesizes once.

    The integration tests ask for it at run time (their local run starts from it), so they go by path.
    """
    for item in items:
        if "synthesized" in getattr(item, "fixturenames", ()) or INTEGRATION_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.xdist_group("synth"))


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--without-synth",
        action="store_true",
        help="skip every test module that synthesizes or uses constructs_lib.cdk (a fast inner loop for handler code)",
    )


def pytest_ignore_collect(collection_path, config) -> bool | None:
    if not config.getoption("--without-synth") or collection_path.suffix != ".py":
        return None
    if not collection_path.name.startswith("test_"):
        return None
    source = collection_path.read_text(encoding="utf-8")
    return bool(SYNTHESIZES.search(source)) or None
