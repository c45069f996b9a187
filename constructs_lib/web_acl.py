"""A regional WAF web ACL in front of one API Gateway stage, logging to an encrypted log group."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from constructs_lib import cdk, naming, waf_rules
from constructs_lib.defaults import LOG_RETENTION_DAYS
from constructs_lib.encryption_key import EncryptionKey, EncryptionKeyProps, LogGroupEncryption
from constructs_lib.waf_rules import BodyInspection

RATE_RULE = "rate-per-ip"
BODY_SIZE_RULE = "body-size"
# A web ACL-wide metric's `Rule` dimension.
ALL_RULES = "ALL"
# Managed rules that would block legitimate callers of any API here, with why.
COUNTED_BY_DEFAULT: Mapping[str, str] = {
    # No API contract here requires a User-Agent: a merchant's or a webhook
    # sender's HTTP client that sends none is still a legitimate caller.
    "NoUserAgent_HEADER": "no contract requires a User-Agent header",
    # The callers are servers: webhook senders and merchants' back ends run on
    # cloud and hosting providers, the very addresses this list names.
    "HostingProviderIPList": "server-to-server APIs: callers run on hosting and cloud providers",
}
# Headers whose values are credentials, never written to the WAF log.
REDACTED_HEADERS = (
    "authorization",  # any bearer or basic credential a caller sends
    "x-api-key",  # the transaction API's key
    "webhook-signature",  # Standard Webhooks HMACs of the body
    "svix-signature",  # the same, under the name some Standard Webhooks senders use
)
# The log keeps WAF's decisions that matter: blocked requests and rule matches
# set to count. Every request is in the API's own access log already. A managed
# group's rule overridden to count matches EXCLUDED_AS_COUNT, not COUNT (WAF's
# ActionCondition reference), and those overrides are what an operator checks
# for false positives.
LOGGED_ACTIONS = ("BLOCK", "COUNT", "EXCLUDED_AS_COUNT")
TOO_MANY_REQUESTS, BODY_TOO_LARGE = "too-many-requests", "body-too-large"
API_GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024  # API Gateway refuses larger payloads itself


@dataclass(frozen=True)
class WebAclProps:
    name: str  # the web ACL's; its log group and key alias derive from it
    region: str  # the stack's: CloudWatch Logs' principal there, and the metrics' Region dimension
    stage_arn: str  # the API Gateway stage it protects
    rate_limit_per_ip: int  # requests from one address per RATE_WINDOW_SECONDS, then 429
    max_body_bytes: int  # larger bodies get 413, as the API's own check answers
    log_retention_days: int
    # Managed rules (name -> why) that count instead of blocking, on top of COUNTED_BY_DEFAULT.
    counted_rules: Mapping[str, str] = field(default_factory=dict)
    body_inspection: BodyInspection = BodyInspection.KB_16


def _check(props: WebAclProps) -> None:
    problems = []
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,128}", props.name):
        problems.append(f"name must be 1-128 of A-Z, a-z, 0-9, '-' and '_', got {props.name!r}")
    low, high = waf_rules.RATE_LIMIT_RANGE
    if not low <= props.rate_limit_per_ip <= high:
        problems.append(f"rate_limit_per_ip must be {low}-{high} (WAF's range), got {props.rate_limit_per_ip}")
    if not 0 <= props.max_body_bytes < API_GATEWAY_MAX_BODY_BYTES:
        problems.append(f"max_body_bytes must be 0-{API_GATEWAY_MAX_BODY_BYTES - 1} (API Gateway's own limit), "
                        f"got {props.max_body_bytes}")
    if props.log_retention_days not in LOG_RETENTION_DAYS:
        problems.append(f"log_retention_days must be one CloudWatch accepts {LOG_RETENTION_DAYS}, got {props.log_retention_days}")
    unknown = waf_rules.unknown_rules(props.counted_rules)
    if unknown:
        problems.append(f"counted_rules names rules no managed group here has: {unknown}")
    unexplained = sorted(rule for rule, reason in props.counted_rules.items() if not reason.strip())
    if unexplained:
        problems.append(f"counted_rules must say why each rule counts instead of blocking: {unexplained}")
    if problems:
        raise ValueError("WebAclProps: " + "; ".join(problems))


def _visibility(metric: str) -> cdk.Wafv2WebAclRuleVisibilityConfig:
    return cdk.Wafv2WebAclRuleVisibilityConfig(cloudwatch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True)


def _blocking(name: str, priority: int, statement: dict, status: int, body_key: str) -> cdk.Wafv2WebAclRule:
    response = cdk.Wafv2WebAclRuleActionBlockCustomResponse(response_code=status, custom_response_body_key=body_key)
    action = cdk.Wafv2WebAclRuleAction(block=cdk.Wafv2WebAclRuleActionBlock(custom_response=response))
    return cdk.Wafv2WebAclRule(name=name, priority=priority, statement=statement, action=action, visibility_config=_visibility(name))


def _managed(group: str, priority: int, counted: Mapping[str, str]) -> cdk.Wafv2WebAclRule:
    return cdk.Wafv2WebAclRule(
        name=group,
        priority=priority,
        statement=waf_rules.managed_group_statement(group, counted),
        # The group's own actions apply (with the overrides inside the statement).
        override_action=cdk.Wafv2WebAclRuleOverrideAction(none=cdk.Wafv2WebAclRuleOverrideActionNone()),
        visibility_config=_visibility(group),
    )


class WebAcl(cdk.Construct):
    """`.web_acl` in front of one stage, `.log_group` and its `.log_key`.

    Default settings: API Gateway forwards 16 KB of a body to WAF (the
    size covered by the base price), no rule counted beyond
    COUNTED_BY_DEFAULT.
    Forced: scope REGIONAL; requests no rule blocks are allowed; in this
    order, a rate-based rule per client address (429), a body-size rule
    (413, see `waf_rules.body_size_statement`), then AWS's anonymous-IP
    list, known-bad-inputs and core rule set, each with its own actions
    except COUNTED_BY_DEFAULT and `counted_rules`; the 413 and 429 bodies
    in the APIs' `{"error": ...}` shape; CloudWatch metrics and sampled
    requests for every rule; the association with `stage_arn`; logging of
    blocked and counted requests to `aws-waf-logs-<name>` (WAF's required
    prefix), encrypted under a key of its own that CloudWatch Logs may use
    for that log group only, with the REDACTED_HEADERS left out.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: WebAclProps) -> None:
        super().__init__(scope, id_)
        _check(props)
        self.region = props.region
        self.rate_limit_per_ip = props.rate_limit_per_ip
        counted = {**COUNTED_BY_DEFAULT, **props.counted_rules}
        rules = [
            _blocking(RATE_RULE, 0, waf_rules.rate_statement(props.rate_limit_per_ip), 429, TOO_MANY_REQUESTS),
            _blocking(BODY_SIZE_RULE, 1, waf_rules.body_size_statement(props.max_body_bytes, props.body_inspection), 413,
                      BODY_TOO_LARGE),
            *(_managed(group, 2 + index, counted) for index, group in enumerate(waf_rules.MANAGED_GROUP_ORDER)),
        ]
        self.rule_metrics = tuple(rule.name for rule in rules)
        errors = {
            TOO_MANY_REQUESTS: '{"error": "Too Many Requests"}',
            BODY_TOO_LARGE: f'{{"error": "Request body exceeds {props.max_body_bytes} bytes"}}',
        }
        self.web_acl = cdk.Wafv2WebAcl(
            self,
            "acl",
            name=props.name,
            scope="REGIONAL",
            default_action=cdk.Wafv2WebAclDefaultAction(allow=cdk.Wafv2WebAclDefaultActionAllow()),
            rule=rules,
            custom_response_body=[
                cdk.Wafv2WebAclCustomResponseBody(key=key, content=body, content_type="APPLICATION_JSON")
                for key, body in errors.items()
            ],
            association_config=cdk.Wafv2WebAclAssociationConfig(request_body=[cdk.Wafv2WebAclAssociationConfigRequestBody(
                api_gateway=cdk.Wafv2WebAclAssociationConfigRequestBodyApiGateway(
                    default_size_inspection_limit=props.body_inspection.name))]),
            visibility_config=cdk.Wafv2WebAclVisibilityConfig(
                cloudwatch_metrics_enabled=True, metric_name=props.name, sampled_requests_enabled=True),
        )
        self.association = cdk.Wafv2WebAclAssociation(self, "association", resource_arn=props.stage_arn,
                                                  web_acl_arn=self.web_acl.arn)
        log_group_name = naming.waf_log_group_name(props.name)
        self.log_key = EncryptionKey(self, "log-key", EncryptionKeyProps(
            alias=naming.waf_log_key_alias(props.name),
            description=f"WAF logs of {props.name}",
            log_groups=LogGroupEncryption(props.region, [log_group_name]),
        ))
        self.log_group = cdk.CloudwatchLogGroup(self, "logs", name=log_group_name, retention_in_days=props.log_retention_days,
                                            kms_key_id=self.log_key.arn)
        self.logging = cdk.Wafv2WebAclLoggingConfiguration(
            self,
            "logging",
            resource_arn=self.web_acl.arn,
            log_destination_configs=[self.log_group.arn],
            redacted_fields=[
                cdk.Wafv2WebAclLoggingConfigurationRedactedFields(
                    single_header=cdk.Wafv2WebAclLoggingConfigurationRedactedFieldsSingleHeader(name=header))
                for header in REDACTED_HEADERS
            ],
            logging_filter=cdk.Wafv2WebAclLoggingConfigurationLoggingFilter(default_behavior="DROP", filter=[
                cdk.Wafv2WebAclLoggingConfigurationLoggingFilterFilter(behavior="KEEP", requirement="MEETS_ANY", condition=[
                    cdk.Wafv2WebAclLoggingConfigurationLoggingFilterFilterCondition(
                        action_condition=cdk.Wafv2WebAclLoggingConfigurationLoggingFilterFilterConditionActionCondition(
                            action=action))
                    for action in LOGGED_ACTIONS
                ])
            ]),
        )

    def metric_dimensions(self, rule: str = ALL_RULES) -> dict[str, str]:
        """The AWS/WAFV2 dimensions of one rule's metrics (of the whole web ACL by default)."""
        return {"WebACL": self.web_acl.name, "Rule": rule, "Region": self.region}
