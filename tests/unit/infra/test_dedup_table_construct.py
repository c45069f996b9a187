"""DedupTable: documented default, forced settings, claim grant."""

import pytest
from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable
from tf_json import only, synth_construct

from constructs_lib.dedup_table import DedupTable, DedupTableProps


@pytest.fixture(scope="module")
def defaults() -> dict:
    return synth_construct(lambda stack: DedupTable(stack, "dedup", DedupTableProps(table_name="events")))


def test_default_point_in_time_recovery_is_on(defaults):
    assert only(defaults, DynamodbTable.TF_RESOURCE_TYPE)["point_in_time_recovery"] == {"enabled": True}


def test_point_in_time_recovery_opt_out_is_explicit():
    tf = synth_construct(
        lambda stack: DedupTable(stack, "dedup", DedupTableProps(table_name="events", point_in_time_recovery=False))
    )
    assert only(tf, DynamodbTable.TF_RESOURCE_TYPE)["point_in_time_recovery"] == {"enabled": False}


def test_forced_settings(defaults):
    assert only(defaults, DynamodbTable.TF_RESOURCE_TYPE) == {
        "name": "events",
        "billing_mode": "PAY_PER_REQUEST",
        "hash_key": "event_id",
        "attribute": [{"name": "event_id", "type": "S"}],
        "ttl": {"attribute_name": "ttl", "enabled": True},
        "point_in_time_recovery": {"enabled": True},
        "server_side_encryption": {"enabled": True},
        "deletion_protection_enabled": False,
    }


def test_table_name_length_is_checked():
    with pytest.raises(ValueError, match="table_name must be 3-255 characters"):
        synth_construct(lambda stack: DedupTable(stack, "dedup", DedupTableProps(table_name="ab")))


def test_grant_claim_allows_conditional_writes_and_no_reads():
    granted = {}

    class Grantee:
        def add_policy(self, name, *statements):
            granted[name] = statements

    synth_construct(lambda stack: DedupTable(stack, "dedup", DedupTableProps(table_name="events")).grant_claim(Grantee()))
    [statement] = granted["claim-dedup"]
    assert statement["Action"] == ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    assert not any(a.startswith(("dynamodb:Get", "dynamodb:Query", "dynamodb:Scan")) for a in statement["Action"])
