"""The uploaded objects an S3 ObjectCreated event names, and their bytes as a stream.

Keys arrive URL-encoded (``+`` for a space, ``%2B`` for a plus) and are
decoded with ``unquote_plus``. The upload id is the decoded key without
``uploads/`` and ``.csv``. The object read is the version the event names,
never a newer one put since.
"""

from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Union
from urllib.parse import unquote_plus

from botocore.exceptions import ClientError

from csv_ingest.model import FileRejected
from upload_contract.contract import UPLOAD_PREFIX, UPLOAD_SUFFIX, upload_id_of

CHUNK_BYTES = 64 * 1024
SEQUENCER_WIDTH = 64  # S3 sequencers compare as hex strings once padded to one width
_GONE = ("NoSuchKey", "NoSuchVersion", "404")


@dataclass(frozen=True)
class UploadedObject:
    bucket: str
    key: str  # decoded
    upload_id: str
    size: Optional[int]
    version_id: Optional[str]
    etag: Optional[str]
    sequencer: str  # zero-padded, upper case

    @property
    def version(self) -> str:
        """What identifies this content: the version id, or the ETag in an unversioned bucket."""
        return self.version_id or f"etag:{self.etag or ''}"


class NotAnUpload(ValueError):
    """An event record that names no upload (another source, event or prefix): logged and skipped."""


class UnprocessableUpload(ValueError):
    """An upload's ObjectCreated record this function cannot process (a key without an upload id,
    ``uploads/.csv``): never skipped, the invocation fails so that it reaches the failure queue."""


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise NotAnUpload(f"record has no {what}")
    return value


def uploaded_object(record: Any) -> UploadedObject:
    if not isinstance(record, dict) or record.get("eventSource") != "aws:s3":
        raise NotAnUpload("not an S3 event record")
    if not str(record.get("eventName", "")).startswith("ObjectCreated:"):
        raise NotAnUpload("not an ObjectCreated event")
    s3 = record.get("s3") if isinstance(record.get("s3"), dict) else {}
    bucket = s3.get("bucket") if isinstance(s3.get("bucket"), dict) else {}
    obj = s3.get("object") if isinstance(s3.get("object"), dict) else {}
    key = unquote_plus(_text(obj.get("key"), "object key"))
    if not (key.startswith(UPLOAD_PREFIX) and key.endswith(UPLOAD_SUFFIX)):
        raise NotAnUpload(f"key is not {UPLOAD_PREFIX}*{UPLOAD_SUFFIX}")
    upload_id = upload_id_of(key)
    if upload_id is None:  # the notification's filter sends it: its result has no id to be recorded under
        raise UnprocessableUpload("key names no upload id")
    size = obj.get("size")
    return UploadedObject(
        bucket=_text(bucket.get("name"), "bucket name"),
        key=key,
        upload_id=upload_id,
        size=size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None,
        version_id=obj.get("versionId") if isinstance(obj.get("versionId"), str) and obj.get("versionId") else None,
        etag=obj.get("eTag") if isinstance(obj.get("eTag"), str) else None,
        sequencer=str(obj.get("sequencer") or "").upper().rjust(SEQUENCER_WIDTH, "0"),
    )


def uploaded_objects(event: Any) -> List[Union[UploadedObject, NotAnUpload, UnprocessableUpload]]:
    """One entry per event record: the object, or why the record is skipped or cannot be processed."""
    records = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(records, list):
        return [NotAnUpload("event has no Records list")]
    found: List[Union[UploadedObject, NotAnUpload, UnprocessableUpload]] = []
    for record in records:
        try:
            found.append(uploaded_object(record))
        except (NotAnUpload, UnprocessableUpload) as refused:
            found.append(refused)
    return found


class ObjectStream:
    """The object's bytes in chunks; ``FileRejected`` if it is gone or larger than allowed."""

    def __init__(self, client: Any, obj: UploadedObject, max_bytes: int) -> None:
        extra = {"VersionId": obj.version_id} if obj.version_id else {}
        try:
            response = client.get_object(Bucket=obj.bucket, Key=obj.key, **extra)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _GONE:
                raise FileRejected("object not found: deleted before it was processed") from None
            raise
        self._body = response["Body"]
        length = response.get("ContentLength")
        if isinstance(length, int) and length > max_bytes:
            self.close()
            raise FileRejected(f"file is larger than {max_bytes} bytes")

    def chunks(self) -> Iterator[bytes]:
        return iter(lambda: self._body.read(CHUNK_BYTES), b"")

    def close(self) -> None:
        self._body.close()
