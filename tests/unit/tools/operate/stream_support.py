"""Transactions in moto's table and stream, and the stream on-failure records that name them."""

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from botocore.exceptions import ClientError

from tools.operate.sandbox.fakes import stream_failure_record

NOW = datetime.now(timezone.utc)


def transaction(transaction_id: str, upload_id: str = "u-1", amount: str = "12000", status: str = "ACCEPTED"):
    """A transaction item as csv-validation writes it (amount above 10,000: an anomaly)."""
    return {"transaction_id": {"S": transaction_id}, "upload_id": {"S": upload_id}, "merchant_id": {"S": "m-42"},
            "amount": {"N": amount}, "currency": {"S": "EUR"}, "card_last4": {"S": "1111"},
            "timestamp": {"S": (NOW - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}, "row_number": {"N": "2"},
            "status": {"S": status}}


def stream_records(box) -> list[dict[str, Any]]:
    arn = box.dynamodb.describe_table(TableName=box.tp.transactions_table)["Table"]["LatestStreamArn"]
    shard = box.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = box.streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    return box.streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]


def park_stream_failure(box, records: list[dict[str, Any]], arrived: datetime = NOW) -> dict[str, Any]:
    """Park the record the mapping writes when the batch `records` (from stream_records) failed for good."""
    arn = box.dynamodb.describe_table(TableName=box.tp.transactions_table)["Table"]["LatestStreamArn"]
    shard = box.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
    record = stream_failure_record(box.tp.anomaly_detection_function, arn, shard, numbers[0], numbers[-1],
                                   len(records), arrived.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
    box.park("anomaly-detection-failures", record)
    return record


def put_upload_result(box, upload_id: str, created_at: datetime) -> None:
    box.dynamodb.put_item(TableName=box.tp.upload_results_table, Item={
        "upload_id": {"S": upload_id}, "status": {"S": "PROCESSED"},
        "created_at": {"S": created_at.strftime("%Y-%m-%dT%H:%M:%SZ")}})


def status_of(box, transaction_id: str) -> str:
    item = box.dynamodb.get_item(TableName=box.tp.transactions_table,
                                 Key={"transaction_id": {"S": transaction_id}})["Item"]
    return item["status"]["S"]


def alerted(box) -> list[str]:
    """The transaction ids published to the anomaly topic so far (its tap queue drained)."""
    return sorted(json.loads(m["Body"])["transaction_id"] for m in box.drain(f"{box.tp.anomaly_topic}-tap"))


class TrimmedStream:
    """A streams client whose records are gone (older than the stream's 24 hours)."""

    def __init__(self, streams) -> None:
        self._streams = streams

    def __getattr__(self, name: str):
        return getattr(self._streams, name)

    def get_shard_iterator(self, **_kwargs):
        raise ClientError({"Error": {"Code": "TrimmedDataAccessException", "Message": "trimmed"}}, "GetShardIterator")
