"""A function's code as Lambda loads it: its own directory at the import root, and the shared packages.

Each ``functions/<name>/`` is one zip. Its ``handler.py`` is loaded as the
module ``<name>_handler`` (so several handlers live in one process), with
``functions/<name>/`` on ``sys.path`` for its own packages and ``functions/``
for the shared ones (``lambda_kit``, ``webhook_events``...) the stacks copy
into the zips. Packages inside different functions must therefore have
distinct names. This is the one place a tool puts anything on ``sys.path``:
what Lambda's runtime does for a zip, not a way to find the tools.
"""

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from tools.paths import FUNCTIONS_DIR


def zip_root(directory: Path) -> list[str]:
    """The import roots of a function's zip: its own directory first, then its parent for the shared packages."""
    return [str(directory), str(directory.parent)]


def use_zip_root(function: str | Path) -> None:
    """Make the function's own packages and the shared ones importable, as in its zip."""
    for root in reversed(zip_root(FUNCTIONS_DIR / function)):
        if root not in sys.path:
            sys.path.insert(0, root)


def load_handler(function: str | Path) -> ModuleType:
    """``functions/<function>/handler.py`` (or that of a directory) as module ``<name>_handler``, loaded once."""
    directory = FUNCTIONS_DIR / function
    module_name = f"{directory.name}_handler"
    if module_name in sys.modules:
        return sys.modules[module_name]
    use_zip_root(directory)
    spec = importlib.util.spec_from_file_location(module_name, directory / "handler.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def import_from_zip(function: str, module: str) -> ModuleType:
    """A module of a function's zip (``market_data.timestamps``), imported as the handler imports it."""
    use_zip_root(function)
    return importlib.import_module(module)


def zip_root_env(*functions: str) -> dict[str, str]:
    """The environment of a fresh interpreter that imports as these functions' zips do (PYTHONPATH)."""
    roots = dict.fromkeys(root for function in functions for root in zip_root(FUNCTIONS_DIR / function))
    return {**os.environ, "PYTHONPATH": os.pathsep.join(roots)}
