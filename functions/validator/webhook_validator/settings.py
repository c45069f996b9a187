"""The validator's environment, read at call time (tests set it with monkeypatch)."""

import os
from dataclasses import dataclass

from webhook_validator.errors import Misconfigured

REQUIRED_ENV = ("DYNAMODB_TABLE", "ROUTER_LAMBDA_NAME", "WEBHOOK_SECRET_ARN")


@dataclass(frozen=True)
class Settings:
    table_name: str
    router_function_name: str
    secret_arn: str

    @classmethod
    def from_env(cls) -> "Settings":
        missing = [name for name in REQUIRED_ENV if not os.environ.get(name)]
        if missing:
            raise Misconfigured(f"missing environment variables: {', '.join(missing)}")
        return cls(
            table_name=os.environ["DYNAMODB_TABLE"],
            router_function_name=os.environ["ROUTER_LAMBDA_NAME"],
            secret_arn=os.environ["WEBHOOK_SECRET_ARN"],
        )
