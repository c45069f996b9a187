"""The full synthesized JSON of every system x environment profile: what a reviewer diffs.

Refresh after an intended change with
`pipenv run pytest tests/unit/test_stack_snapshots.py -n 0 --snapshot-update`.
"""

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from stacks.registry import SYSTEMS
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES

STACKS = [(system.name, suffix) for system in SYSTEMS for suffix in SYNTHESIZED_SUFFIXES]


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("stack", STACKS, ids=lambda s: f"{s[0]}-{s[1]}")
def test_synthesized_stack_matches_snapshot(synthesized, snapshot_json, stack):
    assert json.loads(synthesized[stack]) == snapshot_json
