"""Find every IAM policy document in synthesized Terraform JSON and judge its statements.

A policy document is any string attribute named `policy` or `*_policy`, at any
depth of a resource or data source, that parses as JSON with a `Statement`
(SQS's `redrive_policy` has none and is not IAM). A policy attribute that is
not readable JSON (say `${data.aws_iam_policy_document.x.json}`) is reported
as unreadable: a document the test cannot read is a document it cannot vouch for.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

TRUST_POLICY_KEY = "assume_role_policy"
NOT_IAM = {"redrive_policy", "redrive_allow_policy"}
# X-Ray's write actions and DynamoDB Streams' ListStreams support no
# resource-level scoping (AWS's service authorization reference lists no
# resource type for them).
UNSCOPABLE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords", "dynamodb:ListStreams"}
TRUSTED_SERVICES = {"lambda.amazonaws.com", "apigateway.amazonaws.com"}
# One exact Terraform reference to a resource's ARN (or a stream's), optionally
# `:*` for the log streams of a log group or `/<prefix>*` for the objects
# under a key prefix of a bucket.
RESOURCE_REF = re.compile(r"\$\{(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.(?:arn|stream_arn)\}(:\*|/[A-Za-z0-9._/-]*\*)?")
# A key policy's "*" is the key itself; only the account root may administer it.
KEY_POLICY_TYPE = "aws_kms_key"
ACCOUNT_ID = r"\$\{data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id\}"
ACCOUNT_ROOT = re.compile(rf"arn:aws:iam::{ACCOUNT_ID}:root")
# A resource of this account, named exactly: no wildcard (ARN conditions take `*` and `?`).
OWN_RESOURCE_ARN = re.compile(rf"arn:aws:[a-z0-9-]+:[a-z0-9-]*:{ACCOUNT_ID}:[^*?]+")
ACTION = re.compile(r"[a-z0-9-]+:[A-Za-z0-9]+")


@dataclass(frozen=True)
class PolicyDocument:
    address: str  # e.g. aws_iam_role_policy.validator_policy-logs_3DB1C41D
    attribute: str
    statements: tuple[dict, ...]

    @property
    def is_trust_policy(self) -> bool:
        return self.attribute.endswith(TRUST_POLICY_KEY)


@dataclass(frozen=True)
class Unreadable:
    address: str
    attribute: str
    value: str


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _policy_attributes(node, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else key
            if isinstance(value, str) and (key == "policy" or key.endswith("_policy")) and key not in NOT_IAM:
                yield child, value
            else:
                yield from _policy_attributes(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _policy_attributes(value, f"{path}[{index}]")


def find_policies(tf: dict) -> tuple[list[PolicyDocument], list[Unreadable]]:
    documents, unreadable = [], []
    blocks = [("", tf.get("resource", {})), ("data.", tf.get("data", {}))]
    for prefix, by_type in blocks:
        for resource_type, by_name in by_type.items():
            for name, body in by_name.items():
                address = f"{prefix}{resource_type}.{name}"
                for attribute, value in _policy_attributes(body, ""):
                    try:
                        parsed = json.loads(value)
                    except ValueError:
                        parsed = None
                    if not isinstance(parsed, dict) or "Statement" not in parsed:
                        unreadable.append(Unreadable(address, attribute, value))
                        continue
                    statements = tuple(_as_list(parsed["Statement"]))
                    documents.append(PolicyDocument(address, attribute, statements))
    return documents, unreadable


def _principal_is_anyone(principal) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and "*" in _as_list(principal.get("AWS"))


def statement_problems(tf: dict, document: PolicyDocument, statement: dict) -> list[str]:
    """Every least-privilege rule this statement breaks, as readable sentences."""
    problems = []
    effect = statement.get("Effect")
    actions = [str(a) for a in _as_list(statement.get("Action"))]
    resources = [str(r) for r in _as_list(statement.get("Resource"))]
    if effect not in ("Allow", "Deny"):
        problems.append(f"Effect must be Allow or Deny, got {effect!r}")
    if "*" in actions:
        problems.append("Action '*'")
    if effect != "Allow":
        return problems

    for key in ("NotAction", "NotResource", "NotPrincipal"):
        if key in statement:
            problems.append(f"{key} in an Allow statement grants everything it does not name")
    key_administration = document.address.startswith(f"{KEY_POLICY_TYPE}.") and _is_account_root(statement)
    for action in actions:
        if key_administration and action == "kms:*":
            continue
        if action.endswith(":*"):
            problems.append(f"service-wide action {action!r}")
        elif action != "*" and not ACTION.fullmatch(action):
            problems.append(f"action {action!r} is not one named action (no wildcards)")

    if document.is_trust_policy:
        if actions != ["sts:AssumeRole"]:
            problems.append(f"a trust statement allows only sts:AssumeRole, got {actions}")
        principal = statement.get("Principal")
        services = _as_list(principal.get("Service")) if isinstance(principal, dict) else []
        if not isinstance(principal, dict) or set(principal) != {"Service"} or not services:
            problems.append(f"a trust statement names AWS services only, got {principal!r}")
        elif not set(services) <= TRUSTED_SERVICES:
            problems.append(f"untrusted service principal(s) {sorted(set(services) - TRUSTED_SERVICES)}")
        if resources:
            problems.append("a trust statement has no Resource")
        return problems

    if document.address.startswith(f"{KEY_POLICY_TYPE}."):
        return problems + _key_policy_problems(statement, actions, resources)
    if _principal_is_anyone(statement.get("Principal")):
        problems.append("Allow to Principal '*'")
    if not resources:
        problems.append("Allow statement without Resource")
    for resource in resources:
        if resource == "*":
            if not set(actions) <= UNSCOPABLE_ACTIONS:
                problems.append(f"Resource '*' for {sorted(set(actions) - UNSCOPABLE_ACTIONS)}")
            continue
        match = RESOURCE_REF.fullmatch(resource)
        if not match:
            problems.append(f"resource {resource!r} is not a reference to one resource of this stack")
        elif match.group(3) and match.group(3) != ":*" and match.group(1) != "aws_s3_bucket":
            problems.append(f"resource {resource!r}: only a bucket's objects take a key prefix")
        elif match.group(2) not in tf.get("resource", {}).get(match.group(1), {}):
            problems.append(f"resource {resource!r} refers to {match.group(1)}.{match.group(2)}, not in this stack")
    return problems


def _key_policy_problems(statement: dict, actions: list[str], resources: list[str]) -> list[str]:
    """A key policy Allow: the account root administers (kms:*), services get named actions for this account."""
    principal = statement.get("Principal")
    if resources != ["*"]:
        problems = [f"a key policy statement's Resource is the key itself ('*'), got {resources}"]
    else:
        problems = []
    if _is_account_root(statement):
        return problems  # the account's own administration: IAM policies then decide who uses the key
    services = _as_list(principal.get("Service")) if isinstance(principal, dict) and set(principal) == {"Service"} else []
    if not services:
        return problems + [f"a key policy names only the account root or AWS services, got {principal!r}"]
    if any(a == "kms:*" for a in actions):
        problems.append(f"kms:* granted to the service role(s) {services}")
    if not _limited_to_this_account(statement.get("Condition", {})):
        problems.append(f"service principal(s) {services} not limited to this account (aws:SourceAccount, or an "
                        "encryption context naming resources of this account)")
    return problems


def _limited_to_this_account(condition: dict) -> bool:
    """aws:SourceAccount, or an ArnEquals on the encryption context naming only this account's resources.

    A service that encrypts on a resource's behalf (CloudWatch Logs) names
    the resource in the encryption context: the key then serves exactly
    those resources.
    """
    if "aws:SourceAccount" in condition.get("StringEquals", {}):
        return True
    arns = [
        arn
        for key, value in condition.get("ArnEquals", {}).items()
        if key.startswith("kms:EncryptionContext:")
        for arn in _as_list(value)
    ]
    return bool(arns) and all(OWN_RESOURCE_ARN.fullmatch(str(arn)) for arn in arns)


def _is_account_root(statement: dict) -> bool:
    principal = statement.get("Principal")
    return isinstance(principal, dict) and set(principal) == {"AWS"} and bool(ACCOUNT_ROOT.fullmatch(str(principal["AWS"])))
