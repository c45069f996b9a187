"""The upload result item: claimed PROCESSING for one object version, then PROCESSED or FAILED.

``claim`` is one conditional UpdateItem. It creates the item when POST /upload
made none (an object put under ``uploads/`` by other means), keeps an existing
``created_at`` and refuses, handing back the stored item (ALL_OLD), when

- this object version already has its answer (PROCESSED or FAILED): a
  redelivery, which changes nothing (``Finished``);
- a later version of the key (higher S3 sequencer) has claimed the item: this
  event is stale (``Finished``, outcome ``superseded``).

``finish`` writes the answer only while the item still belongs to this
version, so a run overtaken by a newer version never overwrites its result.
"""

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Union

from botocore.exceptions import ClientError

from csv_ingest.s3_objects import UploadedObject

PROCESSING, PROCESSED, FAILED = "PROCESSING", "PROCESSED", "FAILED"
RETENTION_SECONDS = 90 * 24 * 60 * 60
CLAIM_CONDITION = (
    "attribute_not_exists(upload_id) OR ("
    "(attribute_not_exists(object_sequencer) OR object_sequencer <= :sequencer) "
    "AND NOT (object_version = :version AND #status IN (:processed, :failed)))"
)
OWNED_CONDITION = "object_version = :version AND object_sequencer = :sequencer"

Item = Dict[str, Dict[str, Any]]


@dataclass(frozen=True)
class Claimed:
    ttl: int  # created_at + 90 days, epoch seconds


@dataclass(frozen=True)
class Finished:
    outcome: str  # "already_processed" or "superseded"
    item: Item


def iso_utc(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def created_epoch(attribute: Any, default: float) -> int:
    """``created_at`` as epoch seconds: an ISO 8601 string with a zone, or a number."""
    try:
        if "N" in attribute:
            return int(float(attribute["N"]))
        parsed = datetime.fromisoformat(attribute["S"].replace("Z", "+00:00"))
        return int((parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).timestamp())
    except (TypeError, KeyError, ValueError, AttributeError, OverflowError):
        return int(default)


def _ownership(obj: UploadedObject) -> Item:
    return {":version": {"S": obj.version}, ":sequencer": {"S": obj.sequencer}}


def claim(client: Any, table: str, obj: UploadedObject, now: Optional[float] = None) -> Union[Claimed, Finished]:
    now = time.time() if now is None else now
    try:
        response = client.update_item(
            TableName=table,
            Key={"upload_id": {"S": obj.upload_id}},
            UpdateExpression=(
                "SET #status = :processing, object_key = :key, object_version = :version, "
                "object_sequencer = :sequencer, created_at = if_not_exists(created_at, :now), "
                "#ttl = if_not_exists(#ttl, :ttl) "
                "REMOVE rows_total, rows_accepted, rows_rejected, #errors, failure_reason"
            ),
            ConditionExpression=CLAIM_CONDITION,
            ExpressionAttributeNames={"#status": "status", "#ttl": "ttl", "#errors": "errors"},
            ExpressionAttributeValues={
                **_ownership(obj),
                ":processing": {"S": PROCESSING},
                ":processed": {"S": PROCESSED},
                ":failed": {"S": FAILED},
                ":key": {"S": obj.key},
                ":now": {"S": iso_utc(now)},
                ":ttl": {"N": str(int(now) + RETENTION_SECONDS)},
            },
            ReturnValues="ALL_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise
        stored = error.response.get("Item") or {}
        same_version = stored.get("object_version") == {"S": obj.version}
        return Finished("already_processed" if same_version else "superseded", stored)
    created = created_epoch(response.get("Attributes", {}).get("created_at"), now)
    return Claimed(ttl=created + RETENTION_SECONDS)


def finish(
    client: Any,
    table: str,
    obj: UploadedObject,
    ttl: int,
    counts: Dict[str, int],
    errors: List[Dict[str, Union[int, str]]],
    failure_reason: Optional[str],
) -> bool:
    """PROCESSED (or FAILED with ``failure_reason``); False when a newer version owns the item."""
    values: Item = {
        **_ownership(obj),
        ":status": {"S": FAILED if failure_reason else PROCESSED},
        ":ttl": {"N": str(ttl)},
        ":errors": {"L": [_error_attribute(error) for error in errors]},
        **{f":{name}": {"N": str(count)} for name, count in counts.items()},
    }
    update = "SET #status = :status, #ttl = :ttl, #errors = :errors, " + ", ".join(
        f"{name} = :{name}" for name in counts
    )
    if failure_reason:
        values[":reason"] = {"S": failure_reason}
        update += ", failure_reason = :reason"
    try:
        client.update_item(
            TableName=table,
            Key={"upload_id": {"S": obj.upload_id}},
            UpdateExpression=update,
            ConditionExpression=OWNED_CONDITION,
            ExpressionAttributeNames={"#status": "status", "#ttl": "ttl", "#errors": "errors"},
            ExpressionAttributeValues=values,
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _error_attribute(error: Dict[str, Union[int, str]]) -> Dict[str, Any]:
    return {"M": {
        "row": {"N": str(error["row"])},
        "column": {"S": str(error["column"])},
        "reason": {"S": str(error["reason"])},
    }}
