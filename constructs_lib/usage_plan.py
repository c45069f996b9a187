"""A usage plan on one API stage, with one API key: throttling and a daily quota per key."""

from __future__ import annotations

from dataclasses import dataclass

from constructs_lib import cdk


@dataclass(frozen=True)
class UsagePlanProps:
    plan_name: str
    api_key_name: str
    throttling_rate_limit: float
    throttling_burst_limit: int
    quota_per_day: int


class UsagePlan(cdk.Construct):
    """`.plan`, `.api_key` (its id is an output; its value never is), `.plan_key`.

    Forced: the plan covers exactly the given stage (so it is created after
    the stage exists), a DAY quota, and a key API Gateway generates (the
    value never passes through Terraform's configuration).
    """

    def __init__(self, scope: cdk.Construct, id_: str, props: UsagePlanProps, rest_api_id: str, stage_name: str) -> None:
        super().__init__(scope, id_)
        problems = []
        if props.quota_per_day < 1:
            problems.append("quota_per_day must be at least 1")
        if props.throttling_burst_limit < 1 or props.throttling_rate_limit <= 0:
            problems.append("throttling limits must be positive")
        if problems:
            raise ValueError("UsagePlanProps: " + "; ".join(problems))
        self.plan = cdk.ApiGatewayUsagePlan(
            self,
            "plan",
            name=props.plan_name,
            api_stages=[cdk.ApiGatewayUsagePlanApiStages(api_id=rest_api_id, stage=stage_name)],
            throttle_settings=cdk.ApiGatewayUsagePlanThrottleSettings(
                rate_limit=props.throttling_rate_limit, burst_limit=props.throttling_burst_limit
            ),
            quota_settings=cdk.ApiGatewayUsagePlanQuotaSettings(limit=props.quota_per_day, period="DAY"),
        )
        self.api_key = cdk.ApiGatewayApiKey(self, "key", name=props.api_key_name, enabled=True)
        self.plan_key = cdk.ApiGatewayUsagePlanKey(
            self, "plan-key", key_id=self.api_key.id, key_type="API_KEY", usage_plan_id=self.plan.id
        )
