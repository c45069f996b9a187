"""The function's environment, read per invocation (tests set it with monkeypatch)."""

import os
from dataclasses import dataclass

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class Misconfigured(RuntimeError):
    """A deployment error: the invocation fails (and is retried, then dead-lettered)."""


@dataclass(frozen=True)
class Settings:
    transactions_table: str
    upload_results_table: str
    max_upload_bytes: int

    @classmethod
    def from_env(cls) -> "Settings":
        missing = [name for name in ("TRANSACTIONS_TABLE", "UPLOAD_RESULTS_TABLE") if not os.environ.get(name)]
        if missing:
            raise Misconfigured(f"missing environment variables: {', '.join(missing)}")
        raw_max = os.environ.get("MAX_UPLOAD_BYTES") or str(DEFAULT_MAX_UPLOAD_BYTES)
        if not raw_max.isdigit() or int(raw_max) < 1:
            raise Misconfigured("MAX_UPLOAD_BYTES must be a positive integer")
        return cls(
            transactions_table=os.environ["TRANSACTIONS_TABLE"],
            upload_results_table=os.environ["UPLOAD_RESULTS_TABLE"],
            max_upload_bytes=int(raw_max),
        )
