"""Each public API is behind a web ACL where its profile says so, with the API's own limits and overrides."""

import json

import pytest

from constructs_lib import waf_rules
from constructs_lib.cdk import TF_RESOURCE_TYPE
from constructs_lib.waf_rules import COMMON_RULE_SET, KNOWN_BAD_INPUTS
from constructs_lib.web_acl import COUNTED_BY_DEFAULT
from stacks.profiles import profile_for
from stacks.registry import SYSTEMS
from stacks.transaction_processor import settings as transaction_settings
from stacks.webhook_pipeline import settings as webhook_settings
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES
from tests.fixtures.tf_json import only, resources
from tools.function_code import use_zip_root

WAF_TYPES = (TF_RESOURCE_TYPE.Wafv2WebAcl, TF_RESOURCE_TYPE.Wafv2WebAclAssociation, TF_RESOURCE_TYPE.Wafv2WebAclLoggingConfiguration)
# Per API: its own body limit, its own log retention, and the managed rules it counts beyond the defaults.
APIS = {
    "webhook-pipeline": (webhook_settings.MAX_BODY_BYTES, webhook_settings.LOG_RETENTION_DAYS,
                         set(waf_rules.body_rules(COMMON_RULE_SET, KNOWN_BAD_INPUTS))),
    "transaction-processor": (transaction_settings.API_MAX_BODY_BYTES, transaction_settings.LOG_RETENTION_DAYS, set()),
}


def guarded(system: str, suffix: str) -> bool:
    return system in APIS and profile_for(suffix).web_acl is not None


STACKS = [(system.name, suffix) for system in SYSTEMS for suffix in SYNTHESIZED_SUFFIXES]
GUARDED_STACKS = [stack for stack in STACKS if guarded(*stack)]


@pytest.fixture(scope="module", params=STACKS, ids=lambda s: f"{s[0]}-{s[1]}")
def system_stack(request, synthesized) -> tuple[str, str, dict]:
    system, suffix = request.param
    return system, suffix, json.loads(synthesized[request.param])


@pytest.fixture(scope="module", params=GUARDED_STACKS, ids=lambda s: f"{s[0]}-{s[1]}")
def guarded_stack(request, synthesized) -> tuple[str, str, dict]:
    system, suffix = request.param
    return system, suffix, json.loads(synthesized[request.param])


def counted(acl: dict) -> set[str]:
    return {o["name"] for rule in acl["rule"]
            for o in rule["statement"].get("managed_rule_group_statement", {}).get("rule_action_override", [])}


def test_every_api_has_a_web_acl_exactly_where_the_profile_asks(system_stack):
    system, suffix, tf = system_stack
    found = {resource_type: len(resources(tf, resource_type)) for resource_type in WAF_TYPES}
    assert set(found.values()) == ({1} if guarded(system, suffix) else {0}), found


def test_prod_puts_both_public_apis_behind_a_web_acl():
    assert {system.name for system in SYSTEMS if system.api is not None} == set(APIS)
    assert {(system, "prod") for system in APIS} <= set(GUARDED_STACKS)


def test_the_web_acl_guards_this_apis_stage_and_is_named_after_it(guarded_stack):
    _, _, tf = guarded_stack
    (stage,) = tf["resource"][TF_RESOURCE_TYPE.ApiGatewayStage]
    association = only(tf, TF_RESOURCE_TYPE.Wafv2WebAclAssociation)
    assert association["resource_arn"] == f"${{aws_api_gateway_stage.{stage}.arn}}"
    assert only(tf, TF_RESOURCE_TYPE.Wafv2WebAcl)["name"] == only(tf, TF_RESOURCE_TYPE.ApiGatewayRestApi)["name"]


def test_the_rate_limit_per_address_is_the_profiles(guarded_stack):
    _, suffix, tf = guarded_stack
    (rate,) = [r for r in only(tf, TF_RESOURCE_TYPE.Wafv2WebAcl)["rule"] if r["name"] == "rate-per-ip"]
    assert rate["statement"]["rate_based_statement"]["limit"] == profile_for(suffix).web_acl.requests_per_ip


def test_the_body_limit_is_the_apis_own(guarded_stack):
    system, _, tf = guarded_stack
    max_body_bytes = APIS[system][0]
    acl = only(tf, TF_RESOURCE_TYPE.Wafv2WebAcl)
    (size,) = [r for r in acl["rule"] if r["name"] == "body-size"]
    inspection = waf_rules.BodyInspection[acl["association_config"]["request_body"][0]["api_gateway"][
        "default_size_inspection_limit"]]
    assert size["statement"] == waf_rules.body_size_statement(max_body_bytes, inspection)
    assert str(max_body_bytes) in json.dumps(acl["custom_response_body"])


def test_the_webhook_judges_its_256_kb_by_the_declared_length_the_transaction_api_measures_its_1_kb(synthesized):
    webhook = only(json.loads(synthesized[("webhook-pipeline", "prod")]), TF_RESOURCE_TYPE.Wafv2WebAcl)
    transactions = only(json.loads(synthesized[("transaction-processor", "prod")]), TF_RESOURCE_TYPE.Wafv2WebAcl)
    assert "regex_match_statement" in webhook["rule"][1]["statement"]
    assert transactions["rule"][1]["statement"]["size_constraint_statement"]["size"] == 1024


def test_each_api_counts_the_defaults_and_only_the_rules_its_legitimate_requests_trip(guarded_stack):
    system, _, tf = guarded_stack
    assert counted(only(tf, TF_RESOURCE_TYPE.Wafv2WebAcl)) == set(COUNTED_BY_DEFAULT) | APIS[system][2]


def test_the_webhook_counts_every_body_rule_and_no_header_path_or_query_rule(synthesized):
    acl = only(json.loads(synthesized[("webhook-pipeline", "prod")]), TF_RESOURCE_TYPE.Wafv2WebAcl)
    beyond_defaults = counted(acl) - set(COUNTED_BY_DEFAULT)
    assert beyond_defaults and all(rule.endswith("_BODY") for rule in beyond_defaults)
    assert {"SizeRestrictions_BODY", "CrossSiteScripting_BODY", "EC2MetaDataSSRF_BODY", "Log4JRCE_BODY"} <= beyond_defaults


def test_waf_logs_are_kept_as_long_as_the_profile_keeps_the_apis_logs(guarded_stack):
    system, suffix, tf = guarded_stack
    (log_group,) = [g for g in resources(tf, TF_RESOURCE_TYPE.CloudwatchLogGroup) if g["name"].startswith("aws-waf-logs-")]
    assert log_group["retention_in_days"] == profile_for(suffix).log_retention(APIS[system][1])
    assert log_group["kms_key_id"].startswith("${aws_kms_key.")


def test_the_web_acl_refuses_what_the_validator_refuses():
    use_zip_root("validator")
    from webhook_validator.request import MAX_BODY_BYTES  # noqa: PLC0415 - the validator's zip root, set up just above

    assert webhook_settings.MAX_BODY_BYTES == MAX_BODY_BYTES
