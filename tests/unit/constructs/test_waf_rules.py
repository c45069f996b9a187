"""waf_rules: the statements a web ACL is made of, and the rule catalogue overrides are checked against."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from constructs_lib import waf_rules
from constructs_lib.waf_rules import BodyInspection

LIMITS = st.integers(min_value=0, max_value=10**12)


@given(limit=LIMITS, value=LIMITS, zeros=st.integers(min_value=0, max_value=3))
def test_greater_than_matches_exactly_the_integers_above_the_limit(limit, value, zeros):
    assert bool(re.fullmatch(waf_rules.greater_than(limit), "0" * zeros + str(value))) == (value > limit)


@given(limit=LIMITS)
def test_greater_than_matches_the_neighbours_of_the_limit_as_it_must(limit):
    pattern = waf_rules.greater_than(limit)
    assert (re.fullmatch(pattern, str(limit)), re.fullmatch(pattern, str(limit + 1)) is not None) == (None, True)


@pytest.mark.parametrize("text", ["", "+262145", "262145 ", "2.6e6", "-1", "0x40001", "262145,1"])
def test_greater_than_refuses_anything_but_digits(text):
    assert re.search(waf_rules.greater_than(262_144), text) is None


def test_greater_than_uses_no_capturing_group_waf_would_refuse():
    assert re.compile(waf_rules.greater_than(262_144)).groups == 0


def test_a_body_limit_waf_can_see_is_a_size_constraint_that_counts_unseen_bytes_as_over():
    statement = waf_rules.body_size_statement(1024, BodyInspection.KB_16)["size_constraint_statement"]
    assert (statement["comparison_operator"], statement["size"]) == ("GT", 1024)
    assert statement["field_to_match"] == {"body": {"oversize_handling": "MATCH"}}


def test_a_body_limit_of_exactly_the_inspection_size_is_still_measured():
    assert "size_constraint_statement" in waf_rules.body_size_statement(16 * 1024, BodyInspection.KB_16)


def test_a_body_limit_beyond_what_waf_sees_judges_the_declared_length():
    statement = waf_rules.body_size_statement(262_144, BodyInspection.KB_64)["regex_match_statement"]
    assert statement["field_to_match"] == {"single_header": {"name": "content-length"}}
    assert statement["regex_string"] == waf_rules.greater_than(262_144)


def test_rate_statement_counts_per_client_address_over_five_minutes():
    assert waf_rules.rate_statement(15_000) == {
        "rate_based_statement": {"limit": 15_000, "aggregate_key_type": "IP", "evaluation_window_sec": 300}}


def test_managed_group_statement_overrides_only_the_groups_own_rules_to_count():
    statement = waf_rules.managed_group_statement(waf_rules.COMMON_RULE_SET, ["NoUserAgent_HEADER", "HostingProviderIPList"])
    assert statement == {"managed_rule_group_statement": {
        "name": "AWSManagedRulesCommonRuleSet", "vendor_name": "AWS",
        "rule_action_override": [{"name": "NoUserAgent_HEADER", "action_to_use": {"count": {}}}]}}


def test_a_group_without_overrides_keeps_all_its_actions():
    statement = waf_rules.managed_group_statement(waf_rules.KNOWN_BAD_INPUTS, ["NoUserAgent_HEADER"])
    assert "rule_action_override" not in statement["managed_rule_group_statement"]


def test_body_rules_are_the_rules_that_inspect_the_body():
    assert waf_rules.body_rules(waf_rules.KNOWN_BAD_INPUTS) == ["JavaDeserializationRCE_BODY", "Log4JRCE_BODY", "ReactJSRCE_BODY"]
    assert "SizeRestrictions_BODY" in waf_rules.body_rules(waf_rules.COMMON_RULE_SET)


def test_unknown_rules_are_named():
    assert waf_rules.unknown_rules(["NoUserAgent_HEADER", "NoUserAgent_Header", "Log4JRCE"]) == ["Log4JRCE", "NoUserAgent_Header"]


def test_the_catalogue_lists_each_rule_once_and_every_group_in_the_order():
    rules = [rule for group in waf_rules.MANAGED_RULES.values() for rule in group]
    assert len(rules) == len(set(rules)) == 2 + 12 + 22
    assert set(waf_rules.MANAGED_GROUP_ORDER) == set(waf_rules.MANAGED_RULES)
