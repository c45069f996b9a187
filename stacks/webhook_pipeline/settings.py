"""The webhook pipeline's own values (SPEC.md); environment differences live in the profiles."""

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
