"""WebAcl: the documented defaults one by one, the forced rules, the association, the encrypted and redacted log."""

import json

import pytest
from tests.fixtures.tf_json import only, synth_construct

from constructs_lib import waf_rules
from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.waf_rules import BodyInspection
from constructs_lib.web_acl import COUNTED_BY_DEFAULT, REDACTED_HEADERS, WebAcl, WebAclProps

STAGE_ARN = "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1"
PROPS = WebAclProps(name="orders-api-dev", region="eu-west-1", stage_arn=STAGE_ARN, rate_limit_per_ip=600,
                    max_body_bytes=1024, log_retention_days=30)


def synth(props: WebAclProps = PROPS) -> dict:
    return synth_construct(lambda stack: WebAcl(stack, "waf", props))


@pytest.fixture(scope="module")
def defaults() -> dict:
    return synth()


@pytest.fixture(scope="module")
def acl(defaults) -> dict:
    return only(defaults, TF_RESOURCE_TYPE.Wafv2WebAcl)


def rules_by_name(acl: dict) -> dict[str, dict]:
    return {rule["name"]: rule for rule in acl["rule"]}


def counted(acl: dict) -> set[str]:
    return {
        override["name"]
        for rule in acl["rule"]
        for override in rule["statement"].get("managed_rule_group_statement", {}).get("rule_action_override", [])
        if override["action_to_use"] == {"count": {}}
    }


# --- Default settings, one by one --------------------------------------------------


def test_default_body_inspection_is_the_16_kb_the_base_price_covers(acl):
    assert acl["association_config"] == {"request_body": [{"api_gateway": {"default_size_inspection_limit": "KB_16"}}]}


def test_by_default_only_the_user_agent_and_hosting_provider_rules_count(acl):
    assert counted(acl) == set(COUNTED_BY_DEFAULT) == {"NoUserAgent_HEADER", "HostingProviderIPList"}


# --- Forced ---------------------------------------------------------------------------


def test_a_regional_web_acl_that_allows_what_no_rule_blocks(acl):
    assert (acl["name"], acl["scope"], acl["default_action"]) == ("orders-api-dev", "REGIONAL", {"allow": {}})


def test_rules_run_rate_then_body_size_then_the_managed_groups(acl):
    assert [(rule["priority"], rule["name"]) for rule in acl["rule"]] == [
        (0, "rate-per-ip"), (1, "body-size"), (2, "AWSManagedRulesAnonymousIpList"),
        (3, "AWSManagedRulesKnownBadInputsRuleSet"), (4, "AWSManagedRulesCommonRuleSet")]


def test_managed_groups_keep_their_own_actions(acl):
    for group in waf_rules.MANAGED_GROUP_ORDER:
        rule = rules_by_name(acl)[group]
        assert rule["override_action"] == {"none": {}} and "action" not in rule
        assert rule["statement"]["managed_rule_group_statement"]["vendor_name"] == "AWS"


def custom_error(acl: dict, rule: dict) -> tuple[int, dict]:
    response = rule["action"]["block"]["custom_response"]
    (body,) = [b for b in acl["custom_response_body"] if b["key"] == response["custom_response_body_key"]]
    assert body["content_type"] == "APPLICATION_JSON"
    return response["response_code"], json.loads(body["content"])


def test_an_address_over_its_rate_gets_429_in_the_apis_error_shape(acl):
    rule = rules_by_name(acl)["rate-per-ip"]
    assert rule["statement"] == waf_rules.rate_statement(600)
    assert custom_error(acl, rule) == (429, {"error": "Too Many Requests"})


def test_a_body_over_the_apis_limit_gets_413_in_the_apis_error_shape(acl):
    rule = rules_by_name(acl)["body-size"]
    assert rule["statement"] == waf_rules.body_size_statement(1024, BodyInspection.KB_16)
    assert custom_error(acl, rule) == (413, {"error": "Request body exceeds 1024 bytes"})


def test_every_rule_has_metrics_and_sampled_requests_under_its_own_name(acl):
    for rule in [*acl["rule"], acl]:
        visibility = rule["visibility_config"]
        assert visibility == {"cloudwatch_metrics_enabled": True, "metric_name": rule["name"], "sampled_requests_enabled": True}


def test_the_web_acl_is_associated_with_the_stage(defaults):
    association = only(defaults, TF_RESOURCE_TYPE.Wafv2WebAclAssociation)
    assert association["resource_arn"] == STAGE_ARN
    assert association["web_acl_arn"].startswith("${aws_wafv2_web_acl.") and association["web_acl_arn"].endswith(".arn}")


def test_logs_go_to_the_aws_waf_logs_group_encrypted_under_its_own_key(defaults):
    log_group = only(defaults, TF_RESOURCE_TYPE.CloudwatchLogGroup)
    assert (log_group["name"], log_group["retention_in_days"]) == ("aws-waf-logs-orders-api-dev", 30)
    (key_id,) = defaults["resource"][TF_RESOURCE_TYPE.KmsKey]
    assert log_group["kms_key_id"] == f"${{aws_kms_key.{key_id}.arn}}"
    assert only(defaults, TF_RESOURCE_TYPE.KmsAlias)["name"] == "alias/aws-waf-logs-orders-api-dev"
    logging = only(defaults, TF_RESOURCE_TYPE.Wafv2WebAclLoggingConfiguration)
    (log_group_id,) = defaults["resource"][TF_RESOURCE_TYPE.CloudwatchLogGroup]
    assert logging["log_destination_configs"] == [f"${{aws_cloudwatch_log_group.{log_group_id}.arn}}"]


def test_cloudwatch_logs_may_use_the_key_for_that_log_group_only(defaults):
    _, logs = json.loads(only(defaults, TF_RESOURCE_TYPE.KmsKey)["policy"])["Statement"]
    assert logs["Principal"] == {"Service": "logs.eu-west-1.amazonaws.com"}
    [account] = defaults["data"]["aws_caller_identity"]
    assert logs["Condition"] == {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": [
        f"arn:aws:logs:eu-west-1:${{data.aws_caller_identity.{account}.account_id}}:log-group:aws-waf-logs-orders-api-dev"]}}


def test_headers_carrying_credentials_never_reach_the_log(defaults):
    logging = only(defaults, TF_RESOURCE_TYPE.Wafv2WebAclLoggingConfiguration)
    redacted = [field["single_header"]["name"] for field in logging["redacted_fields"]]
    assert redacted == list(REDACTED_HEADERS)
    assert {"webhook-signature", "x-api-key", "authorization"} <= set(redacted)


def test_the_log_keeps_blocked_and_counted_requests_only(defaults):
    logging_filter = only(defaults, TF_RESOURCE_TYPE.Wafv2WebAclLoggingConfiguration)["logging_filter"]
    # EXCLUDED_AS_COUNT is how WAF's filter names a managed group's rule overridden to count.
    assert logging_filter == {"default_behavior": "DROP", "filter": [{
        "behavior": "KEEP", "requirement": "MEETS_ANY",
        "condition": [{"action_condition": {"action": action}} for action in ("BLOCK", "COUNT", "EXCLUDED_AS_COUNT")]}]}


# --- Settings ---------------------------------------------------------------------------


def test_counted_rules_count_on_top_of_the_defaults_in_their_own_groups():
    props = WebAclProps(**{**PROPS.__dict__, "counted_rules": {"Log4JRCE_BODY": "bodies are data here"}})
    acl = only(synth(props), TF_RESOURCE_TYPE.Wafv2WebAcl)
    assert counted(acl) == {"NoUserAgent_HEADER", "HostingProviderIPList", "Log4JRCE_BODY"}
    known_bad = rules_by_name(acl)["AWSManagedRulesKnownBadInputsRuleSet"]["statement"]["managed_rule_group_statement"]
    assert known_bad["rule_action_override"] == [{"name": "Log4JRCE_BODY", "action_to_use": {"count": {}}}]


def test_a_larger_inspection_and_body_limit_change_the_association_and_the_body_rule():
    props = WebAclProps(**{**PROPS.__dict__, "max_body_bytes": 262_144, "body_inspection": BodyInspection.KB_64})
    acl = only(synth(props), TF_RESOURCE_TYPE.Wafv2WebAcl)
    assert acl["association_config"]["request_body"][0]["api_gateway"] == {"default_size_inspection_limit": "KB_64"}
    assert "regex_match_statement" in rules_by_name(acl)["body-size"]["statement"]


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"name": "orders api"}, "name must be 1-128 of A-Z"),
        ({"name": "x" * 129}, "name must be 1-128"),
        ({"rate_limit_per_ip": 9}, "rate_limit_per_ip must be 10-2000000000"),
        ({"max_body_bytes": 10 * 1024 * 1024}, "max_body_bytes must be 0-10485759"),
        ({"log_retention_days": 10}, "log_retention_days must be one CloudWatch accepts"),
        ({"counted_rules": {"NoUserAgent_Header": "typo"}}, r"counted_rules names rules no managed group here has: \['NoUserAgent_Header'\]"),
        ({"counted_rules": {"GenericLFI_BODY": " "}}, r"must say why each rule counts instead of blocking: \['GenericLFI_BODY'\]"),
    ],
)
def test_props_checks(overrides, problem):
    with pytest.raises(ValueError, match=problem):
        synth(WebAclProps(**{**PROPS.__dict__, **overrides}))


def test_every_conflict_is_named_in_one_error():
    with pytest.raises(ValueError) as refused:
        synth(WebAclProps(**{**PROPS.__dict__, "rate_limit_per_ip": 0, "log_retention_days": 2}))
    assert "rate_limit_per_ip" in str(refused.value) and "log_retention_days" in str(refused.value)
