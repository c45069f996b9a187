"""One JSON object per log line, so values from clients cannot forge lines.

``metrics`` are a line's embedded-metric members (``business_metrics.emf``),
passed as the record's ``extra``: with the function's log format JSON,
Lambda writes them at the top level of the line, beside ``message``.
"""

import json
import logging
from typing import Any, Dict, Optional


def log_json(logger: logging.Logger, level: int, outcome: str, metrics: Optional[Dict[str, Any]] = None,
             **fields: Any) -> None:
    record = {"outcome": outcome}
    record.update({key: value for key, value in fields.items() if value is not None})
    logger.log(level, json.dumps(record, default=str, ensure_ascii=True), extra=metrics)
