"""What a parked message is, read from its body and attributes: ids, the error, and what a replay needs.

Lambda's on-failure records (asynchronous invocations, and stream event source mappings) are JSON:
version, timestamp, requestContext {requestId, functionArn, condition, approximateInvokeCount},
responseContext, then requestPayload and responsePayload {errorMessage, errorType} for an asynchronous
invocation, or DDBStreamBatchInfo {shardId, startSequenceNumber, endSequenceNumber,
approximateArrivalOfFirstRecord, approximateArrivalOfLastRecord, batchSize, streamArn} (and no item keys)
for a stream. Summaries hold ids, never payload values (and pass through masking before printing).
"""

import json
from typing import Any

from stacks.parking import Kind, ParkingPlace
from tools.operate import queues
from tools.operate.masking import REDACTED, SECRET_KEY, short


class NotARecord(ValueError):
    """The body is not the on-failure record this place should hold: it is left parked, and said so."""


def failure_record(body: str) -> dict[str, Any]:
    try:
        record = json.loads(body)
    except ValueError:
        raise NotARecord("body is not JSON") from None
    if not isinstance(record, dict) or not isinstance(record.get("requestContext"), dict):
        raise NotARecord("body is no Lambda on-failure record (no requestContext)")
    return record


def function_name(arn: str) -> str:
    """`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` -> name."""
    parts = arn.split(":")
    return parts[6] if len(parts) > 6 else arn


def _error(record: dict[str, Any]) -> str:
    context = record["requestContext"]
    response = record.get("responsePayload") if isinstance(record.get("responsePayload"), dict) else {}
    error = response.get("errorType") or (record.get("responseContext") or {}).get("functionError") or "?"
    message = f": {short(response['errorMessage'], 160)}" if response.get("errorMessage") else ""
    invokes = context.get("approximateInvokeCount", "?")
    return f"{context.get('condition', '?')} after {invokes} invokes, {error}{message}"


def payload_ids(payload: Any) -> str:
    """Ids in a replayable payload: a webhook event's id and type, or an S3 event's objects."""
    if isinstance(payload, dict) and "event_id" in payload:
        return f"event_id {payload.get('event_id')} ({payload.get('transaction_type')})"
    records = payload.get("Records") if isinstance(payload, dict) else None
    if isinstance(records, list):
        objects = [r.get("s3", {}).get("object", {}) for r in records if isinstance(r, dict)]
        return ", ".join(f"object {o.get('key')} version {o.get('versionId') or '-'}" for o in objects) or "no records"
    return f"a {type(payload).__name__} payload"


def _stream_ids(record: dict[str, Any]) -> str:
    info = record.get("DDBStreamBatchInfo") or {}
    return (f"shard {info.get('shardId')} sequence {info.get('startSequenceNumber')}..{info.get('endSequenceNumber')}"
            f" ({info.get('batchSize')} records, arrived {info.get('approximateArrivalOfFirstRecord')})")


def _dlq_ids(place: ParkingPlace, message: dict[str, Any]) -> tuple[str, str]:
    """(ids, reason) of a message a consumer gave up on, or that the handler parked with its reason."""
    attributes = {name: value.get("StringValue") for name, value in message.get("MessageAttributes", {}).items()}
    ids = [f"{name} {REDACTED if SECRET_KEY.search(name) else value}" for name, value in attributes.items()
           if name != place.reason_attribute and value]
    try:
        body = json.loads(message["Body"])
    except ValueError:
        body = None
    if isinstance(body, dict):
        ids += [f"{key} {body[key]}" for key in ("event_id", "symbol", "timestamp")
                if key in body and key not in attributes]
    reason = attributes.get(place.reason_attribute) if place.reason_attribute else None
    return " ".join(ids) or "no ids", f"malformed: {reason}" if reason else "its consumer gave up (receive count)"


def describe(place: ParkingPlace, message: dict[str, Any]) -> tuple[str, str]:
    """(what the message is: id, age, receives and ids; why it is parked), masked."""
    head = (f"{message['MessageId']}  age {queues.duration(queues.age_seconds(message))}"
            f"  receives {queues.receive_count(message)}")
    if place.kind is Kind.SQS_DLQ:
        ids, reason = _dlq_ids(place, message)
        return short(f"{head}  {ids}", 300), short(reason)
    try:
        record = failure_record(message["Body"])
    except NotARecord as error:
        return short(head), short(f"not replayable: {error}")
    request = record["requestContext"].get("requestId", "?")
    what = payload_ids(record.get("requestPayload")) if place.kind is Kind.LAMBDA_ON_FAILURE else _stream_ids(record)
    return short(f"{head}  request {request}  {what}", 300), short(_error(record), 300)


def payload_of(place: ParkingPlace, message: dict[str, Any]) -> Any:
    """What `--show-payload` shows (masked by the caller): the body, or the record's request payload."""
    if place.kind is Kind.LAMBDA_ON_FAILURE:
        try:
            return failure_record(message["Body"]).get("requestPayload")
        except NotARecord:
            return message["Body"]
    return message["Body"]
