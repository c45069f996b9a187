"""transaction-api's environment, read per request (tests set it with monkeypatch)."""

import os
from dataclasses import dataclass

from upload_api.errors import Misconfigured

REQUIRED_ENV = ("TRANSACTIONS_TABLE", "UPLOAD_RESULTS_TABLE", "UPLOADS_BUCKET")


@dataclass(frozen=True)
class Settings:
    transactions_table: str
    upload_results_table: str
    uploads_bucket: str

    @classmethod
    def from_env(cls) -> "Settings":
        missing = [name for name in REQUIRED_ENV if not os.environ.get(name)]
        if missing:
            raise Misconfigured(f"missing environment variables: {', '.join(missing)}")
        return cls(*(os.environ[name] for name in REQUIRED_ENV))
