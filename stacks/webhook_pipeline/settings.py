"""The webhook pipeline's own values (SPEC.md); environment differences live in the profiles."""

from constructs_lib.waf_rules import COMMON_RULE_SET, KNOWN_BAD_INPUTS, body_rules

VALIDATOR_TIMEOUT_SECONDS = 30
ROUTER_TIMEOUT_SECONDS = 60
MEMORY_MB = 256
RESERVED_CONCURRENCY = 10  # each function, where the profile reserves concurrency
LOG_RETENTION_DAYS = 30
# The capacity check's input: how long a validation takes (claim + async invoke).
VALIDATOR_EXPECTED_DURATION_MS = 100
API_STAGE = "prod"
API_PATH = "/webhook"
API_MODEL_NAME = "WebhookEvent"
# The contract's limit: the validator answers 413 above it
# (functions/validator/webhook_validator/request.py); the web ACL too.
MAX_BODY_BYTES = 262_144
# On the webhook every managed rule that reads the body counts instead of
# blocking. A delivery carries the sender's event with any extra fields
# (merchant names, descriptions, URLs, quoted customer input): markup, paths,
# URLs with IP hosts or metadata addresses, `${...}` or Java class names in
# it are data here, never rendered, included, fetched, looked up or
# deserialized. The validator checks the signature before it reads the body,
# so a forged body is refused anyway, while a blocked real delivery is an
# event the sender may give up on. SizeRestrictions_BODY (8 KB) would refuse
# contract-valid bodies up to 256 KB; the web ACL's body-size rule enforces
# the contract's limit instead.
WEB_ACL_COUNTED_RULES = {
    rule: "reads the body of a signed delivery, whose fields are data (docs/web-acl.md)"
    for rule in body_rules(COMMON_RULE_SET, KNOWN_BAD_INPUTS)
}
