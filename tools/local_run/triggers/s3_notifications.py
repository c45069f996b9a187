"""S3 event notifications to Lambda: new objects, filtered by prefix and suffix, sent as S3 sends them.

moto in server mode cannot call a function of the local run, so the local
run watches each notifying bucket (ListObjectVersions every POLL_SECONDS)
and, for every object version it has not seen, invokes each matching
function asynchronously, as S3 does (so the async retries and on-failure
destination apply). The event is `ObjectCreated:Put` whatever created the
object (the listing cannot tell a PUT from a copy or a multipart upload);
the key is URL-encoded as S3 encodes it (form encoding: a space is `+`).
Only ObjectCreated notifications are emulated; others are refused at start.
"""

import logging
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

logger = logging.getLogger("local_run.s3_notifications")
POLL_SECONDS = 0.5
EMULATED_EVENTS = ("s3:ObjectCreated:*", "s3:ObjectCreated:Put")


@dataclass(frozen=True)
class NotificationTarget:
    bucket: str
    function_arn: str
    events: tuple[str, ...]
    prefix: str = ""
    suffix: str = ""
    configuration_id: str = ""

    def __post_init__(self) -> None:
        others = [event for event in self.events if event not in EMULATED_EVENTS]
        if others:
            raise NotImplementedError(f"bucket {self.bucket}: notifications for {others} are not emulated")

    def wants(self, key: str) -> bool:
        """S3's filter rules: the key starts with the prefix and ends with the suffix."""
        return key.startswith(self.prefix) and key.endswith(self.suffix)


def s3_event(target: NotificationTarget, version: dict[str, Any], region: str, sequencer: int) -> dict[str, Any]:
    modified = version["LastModified"]
    when = modified.astimezone(timezone.utc) if isinstance(modified, datetime) else datetime.now(timezone.utc)
    obj = {"key": urllib.parse.quote_plus(version["Key"], safe="/"), "size": version.get("Size", 0),
           "eTag": version.get("ETag", "").strip('"'), "sequencer": f"{sequencer:016X}"}
    if version.get("VersionId") not in (None, "null"):
        obj["versionId"] = version["VersionId"]
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": region,
        "eventTime": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "eventName": "ObjectCreated:Put", "userIdentity": {"principalId": "AWS:LOCALRUN"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": uuid.uuid4().hex[:16].upper(), "x-amz-id-2": uuid.uuid4().hex},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": target.configuration_id,
               "bucket": {"name": target.bucket, "ownerIdentity": {"principalId": "LOCALRUN"},
                          "arn": f"arn:aws:s3:::{target.bucket}"},
               "object": obj},
    }]}


def _identity(bucket: str, version: dict[str, Any]) -> tuple:
    """One object version (unversioned buckets list every object as version "null": the ETag and time tell)."""
    return bucket, version["Key"], version.get("VersionId"), version.get("ETag"), version.get("LastModified")


class BucketWatcher:
    """Every notifying bucket's new object versions, delivered through `invoke_async(function_arn, event)`."""

    def __init__(self, targets: list[NotificationTarget], clients: Callable[[str], Any], region: str,
                 invoke_async: Callable[[str, dict], Any]) -> None:
        self.targets, self.clients, self.region, self.invoke_async = targets, clients, region, invoke_async
        self._seen: set[tuple] = set()
        self._sequencer = 0

    def _versions(self, bucket: str) -> list[dict[str, Any]]:
        pages = self.clients("s3").get_paginator("list_object_versions").paginate(Bucket=bucket)
        return [version for page in pages for version in page.get("Versions", [])]

    def poll_once(self) -> bool:
        """Deliver what is new; True when something was."""
        delivered = False
        for bucket in sorted({target.bucket for target in self.targets}):
            for version in self._versions(bucket):
                identity = _identity(bucket, version)
                if identity in self._seen:
                    continue
                self._seen.add(identity)
                self._sequencer += 1
                for target in self.targets:
                    if target.bucket == bucket and target.wants(version["Key"]):
                        logger.info("s3://%s/%s -> %s", bucket, version["Key"], target.function_arn)
                        self.invoke_async(target.function_arn, s3_event(target, version, self.region, self._sequencer))
                        delivered = True
        return delivered

    def start(self) -> None:
        """What is already there was never created while the run watched: mark it seen."""
        for bucket in {target.bucket for target in self.targets}:
            for version in self._versions(bucket):
                self._seen.add(_identity(bucket, version))
