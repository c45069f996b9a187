"""Small helpers for IAM policy documents.

Policies are rendered with json.dumps: Terraform references inside them stay
`${...}` interpolations, so the synthesized policy is plain JSON that tests
(and reviewers) can read statement by statement.
"""

import json
from collections.abc import Sequence
from typing import Protocol

POLICY_VERSION = "2012-10-17"


def allow(actions: Sequence[str], resources: Sequence[str]) -> dict:
    return {"Effect": "Allow", "Action": list(actions), "Resource": list(resources)}


def policy_document(*statements: dict) -> str:
    return json.dumps({"Version": POLICY_VERSION, "Statement": list(statements)})


def assume_role_policy(service: str) -> str:
    return policy_document(
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    )


class Grantee(Protocol):
    """Anything whose role takes inline policies (a TracedLambda, for one)."""

    def add_policy(self, name: str, *statements: dict) -> object: ...
