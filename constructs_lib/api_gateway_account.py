"""API Gateway's account-level CloudWatch role: one per AWS account and region."""

from __future__ import annotations

from dataclasses import dataclass

from constructs_lib import cdk
from constructs_lib.iam import assume_role_policy

# AWS's managed policy for exactly this role: create and write API Gateway log groups.
PUSH_TO_CLOUDWATCH_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"


@dataclass(frozen=True)
class ApiGatewayCloudWatchRoleProps:
    role_name: str


class ApiGatewayCloudWatchRole(cdk.Construct):
    """Sets the role API Gateway uses to write every API's logs in this account and region.

    There is only one such setting per account and region, so exactly one
    stack should own this construct; several would overwrite each other.
    Forced: a role only API Gateway can assume, with AWS's managed
    AmazonAPIGatewayPushToCloudWatchLogs policy.
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: ApiGatewayCloudWatchRoleProps) -> None:
        super().__init__(scope, id_)
        self.role = cdk.IamRole(
            self, "role", name=props.role_name, assume_role_policy=assume_role_policy("apigateway.amazonaws.com")
        )
        attachment = cdk.IamRolePolicyAttachment(
            self, "push-to-cloudwatch", role=self.role.name, policy_arn=PUSH_TO_CLOUDWATCH_POLICY_ARN
        )
        self.account = cdk.ApiGatewayAccount(
            self, "account", cloudwatch_role_arn=self.role.arn, depends_on=[attachment]
        )
