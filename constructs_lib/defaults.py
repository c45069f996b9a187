"""Values and enums the constructs share, one source each.

Imports nothing heavy, so the environment profiles can name them before the
provider bindings load.
"""

from enum import Enum

DEFAULT_RUNTIME = "python3.11"
# SQS's ceiling. A message keeps its original enqueue time when it moves to a
# DLQ, so DLQs and failure queues keep messages this long.
FOURTEEN_DAYS_SECONDS = 1_209_600
# Lambda's asynchronous invocation: retries and the oldest event it still tries.
ASYNC_RETRY_ATTEMPTS = 2
ASYNC_MAX_EVENT_AGE_SECONDS = 3600
# AWS's guidance for an SQS event source: visibility >= 6 x the function timeout (+ the batching window).
SQS_VISIBILITY_FACTOR = 6
# What CloudWatch Logs accepts as a retention.
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)


class ExecutionLogging(Enum):
    """API Gateway execution-log levels. Full request/response bodies (data
    trace) are never logged: they carry financial data."""

    ERROR = "ERROR"
    INFO = "INFO"
