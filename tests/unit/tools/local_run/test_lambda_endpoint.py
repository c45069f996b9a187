"""Lambda's Invoke API as botocore speaks it: Event -> 202, RequestResponse -> the answer or the function error."""

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.unit.tools.local_run.support import StandInFunction
from tools.local_run.lambda_.async_invoke import AsyncInvoker
from tools.local_run.lambda_.endpoint import LambdaEndpoint
from tools.local_run.lambda_.functions import Functions


@pytest.fixture
def lambda_client(aws_credentials):
    functions = Functions()
    for function in (StandInFunction("echo", answer=lambda event: {"echo": event}),
                     StandInFunction("broken", answer=RuntimeError("boom"))):
        functions.add(function)
    invoker = AsyncInvoker(functions, lambda service: None)  # not started: events stay queued
    endpoint = LambdaEndpoint(functions, invoker)
    endpoint.start()
    yield boto3.client("lambda", region_name="us-east-1", endpoint_url=endpoint.url), invoker
    endpoint.stop()


def test_an_event_invoke_is_accepted_with_202_and_queued(lambda_client):
    client, invoker = lambda_client
    answer = client.invoke(FunctionName="echo", InvocationType="Event", Payload=b'{"a": 1}')
    assert answer["StatusCode"] == 202 and "FunctionError" not in answer
    queued = invoker._queue.get_nowait()
    assert (queued.function.name, queued.payload) == ("echo", {"a": 1})


def test_a_request_response_invoke_answers_the_function_or_its_error(lambda_client):
    client, _ = lambda_client
    answer = client.invoke(FunctionName="arn:aws:lambda:us-east-1:123456789012:function:echo", Payload=b'{"a": 1}')
    assert (answer["StatusCode"], json.loads(answer["Payload"].read())) == (200, {"echo": {"a": 1}})
    failed = client.invoke(FunctionName="broken", Payload=b"{}")
    assert failed["FunctionError"] == "Unhandled"
    assert json.loads(failed["Payload"].read())["errorMessage"] == "boom"


def test_an_unknown_function_is_resource_not_found(lambda_client):
    client, _ = lambda_client
    with pytest.raises(ClientError) as raised:
        client.invoke(FunctionName="nobody", InvocationType="Event", Payload=b"{}")
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
