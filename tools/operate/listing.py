"""`list`: every parking place of every system for a suffix, with its depth, oldest message age and alarm.

Read-only: queue attributes, one CloudWatch GetMetricData for the ages and one DescribeAlarms; no message is
received, so nothing's receive count changes. The oldest age is SQS's ApproximateAgeOfOldestMessage metric as
CloudWatch last saw it (a minute or more behind; `-` when CloudWatch has no datapoint in the last 15 minutes);
`inspect` shows each message's own age. A queue that does not exist (the system is not deployed for this
suffix) is listed as such; when none exists the command exits 2.
"""

import sys
from datetime import datetime, timedelta, timezone
from typing import Any, TextIO

from botocore.exceptions import ClientError

from stacks.parking import ParkingPlace
from tools.operate import queues
from tools.operate.parking_places import places_for

AGE_WINDOW = timedelta(minutes=15)
MISSING = "MISSING"  # an alarm that should watch this queue and does not exist
COLUMNS = ("SYSTEM", "QUEUE", "KIND", "PARKED", "IN FLIGHT", "OLDEST", "ALARM", "STATE", "REPLAYS TO")


def oldest_ages(cloudwatch: Any, queue_names: list[str], now: datetime) -> dict[str, float]:
    if not queue_names:
        return {}
    queries = [{
        "Id": f"q{n}",
        "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "ApproximateAgeOfOldestMessage",
                                  "Dimensions": [{"Name": "QueueName", "Value": name}]},
                       "Period": 60, "Stat": "Maximum"},
        "ReturnData": True,
    } for n, name in enumerate(queue_names)]
    answer = cloudwatch.get_metric_data(MetricDataQueries=queries, StartTime=now - AGE_WINDOW,
                                        EndTime=now + timedelta(minutes=1),
                                        ScanBy="TimestampDescending")
    ages = {}
    for result in answer.get("MetricDataResults", []):
        if result.get("Values"):
            ages[queue_names[int(result["Id"][1:])]] = result["Values"][0]  # the latest datapoint
    return ages


def alarm_states(cloudwatch: Any, alarm_names: list[str]) -> dict[str, str]:
    states = {name: MISSING for name in alarm_names}
    for start in range(0, len(alarm_names), 100):
        answer = cloudwatch.describe_alarms(AlarmNames=alarm_names[start:start + 100], AlarmTypes=["MetricAlarm"])
        states.update({alarm["AlarmName"]: alarm["StateValue"] for alarm in answer.get("MetricAlarms", [])})
    return states


def _depth(sqs: Any, place: ParkingPlace) -> dict[str, int] | None:
    try:
        return queues.depth(sqs, queues.queue_url(sqs, place.queue))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("AWS.SimpleQueueService.NonExistentQueue",
                                                            "QueueDoesNotExist"):
            return None
        raise


def rows(clients: Any, suffix: str, now: datetime | None = None) -> list[tuple[str, ...]]:
    sqs, cloudwatch = clients.get("sqs"), clients.get("cloudwatch")
    places = places_for(suffix)
    depths = {place.queue: _depth(sqs, place) for place in places}
    deployed = [place.queue for place in places if depths[place.queue] is not None]
    ages = oldest_ages(cloudwatch, deployed, now or datetime.now(timezone.utc))
    states = alarm_states(cloudwatch, [place.alarm for place in places])
    table = []
    for place in places:
        found = depths[place.queue]
        if found is None:
            counts = ("not deployed", "-", "-")
        else:
            age = ages.get(place.queue) if found["visible"] + found["in_flight"] else None
            counts = (str(found["visible"]), str(found["in_flight"]), queues.duration(age))
        table.append((place.system, place.queue, place.kind.value, *counts, place.alarm, states[place.alarm],
                      place.replays_to))
    return table


def render(table: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in [COLUMNS, *table]) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
                     for row in [COLUMNS, *table])


def run(clients: Any, suffix: str, out: TextIO, now: datetime | None = None) -> int:
    table = rows(clients, suffix, now)
    print(render(table), file=out)
    deployed = [row for row in table if row[3] != "not deployed"]
    parked = sum(int(row[3]) for row in deployed)
    print(f"{parked} message(s) parked in {len(deployed)} of {len(table)} parking places for suffix {suffix!r}",
          file=out)
    if not deployed:
        print(f"error: no parking place exists for suffix {suffix!r}: is the suffix or the region wrong?",
              file=sys.stderr)
        return 2
    return 0
