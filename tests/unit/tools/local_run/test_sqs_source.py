"""An SQS mapping deletes what succeeded, leaves failures to the queue, whose redrive takes them to the DLQ."""

import json
import time

import boto3
import pytest

from tests.unit.tools.local_run.support import StandInFunction
from tools.local_run.triggers.sqs_source import SqsMapping, failed_ids


def test_a_partial_batch_response_names_known_ids_or_fails_the_batch():
    assert failed_ids({"batchItemFailures": []}, ["a"]) == set()
    assert failed_ids({"batchItemFailures": [{"itemIdentifier": "a"}]}, ["a", "b"]) == {"a"}
    assert failed_ids({"batchItemFailures": [{"itemIdentifier": ""}]}, ["a"]) is None
    assert failed_ids({"batchItemFailures": [{"itemIdentifier": "zz"}]}, ["a"]) is None
    assert failed_ids(None, ["a"]) == set()


@pytest.fixture
def queues(mocked_aws):
    sqs = boto3.client("sqs", region_name="us-east-1")
    dlq = sqs.create_queue(QueueName="ticks-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    attributes = {"VisibilityTimeout": "1", "RedrivePolicy": redrive}
    queue = sqs.create_queue(QueueName="ticks", Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return sqs, queue, arn, dlq


def bodies(sqs, url) -> list[str]:
    return sorted(m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []))


def test_only_the_reported_failure_stays_and_reaches_the_dlq_after_max_receives(queues):
    sqs, queue, arn, dlq = queues
    for body in ("good-1", "bad", "good-2"):
        sqs.send_message(QueueUrl=queue, MessageBody=body)

    def answer(event):
        failed = [r["messageId"] for r in event["Records"] if r["body"] == "bad"]
        return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}

    function = StandInFunction(answer=answer)
    mapping = SqsMapping(function, arn, batch_size=25, window_seconds=0.2, report_failures=True)
    clients = lambda service: sqs  # noqa: E731
    assert mapping.poll_once(clients, "us-east-1")
    assert sorted(r["body"] for r in function.events[0]["Records"]) == ["bad", "good-1", "good-2"]
    assert function.events[0]["Records"][0]["eventSourceARN"] == arn
    for _ in range(2):  # the failure comes back after the visibility timeout, fails again
        time.sleep(1.1)
        mapping.poll_once(clients, "us-east-1")
    time.sleep(1.1)
    assert not mapping.poll_once(clients, "us-east-1")  # the third receive redrove it
    assert bodies(sqs, dlq) == ["bad"] and bodies(sqs, queue) == []


def test_a_function_error_deletes_nothing_and_filtered_out_messages_are_deleted_unseen(queues):
    sqs, queue, arn, _ = queues
    sqs.send_message(QueueUrl=queue, MessageBody='{"kind": "tick"}')
    sqs.send_message(QueueUrl=queue, MessageBody='{"kind": "heartbeat"}')
    function = StandInFunction(answer=RuntimeError("down"))
    mapping = SqsMapping(function, arn, batch_size=10, window_seconds=0.2, patterns=[{"body": {"kind": ["tick"]}}])
    mapping.poll_once(lambda service: sqs, "us-east-1")
    assert [r["body"] for r in function.events[0]["Records"]] == ['{"kind": "tick"}']
    time.sleep(1.1)
    assert bodies(sqs, queue) == ['{"kind": "tick"}']
