"""Create one stack's resources on the local AWS, in Terraform's order, from its cdk.tf.json alone.

Each resource type the local run emulates has a creator (stack_run.py says
what one does); CREATORS is the one table of them, merged from each creator
module's own (moto's backends.py style: explicit, no registration on import).
Roles and log groups get the attributes AWS would give them and nothing
else; every other type (alarms, dashboards, IAM policies, ...) is counted as
not emulated, and a reference to one fails the start.
"""

import logging
from typing import Any

from tools.local_run.constants import ACCOUNT_ID
from tools.local_run.provision import api, compute, data
from tools.local_run.provision.stack_run import Cloud, Creator, StackRun
from tools.local_run.tf_model import Resource, StackModel, resolve

logger = logging.getLogger("local_run.provision")


def _merged(*tables: dict[str, Creator]) -> dict[str, Creator]:
    types = [type_ for table in tables for type_ in table]
    twice = sorted({type_ for type_ in types if types.count(type_) > 1})
    if twice:
        raise ValueError(f"more than one creator for {twice}")
    return {type_: creator for table in tables for type_, creator in table.items()}


CREATORS: dict[str, Creator] = _merged(data.CREATORS, compute.CREATORS, api.CREATORS)

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


def provision(cloud: Cloud, model: StackModel) -> StackRun:
    """Create every resource of `model` on the local AWS; what was created, and the wiring to play it."""
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
                attributes = creator(cloud, run, resource, settings)
        except Exception as error:
            for server in run.wiring.apis.values():  # bound, never served: free their ports
                server.stop()
            where = resource.address if resource.path == resource.address else f"{resource.path} ({resource.address})"
            raise RuntimeError(f"{model.stack_id}: cannot create {where}: {error}") from error
        run.attributes[resource.address] = attributes
    logger.info("%s: %d resources created, not emulated: %s", model.stack_id, len(run.attributes),
                dict(sorted(run.not_emulated.items())) or "none")
    return run
