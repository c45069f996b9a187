"""Routes of a REST API: how a method and path become API Gateway resources and an invoke ARN."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SEGMENT = re.compile(r"[A-Za-z0-9._-]+|\{[A-Za-z0-9_]+\}")
MODEL_NAME = re.compile(r"[A-Za-z0-9]+")


class LambdaTarget(Protocol):
    """What a route proxies to (a TracedLambda, for one)."""

    @property
    def function(self): ...  # the LambdaFunction resource: `.invoke_arn`, `.function_name`


@dataclass(frozen=True)
class LambdaRoute:
    """`method path` proxied to a Lambda. Path parameters (`{name}`) are required parameters."""

    method: str
    path: str  # "/status/{transaction_id}"
    target: LambdaTarget
    body_schema: Mapping | None = None  # a JSON schema the body is validated against
    model_name: str | None = None  # API Gateway model name, alphanumeric (required with body_schema)
    api_key_required: bool = False
    required_query_parameters: Sequence[str] = field(default_factory=tuple)

    @property
    def segments(self) -> list[str]:
        return self.path.strip("/").split("/")

    @property
    def path_parameters(self) -> list[str]:
        return [s[1:-1] for s in self.segments if s.startswith("{")]

    @property
    def key(self) -> str:
        """A construct id for the route: `post-webhook`, `get-status-transaction_id`."""
        return "-".join([self.method.lower(), *(s.strip("{}") for s in self.segments)])

    @property
    def source_arn_path(self) -> str:
        """The invoke permission's `METHOD/path`, path parameters written `*`."""
        parts = ["*" if s.startswith("{") else s for s in self.segments]
        return f"{self.method}/{'/'.join(parts)}"

    def request_parameters(self) -> dict[str, bool]:
        names = [f"method.request.path.{p}" for p in self.path_parameters]
        names += [f"method.request.querystring.{q}" for q in self.required_query_parameters]
        return {name: True for name in names}

    def definition(self) -> dict:
        """Everything about the route a deployment must redeploy for."""
        return {
            "method": self.method,
            "path": self.path,
            "schema": self.body_schema,
            "model": self.model_name,
            "api_key_required": self.api_key_required,
            "parameters": sorted(self.request_parameters()),
            "integration": "AWS_PROXY",
        }


def route_problems(routes: Sequence[LambdaRoute], has_usage_plan: bool) -> list[str]:
    problems = []
    if not routes:
        problems.append("routes must not be empty")
    seen = set()
    for route in routes:
        name = f"{route.method} {route.path}"
        if (route.method, route.path) in seen:
            problems.append(f"{name} is declared twice")
        seen.add((route.method, route.path))
        if route.method not in METHODS:
            problems.append(f"{name}: method must be one of {METHODS}")
        if not route.path.startswith("/") or not all(SEGMENT.fullmatch(s) for s in route.segments):
            problems.append(f"{name}: path must be /segment[/...] with segments like 'status' or '{{id}}'")
        if route.body_schema is not None and not (route.model_name and MODEL_NAME.fullmatch(route.model_name)):
            problems.append(f"{name}: a body schema needs an alphanumeric model_name, got {route.model_name!r}")
        if route.body_schema is not None and "required" not in route.body_schema:
            problems.append(f"{name}: body_schema must list its required fields")
        if route.api_key_required and not has_usage_plan:
            problems.append(f"{name} requires an API key, but there is no usage_plan to issue one")
    return problems
