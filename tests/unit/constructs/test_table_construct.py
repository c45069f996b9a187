"""Table: each documented default, each forced setting, each props check, each grant."""

import pytest
from tests.fixtures.tf_json import address, only, policy_recorder, recorded_policies, synth_construct

from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps
from constructs_lib.table import AttributeType, Key, StreamView, Table, TableProps


def table(stack, **overrides) -> Table:
    return Table(stack, "events", TableProps(**{"name": "events", "hash_key": Key("event_id"), **overrides}))


@pytest.fixture(scope="module")
def defaults() -> dict:
    return only(synth_construct(table), TF_RESOURCE_TYPE.DynamodbTable)


def test_defaults_have_no_range_key_no_ttl_no_stream_and_the_aws_managed_key(defaults):
    assert defaults == {
        "name": "events",
        "billing_mode": "PAY_PER_REQUEST",
        "hash_key": "event_id",
        "attribute": [{"name": "event_id", "type": "S"}],
        "point_in_time_recovery": {"enabled": True},
        "server_side_encryption": {"enabled": True},
        "deletion_protection_enabled": False,
    }


def test_point_in_time_recovery_opt_out_is_explicit():
    tf = synth_construct(lambda stack: table(stack, point_in_time_recovery=False))
    assert only(tf, TF_RESOURCE_TYPE.DynamodbTable)["point_in_time_recovery"] == {"enabled": False}


def test_range_key_ttl_and_stream():
    tf = synth_construct(
        lambda stack: table(
            stack,
            hash_key=Key("symbol"),
            range_key=Key("timestamp"),
            ttl_attribute="ttl",
            stream=StreamView.NEW_AND_OLD_IMAGES,
        )
    )
    resource = only(tf, TF_RESOURCE_TYPE.DynamodbTable)
    assert (resource["hash_key"], resource["range_key"]) == ("symbol", "timestamp")
    assert resource["attribute"] == [{"name": "symbol", "type": "S"}, {"name": "timestamp", "type": "S"}]
    assert resource["ttl"] == {"attribute_name": "ttl", "enabled": True}
    assert (resource["stream_enabled"], resource["stream_view_type"]) == (True, "NEW_AND_OLD_IMAGES")


def test_a_number_key():
    tf = synth_construct(lambda stack: table(stack, hash_key=Key("n", AttributeType.NUMBER)))
    assert only(tf, TF_RESOURCE_TYPE.DynamodbTable)["attribute"] == [{"name": "n", "type": "N"}]


def test_a_customer_managed_key_encrypts_the_table():
    def build(stack):
        key = EncryptionKey(stack, "key", EncryptionKeyProps(alias="alias/test", description="test"))
        table(stack, kms_key=key)

    tf = synth_construct(build)
    sse = only(tf, TF_RESOURCE_TYPE.DynamodbTable)["server_side_encryption"]
    assert sse["enabled"] is True and sse["kms_key_arn"].startswith("${aws_kms_key.key_")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "ab"}, "name: DynamoDB table names are 3-255 characters"),
        ({"range_key": Key("event_id")}, "hash and range key must differ"),
        ({"ttl_attribute": "event_id"}, "ttl_attribute 'event_id' must not be a key attribute"),
    ],
)
def test_props_checks(overrides, message):
    with pytest.raises(ValueError, match=message):
        synth_construct(lambda stack: table(stack, **overrides))


def test_all_problems_are_raised_at_once():
    with pytest.raises(ValueError, match="DynamoDB table names are 3-255.*ttl_attribute"):
        synth_construct(lambda stack: table(stack, name="ab", ttl_attribute="event_id"))


# --- Grants -----------------------------------------------------------------------


def granted(method: str, with_key: bool = False, **overrides) -> tuple[dict, dict]:
    """(policies by name, the synthesized JSON) after one grant to a recorder."""

    def build(stack):
        key = EncryptionKey(stack, "key", EncryptionKeyProps(alias="alias/t", description="t")) if with_key else None
        getattr(table(stack, kms_key=key, **overrides), method)(policy_recorder(stack))

    tf = synth_construct(build)
    return recorded_policies(tf), tf


TABLE = TF_RESOURCE_TYPE.DynamodbTable


def test_grant_claim_allows_conditional_writes_and_deletes_and_no_reads():
    grants, tf = granted("grant_claim")
    [statement] = grants["claim-events"]
    assert statement["Action"] == ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    assert statement["Resource"] == [f"${{{address(tf, TABLE, 'events')}.arn}}"]


def test_grant_read_and_write_are_separate():
    [read] = granted("grant_read")[0]["read-events"]
    [write] = granted("grant_write")[0]["write-events"]
    assert read["Action"] == ["dynamodb:GetItem"]
    assert write["Action"] == ["dynamodb:PutItem", "dynamodb:UpdateItem"]


def test_grants_on_a_table_under_a_customer_key_include_the_key_only_through_dynamodb():
    grants, tf = granted("grant_read", with_key=True)
    table_statement, key_statement = grants["read-events"]
    assert table_statement["Resource"] == [f"${{{address(tf, TABLE, 'events')}.arn}}"]
    assert key_statement["Action"] == ["kms:Decrypt", "kms:DescribeKey"]
    [key_address] = [f"aws_kms_key.{name}" for name in tf["resource"]["aws_kms_key"]]
    assert key_statement["Resource"] == [f"${{{key_address}.arn}}"]
    assert key_statement["Condition"] == {"StringLike": {"kms:ViaService": "dynamodb.*.amazonaws.com"}}
    _, write_key = granted("grant_write", with_key=True)[0]["write-events"]
    assert "kms:GenerateDataKey" in write_key["Action"]


def test_grant_stream_read_names_the_stream_and_list_streams_only():
    grants, tf = granted("grant_stream_read", stream=StreamView.NEW_AND_OLD_IMAGES)
    stream, list_streams = grants["stream-read-events"]
    assert stream["Action"] == ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
    assert stream["Resource"] == [f"${{{address(tf, TABLE, 'events')}.stream_arn}}"]
    assert list_streams == {"Effect": "Allow", "Action": ["dynamodb:ListStreams"], "Resource": ["*"]}


def test_a_table_without_a_stream_refuses_a_stream_grant():
    with pytest.raises(ValueError, match="has no stream to read"):
        granted("grant_stream_read")


@pytest.mark.parametrize(("method", "actions"), [("grant_put", ["dynamodb:PutItem"]), ("grant_update", ["dynamodb:UpdateItem"])])
def test_narrow_write_grants(method, actions):
    policies, _ = granted(method)
    [(name, [statement])] = policies.items()
    assert (name, statement["Action"]) == (f"{method.removeprefix('grant_')}-events", actions)
