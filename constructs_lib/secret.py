"""A Secrets Manager secret created without a value: operators set it, Terraform never sees it."""

from __future__ import annotations

from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.iam import Grantee, allow


@dataclass(frozen=True)
class SecretProps:
    name: str
    description: str
    # 0: deleted at once on destroy, so the name can be used again right away.
    recovery_window_in_days: int = 0


class Secret(cdk.Construct):
    """A secret shell: `.secret`, `.arn`, and `grant_read`.

    Default settings: no recovery window (nothing is retained on destroy).
    Forced: no secret value in Terraform (so none in its state), the
    AWS-managed `aws/secretsmanager` key.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: SecretProps) -> None:
        super().__init__(scope, id_)
        if props.recovery_window_in_days != 0 and not 7 <= props.recovery_window_in_days <= 30:
            raise ValueError("SecretProps: recovery_window_in_days must be 0 or 7-30")
        self.secret = cdk.SecretsmanagerSecret(
            self,
            "secret",
            name=props.name,
            description=props.description,
            recovery_window_in_days=props.recovery_window_in_days,
        )

    @property
    def arn(self) -> str:
        return self.secret.arn

    def grant_read(self, grantee: Grantee) -> None:
        grantee.add_policy(f"read-{self.node.id}", allow(["secretsmanager:GetSecretValue"], [self.secret.arn]))
