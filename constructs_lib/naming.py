"""AWS naming rules every construct and system shares: derived names and length limits.

Imports nothing heavy: the environment checks every name a suffix ends up in
before the provider bindings load.
"""

from dataclasses import dataclass

# Bucket names carry the 12-digit account id (S3 names are global).
ACCOUNT_ID_LENGTH = 12


def routed_queue_label(route: str) -> str:
    """The label (construct id) of a route's queue in RoutedQueues."""
    return f"{route}-queue"


def dead_letter_label(queue_label: str) -> str:
    """The label a SecureQueue gives its DLQ: `<label without -queue>-dlq` (alarm and policy names)."""
    return f"{queue_label.removesuffix('-queue')}-dlq"


@dataclass(frozen=True)
class NameLimit:
    """What AWS accepts for one kind of name: its length range."""

    kind: str
    low: int
    high: int

    def problem(self, name: str) -> str | None:
        if self.low <= len(name) <= self.high:
            return None
        return f"{self.kind} are {self.low}-{self.high} characters, and {name!r} would be {len(name)}"


LAMBDA_FUNCTION = NameLimit("Lambda function names", 1, 64)
IAM_ROLE = NameLimit("IAM role names", 1, 64)
LOG_GROUP = NameLimit("CloudWatch log group names", 1, 512)
SQS_QUEUE = NameLimit("SQS queue names", 1, 80)
DYNAMODB_TABLE = NameLimit("DynamoDB table names", 3, 255)
SNS_TOPIC = NameLimit("SNS topic names", 1, 256)
SECRET = NameLimit("Secrets Manager secret names", 1, 512)
REST_API = NameLimit("API Gateway REST API names", 1, 1024)
S3_BUCKET = NameLimit("S3 bucket names", 3, 63)
KMS_ALIAS = NameLimit("KMS alias names", 1, 256)
ALARM = NameLimit("CloudWatch alarm names", 1, 255)
DASHBOARD = NameLimit("CloudWatch dashboard names", 1, 255)
WEB_ACL = NameLimit("WAF web ACL names", 1, 128)

# WAF logs only to a destination whose name starts with this.
WAF_LOG_PREFIX = "aws-waf-logs-"


def role_name(function_name: str) -> str:
    """The IAM role of a Lambda function."""
    return f"{function_name}-role"


def log_group_name(function_name: str) -> str:
    """The log group Lambda writes a function's logs to."""
    return f"/aws/lambda/{function_name}"


def waf_log_group_name(web_acl_name: str) -> str:
    """The log group a web ACL logs to (WAF requires the prefix)."""
    return f"{WAF_LOG_PREFIX}{web_acl_name}"


def waf_log_key_alias(web_acl_name: str) -> str:
    """The alias of the key that encrypts a web ACL's log group."""
    return f"alias/{waf_log_group_name(web_acl_name)}"


def web_acl_names_checked(web_acl_name: str) -> list[tuple[NameLimit, str]]:
    """A web ACL's own name and the names derived from it."""
    return [
        (WEB_ACL, web_acl_name),
        (LOG_GROUP, waf_log_group_name(web_acl_name)),
        (KMS_ALIAS, waf_log_key_alias(web_acl_name)),
    ]


def function_names_checked(function_name: str) -> list[tuple[NameLimit, str]]:
    """A function's own name and the names derived from it."""
    return [
        (LAMBDA_FUNCTION, function_name),
        (IAM_ROLE, role_name(function_name)),
        (LOG_GROUP, log_group_name(function_name)),
    ]
