"""Event source filters as Lambda evaluates them."""

import pytest

from tools.local_run.triggers.event_filters import any_matches, check_pattern, matches, sqs_view


def test_the_stream_filter_of_the_transaction_processor_keeps_inserts_only():
    pattern = {"eventName": ["INSERT"]}
    assert matches(pattern, {"eventName": "INSERT", "dynamodb": {}})
    assert not matches(pattern, {"eventName": "MODIFY"})
    assert not matches(pattern, {})


def test_operators_and_nested_objects():
    record = {"body": {"symbol": "ACME", "price": 151.25, "tags": ["a", "b"]}}
    assert matches({"body": {"symbol": [{"prefix": "AC"}], "price": [{"numeric": [">", 150, "<=", 200]}]}}, record)
    assert matches({"body": {"tags": ["b"]}}, record)
    assert matches({"body": {"venue": [{"exists": False}]}}, record)
    assert not matches({"body": {"symbol": [{"anything-but": ["ACME"]}]}}, record)
    assert not matches({"body": {"price": ["151.25"]}}, record)  # a string is not the number


def test_an_sqs_body_is_matched_as_json_when_it_is_json():
    assert any_matches([{"body": {"kind": ["tick"]}}], sqs_view({"body": '{"kind": "tick"}'}))
    assert not any_matches([{"body": {"kind": ["tick"]}}], sqs_view({"body": "kind=tick"}))
    assert any_matches([], {"body": "anything"})  # no filter: every record


def test_an_operator_the_local_run_does_not_know_is_refused():
    with pytest.raises(ValueError, match="wildcard"):
        check_pattern({"body": {"key": [{"wildcard": "*.csv"}]}})
