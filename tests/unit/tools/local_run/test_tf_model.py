"""References resolve to what was created; resources are created after what they refer to and depend on."""

import pytest

from tools.local_run.provision.plan import creation_order
from tools.local_run.tf_model import StackModel, UnresolvedReference, references, resolve

CREATED = {"aws_sqs_queue.q": {"url": "http://127.0.0.1:1/123/q", "arn": "arn:aws:sqs:us-east-1:123:q"},
           "data.aws_caller_identity.me": {"account_id": "123456789012"}, "aws_x.n": {"count": 3}}


def test_a_whole_reference_keeps_the_attribute_and_its_type():
    assert resolve("${aws_sqs_queue.q.url}", CREATED) == "http://127.0.0.1:1/123/q"
    assert resolve("${aws_x.n.count}", CREATED) == 3


def test_references_inside_strings_lists_and_objects_are_replaced():
    policy = '{"deadLetterTargetArn": "${aws_sqs_queue.q.arn}", "maxReceiveCount": 3}'
    settings = {"bucket": "uploads-${data.aws_caller_identity.me.account_id}", "list": [policy]}
    assert resolve(settings, CREATED) == {
        "bucket": "uploads-123456789012",
        "list": ['{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123:q", "maxReceiveCount": 3}']}


def test_a_reference_to_something_not_created_or_an_unknown_attribute_names_it():
    with pytest.raises(UnresolvedReference, match=r"aws_sqs_queue.other was not created"):
        resolve("${aws_sqs_queue.other.url}", CREATED)
    with pytest.raises(UnresolvedReference, match=r"knows \['arn', 'url'\] of aws_sqs_queue.q"):
        resolve("${aws_sqs_queue.q.policy}", CREATED)


def test_function_calls_are_not_references():
    assert list(references("${sha1(jsonencode([aws_sqs_queue.q.id]))}")) == []


def test_the_webhook_stack_is_created_in_terraforms_order(synthesized):
    model = StackModel.from_json("webhook-pipeline-dev", synthesized[("webhook-pipeline", "dev")])
    order = [resource.address for resource in creation_order(model)]

    def first(type_: str) -> int:
        return min(i for i, address in enumerate(order) if address.startswith(type_ + "."))

    def last(type_: str) -> int:
        return max(i for i, address in enumerate(order) if address.startswith(type_ + "."))

    assert last("aws_sqs_queue") < first("aws_lambda_function")  # the router's environment names the queues
    router = order.index(next(a for a in order if a.startswith("aws_lambda_function.router")))
    validator = order.index(next(a for a in order if a.startswith("aws_lambda_function.validator")))
    assert router < validator  # ROUTER_LAMBDA_NAME
    assert last("aws_api_gateway_method") < first("aws_api_gateway_deployment")  # depends_on only
    assert first("aws_api_gateway_deployment") < first("aws_api_gateway_stage")
