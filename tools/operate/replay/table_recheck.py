"""Re-check from the table what a stream no longer holds (DynamoDB streams keep records 24 hours).

A stream on-failure record names no item, only a shard, a range of sequence numbers and when its records
arrived. The bounded, safe re-check: the uploads whose result was created in the window of those arrivals
(created_at in [first arrival - LOOKBACK_SECONDS, last arrival + 1 minute]; an upload's rows are written at most
the presigned URL's 15 minutes + the asynchronous event's hour + csv-validation's 5 minutes after its POST), or
the uploads given with --upload-id; then their transactions still ACCEPTED (FLAGGED ones were alerted on) are
sent to anomaly-detection as INSERT records built from the items as they are now. The function checks the alert
status before it publishes, so an item alerted on meanwhile is not alerted again. Its rules run on today's clock:
`timestamp_out_of_range` can now fire for an item that crossed 90 days since it was stored (and no longer fires
for one that was dated in the future). `--dry-run --from-table` lists the uploads and items first. Both scans
read whole tables (eventually consistent, paginated); give --upload-id on a large table.
"""

from datetime import datetime, timedelta, timezone
from typing import Any

LOOKBACK_SECONDS = 2 * 3600
ACCEPTED = "ACCEPTED"
IN_OPERANDS = 99  # a DynamoDB IN list holds at most 100 operands (one is the status)
CREATED_AT_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # as csv-validation and the API write created_at: compares as text


def window(info: dict[str, Any]) -> tuple[str, str]:
    first = datetime.fromisoformat(str(info["approximateArrivalOfFirstRecord"]).replace("Z", "+00:00"))
    last = datetime.fromisoformat(str(info.get("approximateArrivalOfLastRecord") or first.isoformat())
                                  .replace("Z", "+00:00"))
    start, end = first - timedelta(seconds=LOOKBACK_SECONDS), last + timedelta(minutes=1)
    return tuple(moment.astimezone(timezone.utc).strftime(CREATED_AT_FORMAT) for moment in (start, end))


def _scan(dynamodb: Any, **kwargs: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for page in dynamodb.get_paginator("scan").paginate(**kwargs):
        items += page.get("Items", [])
    return items


def uploads_created_between(dynamodb: Any, results_table: str, start: str, end: str) -> list[str]:
    items = _scan(dynamodb, TableName=results_table, ProjectionExpression="upload_id",
                  FilterExpression="created_at BETWEEN :start AND :end",
                  ExpressionAttributeValues={":start": {"S": start}, ":end": {"S": end}})
    return sorted(item["upload_id"]["S"] for item in items)


def accepted_items(dynamodb: Any, table: str, upload_ids: list[str]) -> list[dict[str, Any]]:
    """Every transaction of these uploads still ACCEPTED, in DynamoDB JSON, by transaction id."""
    items: list[dict[str, Any]] = []
    for start in range(0, len(upload_ids), IN_OPERANDS):
        chunk = upload_ids[start:start + IN_OPERANDS]
        values = {f":u{n}": {"S": upload_id} for n, upload_id in enumerate(chunk)}
        items += _scan(dynamodb, TableName=table, ConsistentRead=True,
                       FilterExpression=f"#status = :accepted AND upload_id IN ({', '.join(values)})",
                       ExpressionAttributeNames={"#status": "status"},
                       ExpressionAttributeValues={":accepted": {"S": ACCEPTED}, **values})
    return sorted(items, key=lambda item: item["transaction_id"]["S"])


def candidates(dynamodb: Any, transactions_table: str, results_table: str, info: dict[str, Any],
               upload_ids: list[str] | None = None) -> tuple[list[dict[str, Any]], list[str], str]:
    """(items to re-check, their uploads, how the uploads were chosen)."""
    if upload_ids:
        scope = "uploads given with --upload-id"
    else:
        start, end = window(info)
        upload_ids = uploads_created_between(dynamodb, results_table, start, end)
        scope = f"uploads created {start}..{end}"
    return accepted_items(dynamodb, transactions_table, upload_ids) if upload_ids else [], upload_ids, scope


def insert_record(item: dict[str, Any], number: int, stream_arn: str) -> dict[str, Any]:
    """An INSERT record as the mapping delivers it, built from the item as it is now (a synthetic sequence number)."""
    return {
        "eventID": f"recheck-{number}",
        "eventName": "INSERT",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "eventSourceARN": stream_arn,
        "dynamodb": {
            "Keys": {"transaction_id": item["transaction_id"]},
            "NewImage": item,
            "SequenceNumber": f"recheck-{number:06d}",
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
    }
