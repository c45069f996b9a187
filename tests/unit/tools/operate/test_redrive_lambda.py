"""`redrive` of Lambda on-failure records (router, csv-validation): the function invoked again, then the record gone."""

import json

from tools.operate.sandbox.fakes import FakeLambda, lambda_failure_record


def park_router_failures(box, count: int, transaction_type: str = "payment") -> list[str]:
    event_ids = [f"evt-{n}" for n in range(1, count + 1)]
    for event_id in event_ids:
        event = {"event_id": event_id, "transaction_type": transaction_type, "amount": 12.5,
                 "timestamp": "2026-11-24T03:00:00Z"}
        box.park("router-failures", lambda_failure_record(box.web.router_function, event, "ClientError", "throttled"))
    return event_ids


def parked_event_ids(box) -> list[str]:
    return sorted(json.loads(m["Body"])["requestPayload"]["event_id"] for m in box.drain("event-router-failures-ops"))


def routed_event_ids(box, queue: str = "payments-queue-ops") -> list[str]:
    return sorted(m["MessageAttributes"]["event_id"]["StringValue"] for m in box.drain(queue))


class LoggingLambda(FakeLambda):
    """Writes each invoke and its answer into the log the SQS calls go to, so their order can be checked."""

    def __init__(self, log: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.log = log

    def invoke(self, **kwargs):
        self.log.append("Invoke")
        answer = super().invoke(**kwargs)
        self.log.append(f"answered {answer['StatusCode']}")
        return answer


def test_router_records_are_replayed_by_the_router_and_deleted_only_after_202(box, operate, router_function):
    park_router_failures(box, 3)
    log: list[str] = []
    box.sqs.meta.events.register("before-call.sqs.DeleteMessage", lambda **_: log.append("DeleteMessage"))
    router = LoggingLambda(log, functions={box.web.router_function: router_function})

    code, output = operate("redrive", "event-router-failures-ops", lambda_client=router)

    assert code == 0
    assert [call["InvocationType"] for call in router.calls] == ["Event"] * 3
    assert [call["payload"]["event_id"] for call in router.calls] == ["evt-1", "evt-2", "evt-3"]
    assert log == ["Invoke", "answered 202", "DeleteMessage"] * 3
    assert routed_event_ids(box) == ["evt-1", "evt-2", "evt-3"]  # the real router sent each to its queue
    assert box.visible("event-router-failures-ops") == 0
    assert "[3/~3 " in output and "202 from event-router-ops" in output
    assert "summary: 3 replayed, 0 skipped, 0 failed" in output and "0 left parked" in output


def test_a_replay_failing_halfway_leaves_exactly_the_unreplayed_records_parked(box, operate, router_function):
    park_router_failures(box, 5)
    router = FakeLambda(functions={box.web.router_function: router_function}, fail_on={3})

    code, output = operate("redrive", "event-router-failures-ops", lambda_client=router)

    assert code == 1
    assert len(router.calls) == 3  # stopped at the failure
    assert routed_event_ids(box) == ["evt-1", "evt-2"]
    assert parked_event_ids(box) == ["evt-3", "evt-4", "evt-5"]
    assert "failed   invoke event-router-ops (Event)" in output and "TooManyRequestsException" in output
    assert "summary: 2 replayed, 0 skipped, 1 failed" in output and "3 left parked" in output
    assert "stopped: replay failed, left parked" in output


def test_an_answer_other_than_202_leaves_the_record_parked(box, operate):
    park_router_failures(box, 2)

    class Answers200(FakeLambda):
        def invoke(self, **kwargs):
            super().invoke(**kwargs)
            return {"StatusCode": 200}

    code, output = operate("redrive", "router-failures", lambda_client=Answers200())
    assert code == 1
    assert "invoke answered 200, not 202: left parked" in output
    assert parked_event_ids(box) == ["evt-1", "evt-2"]


def test_dry_run_changes_nothing(box, operate):
    park_router_failures(box, 2)
    router = FakeLambda()
    code, output = operate("redrive", "router-failures", "--dry-run", lambda_client=router)
    assert code == 0
    assert router.calls == []
    assert "would invoke event-router-ops (Event) with record" in output and "event_id evt-2 (payment)" in output
    assert "0 replayed, 0 skipped, 0 failed, 2 planned" in output
    assert parked_event_ids(box) == ["evt-1", "evt-2"]


def test_max_bounds_the_run_and_rate_paces_it(box, operate):
    park_router_failures(box, 5)
    router = FakeLambda()
    code, output = operate("redrive", "router-failures", "--max", "3", "--rate", "2", lambda_client=router)
    assert code == 0
    assert len(router.calls) == 3
    assert "[3/~3 2.0/s] replayed" in output  # the fake clock moves only when the command waits
    assert box.visible("event-router-failures-ops") == 2


def test_a_record_that_cannot_be_replayed_stays_parked_and_the_run_goes_on(box, operate):
    box.park("router-failures", "not json")
    box.park("router-failures", lambda_failure_record("some-other-function", {"event_id": "x"}, "E", "e"))
    park_router_failures(box, 1)
    router = FakeLambda()

    code, output = operate("redrive", "router-failures", lambda_client=router)

    assert code == 1
    assert [call["payload"]["event_id"] for call in router.calls] == ["evt-1"]
    assert "not replayable, left parked: body is not JSON" in output
    assert "the record is for function 'some-other-function', not 'event-router-ops'" in output
    assert "1 replayed, 0 skipped, 2 failed" in output and "2 left parked" in output


def test_csv_validation_records_are_replayed_by_csv_validation(box, operate, csv_function):
    s3 = __import__("boto3").client("s3", region_name="us-east-1")
    bucket = box.tp.uploads_bucket("123456789012")
    body = b"transaction_id,merchant_id,amount,currency,card_number,timestamp\r\n" \
           b"txn-1,m-1,12.50,USD,4111111111111111,2026-11-24T02:00:00Z\r\n"
    put = s3.put_object(Bucket=bucket, Key="uploads/u-1.csv", Body=body)
    event = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {
        "bucket": {"name": bucket}, "object": {"key": "uploads/u-1.csv", "size": len(body), "eTag": put["ETag"],
                                               "versionId": put["VersionId"], "sequencer": "0055AED6DCD90281E5"}}}]}
    box.park("csv-validation-failures", lambda_failure_record(box.tp.csv_validation_function, event, "OutOfTime",
                                                              "too little time left"))
    csv = FakeLambda(functions={box.tp.csv_validation_function: csv_function})

    code, output = operate("redrive", "csv-validation-failures", lambda_client=csv)

    assert code == 0, output
    assert csv.calls[0]["payload"] == event and csv.calls[0]["InvocationType"] == "Event"
    result = box.dynamodb.get_item(TableName=box.tp.upload_results_table, Key={"upload_id": {"S": "u-1"}})["Item"]
    assert result["status"] == {"S": "PROCESSED"} and result["rows_accepted"] == {"N": "1"}
    assert box.visible("csv-validation-failures-ops") == 0
