"""The transaction processor's own values (SPEC-transaction-processor.md); environments differ by profile."""

# Where uploads go and the API's routes: one source with the functions (functions/upload_contract).
from functions.upload_contract.contract import ROUTES as API_ROUTES  # noqa: F401 - the stack's
from functions.upload_contract.contract import UPLOAD_PREFIX, UPLOAD_SUFFIX  # noqa: F401 - the stack's

MEMORY_MB = 512
RESERVED_CONCURRENCY = 10  # each function, where the profile reserves concurrency
LOG_RETENTION_DAYS = 7
API_TIMEOUT_SECONDS = 10
CSV_VALIDATION_TIMEOUT_SECONDS = 300  # the seed's 5-minute SLA
ANOMALY_DETECTION_TIMEOUT_SECONDS = 60
# The capacity check's input: one DynamoDB call (or a presign) per request.
API_EXPECTED_DURATION_MS = 100

API_STAGE = "v1"
# No route reads a body (POST /upload takes none): room for a client that
# sends `{}` or a little JSON anyway; the web ACL answers 413 above it.
API_MAX_BODY_BYTES = 1024
UPLOAD_EXPIRY_DAYS = 90
MAX_UPLOAD_BYTES = 52_428_800  # 50 MiB, checked from the S3 event before reading
HIGH_AMOUNT_THRESHOLD = 10_000
UPLOAD_RESULTS_TTL_ATTRIBUTE = "ttl"

STREAM_BATCH_SIZE = 100
STREAM_MAX_RETRIES = 3
STREAM_MAX_RECORD_AGE_SECONDS = 3600
CSV_ASYNC_RETRIES = 2
CSV_ASYNC_MAX_EVENT_AGE_SECONDS = 3600
