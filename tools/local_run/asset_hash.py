"""Which functions/<name>/ directory a Lambda in the JSON runs: found by its own source_code_hash.

The stacks zip `functions/<name>/` plus shared packages copied beside
handler.py (lambda_kit for the systems that use it, webhook_events for the webhook), without
`__pycache__`, `*.pyc` and dot files (constructs_lib/lambda_packaging.py).
cdktf's asset hash is the MD5 of every file's bytes in a depth-first walk
in name order (cdktf lib/private/fs.js `hashPath`), upper-case, 32 digits.
Recomputing it for each directory and each choice of shared packages names
the code a function ships; a hash that matches none means the JSON was
synthesized from other code (synthesize again).
"""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path

from tools.paths import FUNCTIONS_DIR



def _packaged(name: str) -> bool:
    return name != "__pycache__" and not name.endswith(".pyc") and not name.startswith(".")


def _files(directory: Path, bundled: Sequence[Path] = ()) -> Iterator[Path]:
    entries = {path.name: path for path in directory.iterdir() if _packaged(path.name)}
    entries.update({package.name: package for package in bundled})
    for name in sorted(entries, key=lambda n: n.encode()):
        path = entries[name]
        if path.is_dir():
            yield from _files(path)
        else:
            yield path


def asset_hash(directory: Path, bundled: Sequence[Path] = ()) -> str:
    digest = hashlib.md5()  # noqa: S324 - cdktf's content hash, not security
    for path in _files(directory, bundled):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32].upper()


@dataclass(frozen=True)
class FunctionCode:
    directory: Path  # functions/<name>/, with handler.py
    bundled: tuple[Path, ...]  # shared packages the zip carries beside handler.py


def _candidates(functions_dir: Path) -> Iterator[FunctionCode]:
    handlers = sorted(p for p in functions_dir.iterdir() if (p / "handler.py").is_file())
    shared = sorted(p for p in functions_dir.iterdir() if (p / "__init__.py").is_file() and p not in handlers)
    for directory in handlers:
        for size in range(len(shared) + 1):
            for bundled in combinations(shared, size):
                yield FunctionCode(directory, bundled)


@cache
def code_by_hash(functions_dir: Path = FUNCTIONS_DIR) -> dict[str, FunctionCode]:
    """source_code_hash -> the directory and shared packages with that hash, for every possible zip."""
    return {asset_hash(code.directory, code.bundled): code for code in _candidates(functions_dir)}


def code_for(source_code_hash: str, function_name: str, functions_dir: Path = FUNCTIONS_DIR) -> FunctionCode:
    found = code_by_hash(functions_dir).get(source_code_hash)
    if found is None:
        raise LookupError(
            f"{function_name}: no functions/<name>/ has source_code_hash {source_code_hash} "
            "(the stack was synthesized from other code: synthesize again)"
        )
    return found
