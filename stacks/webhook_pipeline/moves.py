"""Where resources of a deployed webhook pipeline used to be: `moved` blocks keep them in place.

The construct library's rewrite for several systems (issue 8) gave these
resources new Terraform addresses. Without a `moved` block Terraform would
destroy each and create it again (the DLQs with their messages, the secret
with its value). Each entry: the resource's construct path in the stack now,
and its address before. The addresses do not depend on the suffix.
"""

from __future__ import annotations

from constructs_lib import cdk

EARLIER_ADDRESSES = {
    "webhook-api/resource-webhook": "aws_api_gateway_resource.webhook-api_resource_75B16C54",
    "webhook-api/post-webhook-model": "aws_api_gateway_model.webhook-api_model_8F0B25C3",
    "webhook-api/post-webhook-method": "aws_api_gateway_method.webhook-api_method_7E1B3188",
    "webhook-api/post-webhook-integration": "aws_api_gateway_integration.webhook-api_integration_12DE58CE",
    "signing-secret/secret": "aws_secretsmanager_secret.signing-secret",
    "routed/payments-queue/dlq/queue": "aws_sqs_queue.routed_payments-dlq_queue_CA777D75",
    "routed/payments-queue/dlq/tls-only": "aws_sqs_queue_policy.routed_payments-dlq_tls-only_3EAA2315",
    "routed/refunds-queue/dlq/queue": "aws_sqs_queue.routed_refunds-dlq_queue_D7164DAD",
    "routed/refunds-queue/dlq/tls-only": "aws_sqs_queue_policy.routed_refunds-dlq_tls-only_EB91DC09",
    "routed/disputes-queue/dlq/queue": "aws_sqs_queue.routed_disputes-dlq_queue_5E941F79",
    "routed/disputes-queue/dlq/tls-only": "aws_sqs_queue_policy.routed_disputes-dlq_tls-only_AF24294F",
}


def keep_earlier_addresses(stack: cdk.TerraformStack) -> None:
    for path, earlier in EARLIER_ADDRESSES.items():
        node = stack.node.find_child(path.split("/")[0])
        for part in path.split("/")[1:]:
            node = node.node.find_child(part)
        if not isinstance(node, cdk.TerraformResource):
            raise TypeError(f"{path} is not a resource")
        node.move_from_id(earlier)
