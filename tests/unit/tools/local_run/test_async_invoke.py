"""Asynchronous invokes: tried 1 + maximum_retry_attempts times, then the invocation record on the on-failure queue."""

import json
import time

import boto3
import pytest

from tests.unit.tools.local_run.support import StandInFunction
from tools.local_run.lambda_ import async_invoke
from tools.local_run.lambda_.async_invoke import AsyncConfig, AsyncInvoker
from tools.local_run.lambda_.functions import Functions


@pytest.fixture
def failures_queue(mocked_aws, monkeypatch):
    monkeypatch.setattr(async_invoke, "RETRY_DELAYS", (0.01, 0.01))
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="router-failures")["QueueUrl"]
    return sqs, url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def invoker_for(function, sqs, config) -> AsyncInvoker:
    functions = Functions()
    functions.add(function)
    invoker = AsyncInvoker(functions, lambda service: sqs)
    invoker.configure(function.name, config)
    invoker.start()
    return invoker


def receive(sqs, url, seconds: float = 5.0) -> list[dict]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if messages:
            return [json.loads(m["Body"]) for m in messages]
        time.sleep(0.05)
    return []


def test_a_failing_event_is_retried_then_recorded_on_the_failure_queue(failures_queue):
    sqs, url, arn = failures_queue
    function = StandInFunction(name="event-router-test", answer=ValueError("Event e1 has unknown transaction_type"))
    invoker = invoker_for(function, sqs, AsyncConfig(maximum_retry_attempts=2, on_failure=arn))
    try:
        invoker.submit("arn:aws:lambda:us-east-1:123456789012:function:event-router-test", {"event_id": "e1"})
        (record,) = receive(sqs, url)
    finally:
        invoker.stop()
    assert len(function.events) == 3  # once, then twice more
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 3
    assert record["requestContext"]["functionArn"] == f"{function.arn}:$LATEST"
    assert record["requestPayload"] == {"event_id": "e1"}
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorType"] == "ValueError"


def test_a_success_is_not_recorded_and_not_retried(failures_queue):
    sqs, url, arn = failures_queue
    function = StandInFunction(name="ok", answer={"done": True})
    invoker = invoker_for(function, sqs, AsyncConfig(on_failure=arn))
    try:
        invoker.submit("ok", {"n": 1})
        assert receive(sqs, url, seconds=0.5) == []
    finally:
        invoker.stop()
    assert function.events == [{"n": 1}]
