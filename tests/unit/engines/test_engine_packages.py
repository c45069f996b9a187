"""The cdktn packages are pinned once: the same in dev-packages (the suite proves both engines) and in [cdktn].

`pipenv sync --dev` must give one virtualenv where both engines load, and
`pipenv sync --categories "packages cdktn"` the same cdktn without the test tools.
"""

import json
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
PIPFILE = tomllib.loads((REPO_ROOT / "Pipfile").read_text())
LOCK = json.loads((REPO_ROOT / "Pipfile.lock").read_text())
CDKTN_PACKAGES = {"cdktn", "cdktn-aws"}


def test_the_cdktn_category_pins_exactly_what_dev_packages_pin():
    assert set(PIPFILE["cdktn"]) == CDKTN_PACKAGES
    assert {name: PIPFILE["dev-packages"][name] for name in CDKTN_PACKAGES} == PIPFILE["cdktn"]
    assert all(pin.startswith("==") for pin in PIPFILE["cdktn"].values())


def test_every_package_the_cdktn_category_locks_has_the_version_of_the_default_and_dev_locks():
    # One virtualenv holds both engines: a shared dependency (constructs, jsii...) must not differ by category.
    for name, entry in LOCK["cdktn"].items():
        for category in ("default", "develop"):
            if name in LOCK[category]:
                assert LOCK[category][name]["version"] == entry["version"], (name, category)
    assert LOCK["cdktn"]["constructs"]["version"] == LOCK["default"]["constructs"]["version"]
