"""The rules of a web ACL in front of a JSON API, as Terraform's `statement` blocks: pure data, no provider import.

The managed rule groups' rules are listed as AWS documents them, so an
override naming a rule its group lacks is refused at synth time (a misspelt
override would leave the rule blocking):
https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-ip-rep.html
"""

from collections.abc import Iterable, Mapping
from enum import Enum

ANONYMOUS_IP_LIST = "AWSManagedRulesAnonymousIpList"
KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet"
COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet"

MANAGED_RULES: Mapping[str, tuple[str, ...]] = {
    # Tor exits, anonymizing proxies; addresses of hosting and cloud providers.
    ANONYMOUS_IP_LIST: ("AnonymousIPList", "HostingProviderIPList"),
    KNOWN_BAD_INPUTS: (
        "JavaDeserializationRCE_HEADER", "JavaDeserializationRCE_BODY", "JavaDeserializationRCE_URIPATH",
        "JavaDeserializationRCE_QUERYSTRING", "Host_localhost_HEADER", "PROPFIND_METHOD", "ExploitablePaths_URIPATH",
        "Log4JRCE_HEADER", "Log4JRCE_QUERYSTRING", "Log4JRCE_BODY", "Log4JRCE_URIPATH", "ReactJSRCE_BODY",
    ),
    COMMON_RULE_SET: (
        "NoUserAgent_HEADER", "UserAgent_BadBots_HEADER", "SizeRestrictions_QUERYSTRING",
        "SizeRestrictions_Cookie_HEADER", "SizeRestrictions_BODY", "SizeRestrictions_URIPATH",
        "EC2MetaDataSSRF_BODY", "EC2MetaDataSSRF_COOKIE", "EC2MetaDataSSRF_URIPATH", "EC2MetaDataSSRF_QUERYARGUMENTS",
        "GenericLFI_QUERYARGUMENTS", "GenericLFI_URIPATH", "GenericLFI_BODY", "RestrictedExtensions_URIPATH",
        "RestrictedExtensions_QUERYARGUMENTS", "GenericRFI_QUERYARGUMENTS", "GenericRFI_BODY", "GenericRFI_URIPATH",
        "CrossSiteScripting_COOKIE", "CrossSiteScripting_QUERYARGUMENTS", "CrossSiteScripting_BODY",
        "CrossSiteScripting_URIPATH",
    ),
}
# Evaluated in this order after the rate and body-size rules: the IP list is a
# cheap lookup, the known-bad patterns are few, the core rule set is the largest.
MANAGED_GROUP_ORDER = (ANONYMOUS_IP_LIST, KNOWN_BAD_INPUTS, COMMON_RULE_SET)
# How long a rate-based rule counts an address's requests (WAF: 60, 120, 300 or 600 s).
RATE_WINDOW_SECONDS = 300
RATE_LIMIT_RANGE = (10, 2_000_000_000)  # what WAF accepts as a rate-based rule's limit
NO_TRANSFORMATION = [{"priority": 0, "type": "NONE"}]


class BodyInspection(Enum):
    """How much of a body API Gateway forwards to WAF. Above 16 KB costs extra per request."""

    KB_16 = 16 * 1024
    KB_32 = 32 * 1024
    KB_48 = 48 * 1024
    KB_64 = 64 * 1024


def body_rules(*groups: str) -> list[str]:
    """The rules of `groups` that inspect the request body."""
    return [rule for group in groups for rule in MANAGED_RULES[group] if rule.endswith("_BODY")]


def unknown_rules(names: Iterable[str]) -> list[str]:
    known = {rule for rules in MANAGED_RULES.values() for rule in rules}
    return sorted(set(names) - known)


def managed_group_statement(group: str, counted: Iterable[str]) -> dict:
    """The group with each rule of `counted` that belongs to it set to count instead of its own action."""
    counted = set(counted)
    overrides = [{"name": rule, "action_to_use": {"count": {}}} for rule in MANAGED_RULES[group] if rule in counted]
    statement = {"name": group, "vendor_name": "AWS"}
    if overrides:
        statement["rule_action_override"] = overrides
    return {"managed_rule_group_statement": statement}


def rate_statement(limit: int) -> dict:
    """More than `limit` requests from one client address within the window."""
    return {"rate_based_statement": {"limit": limit, "aggregate_key_type": "IP", "evaluation_window_sec": RATE_WINDOW_SECONDS}}


def body_size_statement(max_body_bytes: int, inspection: BodyInspection) -> dict:
    """A body larger than `max_body_bytes`, judged on what WAF can see of it.

    API Gateway forwards WAF only the first `inspection` bytes of a body. Up to
    that size WAF measures the body itself, and a body it cannot see whole is
    over the limit too (oversize handling MATCH), so a chunked request is
    judged as well. Above it WAF cannot measure the body, only the length the
    request declares: the rule matches a `content-length` above the limit,
    and a request that declares none (chunked) reaches the function, whose own
    check refuses it.
    """
    if max_body_bytes <= inspection.value:
        return {
            "size_constraint_statement": {
                "comparison_operator": "GT",
                "size": max_body_bytes,
                "field_to_match": {"body": {"oversize_handling": "MATCH"}},
                "text_transformation": NO_TRANSFORMATION,
            }
        }
    return {
        "regex_match_statement": {
            "regex_string": greater_than(max_body_bytes),
            "field_to_match": {"single_header": {"name": "content-length"}},
            "text_transformation": NO_TRANSFORMATION,
        }
    }


def greater_than(limit: int) -> str:
    """A regex (WAF's PCRE subset: no capturing groups) matching a decimal integer greater than `limit`."""
    digits = str(limit)
    longer = f"[1-9][0-9]{{{len(digits)},}}"
    same_length = [f"{digits[:i]}[{int(d) + 1}-9]{_any_digits(len(digits) - i - 1)}" for i, d in enumerate(digits) if d != "9"]
    return f"^0*(?:{'|'.join([longer, *same_length])})$"


def _any_digits(count: int) -> str:
    return f"[0-9]{{{count}}}" if count else ""
