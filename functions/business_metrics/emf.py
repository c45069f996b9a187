"""The members that make one JSON log line a CloudWatch embedded metric format (EMF) document.

    log_json(logger, logging.INFO, "accepted", metrics=emf.members(CATALOGUE, {ACCEPTED: 1}), ...)

A line's members: ``_aws`` (``Timestamp`` in epoch milliseconds and one
``CloudWatchMetrics`` directive per dimension set, at most 100 metrics each),
then each metric's value and each dimension's value as top-level members.
The handlers pass them to ``logging`` as ``extra``: with the function's log
format JSON (the stacks set it), Lambda's runtime writes every ``extra``
member at the top level of the line's JSON object, where CloudWatch Logs
extracts the metrics from. No AWS call is made.

Without ``METRICS_ENVIRONMENT`` (a unit test, a local run of one handler)
the line carries no metrics. A metric outside the catalogue, a dimension
value outside its fixed set, or a value CloudWatch would refuse (not a
number, a boolean, NaN, infinite, beyond 2^360) is a bug in the caller:
``document_members`` raises ``ValueError`` naming every problem.

Telemetry never decides a business outcome: the handlers build a line's
members after the work it reports is done (an event queued, a result
recorded), where an exception would turn success into an error or a retry.
So ``members``, what they call, never raises: when the members cannot be
built it logs a ``metrics_dropped`` warning naming why, and the line goes
out without its metrics.
"""

import json
import logging
import math
import os
import time
from enum import Enum
from typing import Any, Dict, List, Mapping, Tuple, Union

from .catalogue import ENVIRONMENT, ENVIRONMENT_VARIABLE, Catalogue, Metric

MAX_METRICS_PER_DIRECTIVE = 100
MAX_DIMENSION_VALUE_CHARS = 1024
MAX_MAGNITUDE = 2.0 ** 360  # PutMetricData's range, which extraction applies too

Number = Union[int, float]

logger = logging.getLogger("business_metrics")


def members(catalogue: Catalogue, values: Mapping[Metric, Number], **dimensions: Union[str, Enum]) -> Dict[str, Any]:
    """The EMF members for ``values`` now, in the environment the function runs in.

    ``{}`` when the environment names none, or (after a warning) when they cannot be built: never raises.
    """
    environment = os.environ.get(ENVIRONMENT_VARIABLE, "")
    if not environment:
        return {}
    try:
        return document_members(catalogue, values, dimensions, environment, int(time.time() * 1000))
    except Exception as error:  # noqa: BLE001 - a metric's bug must not fail the work it counts
        logger.warning(json.dumps({"outcome": "metrics_dropped", "namespace": getattr(catalogue, "namespace", None),
                                   "error": f"{type(error).__name__}: {error}"}, default=str, ensure_ascii=True),
                       exc_info=True)
        return {}


def _value_problem(metric: Metric, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{metric.name} must be a number, got {type(value).__name__}"
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return f"{metric.name} must be finite and at most 2^360 in magnitude, got {value!r}"
    return ""


def _dimension_values(
    catalogue: Catalogue, values: Mapping[Metric, Number], dimensions: Mapping[str, Union[str, Enum]]
) -> Tuple[Dict[str, str], List[str]]:
    codes = {name: code.value if isinstance(code, Enum) else code for name, code in dimensions.items()}
    problems = []
    for metric, value in values.items():
        if metric not in catalogue.metrics:
            problems.append(f"{getattr(metric, 'name', metric)!r} is not a metric of {catalogue.namespace}")
            continue
        problems.append(_value_problem(metric, value))
        if metric.dimension is None:
            continue
        code = codes.get(metric.dimension.name)
        if code not in metric.dimension.values:
            problems.append(f"{metric.name} needs {metric.dimension.name} in {metric.dimension.values}, got {code!r}")
    used = {m.dimension.name for m in values if m in catalogue.metrics and m.dimension is not None}
    problems += [f"dimension {name} is given but no metric of the line has it" for name in codes if name not in used]
    return codes, [problem for problem in problems if problem]


def document_members(
    catalogue: Catalogue,
    values: Mapping[Metric, Number],
    dimensions: Mapping[str, Union[str, Enum]],
    environment: str,
    timestamp_ms: int,
) -> Dict[str, Any]:
    codes, problems = _dimension_values(catalogue, values, dimensions)
    if not values:
        problems.append("a line with metrics needs at least one value")
    if not isinstance(environment, str) or not 0 < len(environment) <= MAX_DIMENSION_VALUE_CHARS:
        problems.append(f"{ENVIRONMENT} must be 1-{MAX_DIMENSION_VALUE_CHARS} characters, got {environment!r}")
    if problems:
        raise ValueError(f"{catalogue.namespace} metrics: " + "; ".join(problems))

    by_dimension_set: Dict[Tuple[str, ...], List[Metric]] = {}
    for metric in values:
        by_dimension_set.setdefault(metric.dimension_names, []).append(metric)
    directives = [
        {
            "Namespace": catalogue.namespace,
            "Dimensions": [list(dimension_set)],
            "Metrics": [{"Name": m.name, "Unit": m.unit.value} for m in chunk],
        }
        for dimension_set, metrics in by_dimension_set.items()
        for chunk in (metrics[start:start + MAX_METRICS_PER_DIRECTIVE]
                      for start in range(0, len(metrics), MAX_METRICS_PER_DIRECTIVE))
    ]
    line: Dict[str, Any] = {"_aws": {"Timestamp": int(timestamp_ms), "CloudWatchMetrics": directives}}
    line[ENVIRONMENT] = environment
    line.update(codes)
    line.update({metric.name: value for metric, value in values.items()})
    return line
