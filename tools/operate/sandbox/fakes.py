"""Stand-ins for what moto cannot do, and Lambda's on-failure records, for the sandbox (sandbox.py).

`FakeLambda` records every invoke, answers as Lambda does (202 for Event, 200 and the function's answer for
RequestResponse) and runs the function given for a name in-process (the real handler, in tests), or raises a
throttling error on the invokes listed in `fail_on` (1-based). `MoveTaskSqs` wraps a moto SQS client and stands
in for the message move task (moto has none): it records each StartMessageMoveTask's arguments, and each
ListMessageMoveTasks call moves up to `per_poll` messages (body and attributes sent to the destination, then
deleted from the source), so the command's progress lines can be seen; `fail_at_poll` makes the task FAIL.
`FakeClock` is time that moves only when the command sleeps.
"""

import io
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from botocore.exceptions import ClientError

REGION, ACCOUNT_ID = "us-east-1", "123456789012"  # moto's default account


class FakeClock:
    """Time that moves only when the command sleeps, so the transcript's rates are the same on every run."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FakeLambda:
    def __init__(self, functions: dict[str, Callable[[Any], Any]] | None = None, fail_on: set[int] = frozenset()):
        self.functions, self.fail_on = dict(functions or {}), set(fail_on)
        self.calls: list[dict[str, Any]] = []  # FunctionName, InvocationType, payload (decoded)

    def invoke(self, FunctionName: str, InvocationType: str, Payload: bytes | str,  # noqa: N803 - boto3's names
               **_: Any) -> dict[str, Any]:
        payload = json.loads(Payload)
        self.calls.append({"FunctionName": FunctionName, "InvocationType": InvocationType, "payload": payload})
        if len(self.calls) in self.fail_on:
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, "Invoke")
        function = self.functions.get(FunctionName, lambda event: None)
        if InvocationType == "Event":
            try:  # Lambda has queued it: what the function then does is no longer the caller's answer
                function(payload)
            except Exception:  # noqa: BLE001, S110 - Lambda would retry it, then park it again
                pass
            return {"StatusCode": 202}
        try:
            answer = function(payload)
        except Exception as error:  # noqa: BLE001 - a function error, as Lambda reports it
            body = {"errorType": type(error).__name__, "errorMessage": str(error)}
            return {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": io.BytesIO(json.dumps(body).encode())}
        return {"StatusCode": 200, "Payload": io.BytesIO(json.dumps(answer, default=str).encode())}


def lambda_failure_record(function: str, payload: Any, error_type: str, error_message: str) -> dict[str, Any]:
    """An asynchronous invocation's on-failure record (tests/unit/webhook_pipeline/delivery_support.py's shape)."""
    return {
        "version": "1.0", "timestamp": datetime.now(timezone.utc).isoformat(),
        "requestContext": {"requestId": str(uuid.uuid4()), "condition": "RetriesExhausted", "approximateInvokeCount": 3,
                           "functionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{function}:$LATEST"},
        "requestPayload": payload,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": {"errorMessage": error_message, "errorType": error_type},
    }


def stream_failure_record(function: str, stream_arn: str, shard_id: str, start: str, end: str, size: int,
                          arrived: str) -> dict[str, Any]:
    """A stream event source mapping's on-failure record: a range of the shard, no item keys."""
    return {
        "version": "1.0", "timestamp": datetime.now(timezone.utc).isoformat(),
        "requestContext": {"requestId": str(uuid.uuid4()), "condition": "RetryAttemptsExhausted",
                           "approximateInvokeCount": 4,
                           "functionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{function}"},
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "DDBStreamBatchInfo": {"shardId": shard_id, "startSequenceNumber": start, "endSequenceNumber": end,
                               "approximateArrivalOfFirstRecord": arrived, "approximateArrivalOfLastRecord": arrived,
                               "batchSize": size, "streamArn": stream_arn},
    }


class MoveTaskSqs:
    def __init__(self, sqs: Any, per_poll: int = 2, fail_at_poll: int | None = None) -> None:
        self._sqs, self.per_poll, self.fail_at_poll = sqs, per_poll, fail_at_poll
        self.started: list[dict[str, Any]] = []  # the arguments of every StartMessageMoveTask
        self.polls = 0
        self.task: dict[str, Any] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sqs, name)

    def _url(self, arn: str) -> str:
        return self._sqs.get_queue_url(QueueName=arn.rsplit(":", 1)[-1])["QueueUrl"]

    def start_message_move_task(self, **kwargs: Any) -> dict[str, str]:
        self.started.append(dict(kwargs))
        count = self._sqs.get_queue_attributes(QueueUrl=self._url(kwargs["SourceArn"]),
                                               AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
        handle = f"task-{uuid.uuid4()}"
        self.task = {"TaskHandle": handle, "Status": "RUNNING", "ApproximateNumberOfMessagesMoved": 0,
                     "ApproximateNumberOfMessagesToMove": int(count["ApproximateNumberOfMessages"]), **kwargs}
        return {"TaskHandle": handle}

    def list_message_move_tasks(self, SourceArn: str, MaxResults: int = 1) -> dict[str, Any]:  # noqa: N803
        self.polls += 1
        task = self.task
        if task is None or task["SourceArn"] != SourceArn:
            return {"Results": []}
        if task["Status"] == "RUNNING" and self.polls == self.fail_at_poll:
            task.update(Status="FAILED", FailureReason="AWS.SimpleQueueService.AccessDenied")
        elif task["Status"] == "RUNNING":
            source, destination = self._url(task["SourceArn"]), self._url(task["DestinationArn"])
            batch = self._sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=self.per_poll,
                                              MessageAttributeNames=["All"]).get("Messages", [])
            for message in batch:
                attributes = {name: {k: v for k, v in value.items() if k in ("DataType", "StringValue")}
                              for name, value in message.get("MessageAttributes", {}).items()}
                self._sqs.send_message(QueueUrl=destination, MessageBody=message["Body"], MessageAttributes=attributes)
                self._sqs.delete_message(QueueUrl=source, ReceiptHandle=message["ReceiptHandle"])
            task["ApproximateNumberOfMessagesMoved"] += len(batch)
            if not batch:
                task["Status"] = "COMPLETED"
        shown = {k: v for k, v in task.items() if k != "TaskHandle" or task["Status"] == "RUNNING"}
        return {"Results": [shown][:MaxResults]}
