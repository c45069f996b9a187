"""Create one stack's resources on the local AWS, in Terraform's order, from its cdk.tf.json alone.

Each resource type the local run emulates has a creator (data.py,
compute.py, api.py) that takes the resource's settings with
every reference resolved and returns the attributes references to it
resolve to. Roles and log groups get the attributes AWS would give them
and nothing else; every other type (alarms, dashboards, IAM policies, ...)
is counted as not emulated, and a reference to one fails the start.
"""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tools.local_run.constants import ACCOUNT_ID
from tools.local_run.tf_model import Resource, StackModel, resolve

logger = logging.getLogger("local_run.provision")


@dataclass
class StackRun:
    """What was created for one stack: attributes and resolved settings by address."""

    model: StackModel
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    not_emulated: Counter = field(default_factory=Counter)

    @property
    def region(self) -> str:
        return self.model.region

    def outputs(self) -> dict[str, Any]:
        return resolve(self.model.outputs, self.attributes)


Creator = Callable[[Any, StackRun, Resource, dict[str, Any]], dict[str, Any]]
CREATORS: dict[str, Creator] = {}


def creates(*types: str) -> Callable[[Creator], Creator]:
    def register(creator: Creator) -> Creator:
        for type_ in types:
            CREATORS[type_] = creator
        return creator

    return register


DECLARED_ONLY = ("aws_iam_role", "aws_cloudwatch_log_group")  # nothing to run, but others refer to their ARNs


def declared_only(region: str, resource: Resource, settings: dict[str, Any]) -> dict[str, Any]:
    """The attributes AWS would give a role or a log group; nothing is created."""
    name = settings.get("name", resource.address)
    if resource.type == "aws_iam_role":
        return {"id": name, "name": name, "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{name}", "unique_id": name}
    return {"id": name, "name": name, "arn": f"arn:aws:logs:{region}:{ACCOUNT_ID}:log-group:{name}"}


def dependencies(model: StackModel, resource: Resource) -> set[str]:
    """Terraform's edges: every reference in the settings, and depends_on."""
    explicit = {address for address in resource.body.get("depends_on", []) if address in model.resources}
    return model.dependencies(resource) | explicit


def creation_order(model: StackModel) -> list[Resource]:
    pending = {address: dependencies(model, resource) for address, resource in model.resources.items()}
    order: list[Resource] = []
    while pending:
        ready = sorted(address for address, needs in pending.items() if not needs)
        if not ready:
            raise ValueError(f"{model.stack_id}: dependency cycle among {sorted(pending)}")
        for address in ready:
            order.append(model.resources[address])
            del pending[address]
        for needs in pending.values():
            needs.difference_update(ready)
    return order


def provision(local: Any, model: StackModel) -> StackRun:
    """Create every resource of `model` on `local` (a run.LocalAws); what was created."""
    from tools.local_run.provision import api, compute, data  # noqa: F401, PLC0415 - register

    run = StackRun(model)
    for resource in creation_order(model):
        creator = CREATORS.get(resource.type)
        if creator is None and resource.type not in DECLARED_ONLY:
            run.not_emulated[resource.type] += 1
            continue
        try:
            settings = run.settings[resource.address] = resolve(resource.settings(), run.attributes)
            if creator is None:
                attributes = declared_only(model.region, resource, settings)
            else:
                attributes = creator(local, run, resource, settings)
        except Exception as error:
            where = resource.address if resource.path == resource.address else f"{resource.path} ({resource.address})"
            raise RuntimeError(f"{model.stack_id}: cannot create {where}: {error}") from error
        run.attributes[resource.address] = attributes
    logger.info("%s: %d resources created, not emulated: %s", model.stack_id, len(run.attributes),
                dict(sorted(run.not_emulated.items())) or "none")
    return run
