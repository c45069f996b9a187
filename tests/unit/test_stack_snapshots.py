"""The full synthesized JSON of every system x environment profile: what a reviewer diffs.

Refresh after an intended change with
`pipenv run pytest tests/unit/test_stack_snapshots.py -n 0 --snapshot-update`.
The snapshots are the default engine's (cdktf) JSON; on CDK_ENGINE=cdktn a stack
is compared with its provider pin (the one field engines differ in) put back to
cdktf's, after checking it holds cdktn's.
"""

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from constructs_lib import cdk
from stacks.registry import SYSTEMS
from tests.fixtures.engine_synth import as_default_engine
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES

STACKS = [(system.name, suffix) for system in SYSTEMS for suffix in SYNTHESIZED_SUFFIXES]


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("stack", STACKS, ids=lambda s: f"{s[0]}-{s[1]}")
def test_synthesized_stack_matches_snapshot(synthesized, snapshot_json, stack):
    assert as_default_engine(json.loads(synthesized[stack]), cdk.engine()) == snapshot_json
