"""Stage a function's directory, plus the shared packages it bundles, for its zip."""

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Left out of every zip: bytecode from local runs would change the asset hash.
_PACKAGING_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
# Staging copies live until the process exits, after synth has zipped them.
_staging_dirs: list[tempfile.TemporaryDirectory] = []


def staged_copy(source_dir: Path, bundled_packages: Sequence[Path] = ()) -> Path:
    """A copy of `source_dir` with each bundled package beside handler.py, without bytecode."""
    staging = tempfile.TemporaryDirectory(prefix="lambda-src-")
    _staging_dirs.append(staging)
    target = Path(staging.name) / source_dir.name
    shutil.copytree(source_dir, target, ignore=_PACKAGING_IGNORE)
    for package in bundled_packages:
        shutil.copytree(package, target / package.name, ignore=_PACKAGING_IGNORE)
    return target


def packaging_problems(source_dir: Path, bundled_packages: Sequence[Path]) -> list[str]:
    problems = []
    if not (source_dir / "handler.py").is_file():
        problems.append(f"source_dir {source_dir} has no handler.py")
    for package in bundled_packages:
        if not (package / "__init__.py").is_file():
            problems.append(f"bundled package {package} has no __init__.py")
        elif (source_dir / package.name).exists():
            problems.append(f"bundled package {package.name} would overwrite {source_dir / package.name}")
    names = [p.name for p in bundled_packages]
    if len(set(names)) != len(names):
        problems.append(f"bundled packages repeat a name: {names}")
    return problems
