"""One structured log line per request outcome (JSON, so client values can't forge lines)."""

import json
import logging
from typing import Any

logger = logging.getLogger("webhook_validator")
logger.setLevel(logging.INFO)


def log_outcome(level: int, outcome: str, **fields: Any) -> None:
    record = {"outcome": outcome}
    record.update({key: value for key, value in fields.items() if value is not None})
    logger.log(level, json.dumps(record, default=str, ensure_ascii=True))
