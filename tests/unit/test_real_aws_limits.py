"""The test fixture that makes moto's clients refuse what the real services refuse: each limit at its edge."""

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.fixtures.aws_limits import RealLimits, item_problems, message_problems, number_problem, problems


@pytest.mark.parametrize("text", ["0", "-0", "0E-200", "1E-130", "-1E-130",
                                  "9.9999999999999999999999999999999999999E+125", "1" + "0" * 40, "0.000" + "1" * 38,
                                  "1" * 38])
def test_numbers_dynamodb_holds(text):
    assert number_problem(text) is None


@pytest.mark.parametrize("text", ["1E+126", "9.9E-131", "1" * 39, "1e999999999999999999999", "NaN", "Infinity",
                                  "1e", "", "0x10", " 1"])
def test_numbers_dynamodb_refuses(text):
    assert number_problem(text) is not None


def nested(levels: int) -> dict:
    value: dict = {"L": []}
    for _ in range(levels - 1):
        value = {"L": [value]}
    return value


def test_item_limits_at_their_edges():
    assert item_problems({"a": nested(32)}) == []
    assert item_problems({"a": nested(33)}) == ["a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
                                                "[0][0][0][0][0][0][0][0][0][0]: nested deeper than 32 levels"]
    assert item_problems({"n" * 65_535: {"S": "x"}}) == []
    assert item_problems({"n" * 65_536: {"S": "x"}})[0].endswith("a name must be 1-65535 bytes, this one is 65536")
    assert item_problems({"s": {"S": "\ud800"}}) == ["s: string is not valid UTF-8"]
    # 1 byte of name + the string: exactly 400 KB, then one byte over
    assert item_problems({"s": {"S": "x" * 409_599}}) == []
    assert item_problems({"s": {"S": "x" * 409_600}}) == ["item is 409601 bytes, more than 409600"]
    assert item_problems({"k": {"S": "k" * 2_049}}, key_names=("k",)) == ["key k must be 1-2048 bytes"]
    assert item_problems({"k": {"S": ""}}, key_names=("k",)) == ["key k must be 1-2048 bytes"]


def test_message_limits_at_their_edges():
    attributes = {"a": {"DataType": "String", "StringValue": "v"}}  # 1 + 6 + 1 bytes
    assert message_problems("x" * (262_144 - 8), attributes, "body") == []
    assert message_problems("x" * (262_144 - 7), attributes, "body") == [
        "body and attributes take 262145 bytes, more than 262144"]
    assert message_problems("a\ufffeb", {}, "body") == ["body holds U+FFFE, which SQS refuses"]
    assert message_problems("", {}, "body") == ["body is empty"]
    assert message_problems("x", {"bad name": {"DataType": "String", "StringValue": "v"}}, "body") == [
        "attribute name 'bad name' is not 1-256 characters of A-Za-z0-9_-."]
    assert problems("lambda", "Invoke", {"InvocationType": "Event", "Payload": b"x" * 262_145}) == [
        "payload is 262145 bytes, more than 262144"]
    assert problems("lambda", "Invoke", {"InvocationType": "RequestResponse", "Payload": b"x" * 262_145}) == []


def test_an_enforced_client_refuses_before_moto_and_keeps_the_refusal(mocked_aws):
    # GIVEN a moto table and a client that enforces the real limits
    plain = boto3.client("dynamodb")
    plain.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                       KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                       AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    limits = RealLimits({"t": ("k",)})
    client = limits.enforce(boto3.client("dynamodb"))
    # WHEN an item moto would take but DynamoDB refuses is written, THEN a ValidationException, recorded
    with pytest.raises(ClientError) as refused:
        client.put_item(TableName="t", Item={"k": {"S": "1"}, "n" * 70_000: {"S": "x"}})
    assert refused.value.response["Error"]["Code"] == "ValidationException"
    assert limits.refused == [("dynamodb:PutItem", ["nnnnnnnnnnnnnnnnnnnn: a name must be 1-65535 bytes, "
                                                    "this one is 70000"])]
    assert plain.scan(TableName="t")["Count"] == 0
    # AND a good item goes through; once released, the client is moto's again
    client.put_item(TableName="t", Item={"k": {"S": "1"}})
    limits.release(client)
    client.put_item(TableName="t", Item={"k": {"S": "2"}, "n" * 70_000: {"S": "x"}})
    assert plain.scan(TableName="t")["Count"] == 2
