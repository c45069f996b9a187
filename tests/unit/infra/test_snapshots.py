"""The full synthesized JSON per environment profile: what a reviewer diffs.

Refresh after an intended change with `pipenv run pytest --snapshot-update`.
"""

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension
from tf_json import SYNTHESIZED_SUFFIXES


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("suffix", SYNTHESIZED_SUFFIXES)
def test_synthesized_stack_matches_snapshot(synthesized, snapshot_json, suffix):
    assert json.loads(synthesized[suffix]) == snapshot_json
