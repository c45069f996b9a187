"""The upload record POST /upload writes, and what the merchant is told about its URL (pure)."""

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Dict

from upload_contract.contract import object_key

RETENTION = timedelta(days=90)  # the upload results table's TTL, as the bucket's lifecycle
URL_EXPIRES_IN = 900  # seconds: the presigned PUT URL lives 15 minutes


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PendingUpload:
    upload_id: str
    created_at: datetime  # aware, whole seconds (so expires_at never claims more than the URL grants)

    @classmethod
    def starting(cls, upload_id: str, now: datetime) -> "PendingUpload":
        return cls(upload_id, now.astimezone(timezone.utc).replace(microsecond=0))

    @property
    def object_key(self) -> str:
        return object_key(self.upload_id)

    @property
    def ttl(self) -> int:
        return int((self.created_at + RETENTION).timestamp())

    @property
    def expires_at(self) -> str:
        return iso_utc(self.created_at + timedelta(seconds=URL_EXPIRES_IN))

    def item(self) -> Dict[str, Dict[str, str]]:
        """The upload results item, in DynamoDB's wire format."""
        return {
            "upload_id": {"S": self.upload_id},
            "status": {"S": "PENDING"},
            "object_key": {"S": self.object_key},
            "created_at": {"S": iso_utc(self.created_at)},
            "ttl": {"N": str(self.ttl)},
        }

    def answer(self, upload_url: str) -> Dict[str, Any]:
        return {
            "upload_id": self.upload_id,
            "upload_url": upload_url,
            "method": "PUT",
            "object_key": self.object_key,
            "expires_in": URL_EXPIRES_IN,
            "expires_at": self.expires_at,
        }
