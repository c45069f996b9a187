"""Small helpers for IAM policy documents, and the protocol grants are made through.

Policies are rendered with json.dumps: Terraform references inside them stay
`${...}` interpolations, so the synthesized policy is plain JSON that tests
(and reviewers) can read statement by statement.
"""

import json
from collections.abc import Sequence
from typing import Protocol

POLICY_VERSION = "2012-10-17"


def allow(actions: Sequence[str], resources: Sequence[str], condition: dict | None = None) -> dict:
    statement = {"Effect": "Allow", "Action": list(actions), "Resource": list(resources)}
    if condition:
        statement["Condition"] = condition
    return statement


def deny_insecure_transport(actions: str | Sequence[str], resource: str | Sequence[str]) -> dict:
    """The statement every resource policy here carries: no request without TLS."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": actions if isinstance(actions, str) else list(actions),
        "Resource": resource if isinstance(resource, str) else list(resource),
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def policy_document(*statements: dict) -> str:
    return json.dumps({"Version": POLICY_VERSION, "Statement": list(statements)})


def assume_role_policy(service: str) -> str:
    return policy_document(
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    )


class Grantee(Protocol):
    """Anything whose role takes inline policies (a TracedLambda, for one).

    `name` must be unique per role; constructs derive it from their own
    construct id, never from a physical name, so Terraform addresses stay
    the same in every environment.
    """

    def add_policy(self, name: str, *statements: dict) -> object: ...
