"""One JSON object per log line, so values from clients cannot forge lines."""

import json
import logging
from typing import Any


def log_json(logger: logging.Logger, level: int, outcome: str, **fields: Any) -> None:
    record = {"outcome": outcome}
    record.update({key: value for key, value in fields.items() if value is not None})
    logger.log(level, json.dumps(record, default=str, ensure_ascii=True))
