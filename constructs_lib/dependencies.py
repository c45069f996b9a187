"""Adding Terraform dependencies after a resource was created."""

from __future__ import annotations

from constructs_lib import cdk


def add_dependencies(resource: cdk.TerraformResource, *prerequisites: cdk.TerraformResource) -> None:
    """Make `resource` wait for `prerequisites`.

    `depends_on` set after construction takes plain `type.name` addresses:
    Terraform wants references there, not "${...}" interpolations.
    """
    addresses = [f"{p.terraform_resource_type}.{p.friendly_unique_id}" for p in prerequisites]
    resource.depends_on = [*(resource.depends_on or []), *addresses]
