"""`list`: every parking place of every system, its depth, oldest message and alarm; read-only."""

import io

from tools.cli import main
from tools.operate.sandbox.fakes import FakeLambda


def rows(output: str) -> dict[str, list[str]]:
    """Queue name -> the row's cells (columns are separated by two or more spaces)."""
    import re

    lines = output.splitlines()
    return {cells[1]: cells for cells in (re.split(r"\s{2,}", line) for line in lines[1:]) if len(cells) > 2}


def sqs_calls(box) -> list[str]:
    calls: list[str] = []
    box.sqs.meta.events.register("before-call.sqs.*", lambda model, **_: calls.append(model.name))
    return calls


def test_list_shows_every_place_with_depth_age_and_alarm(box, operate):
    box.park("payments-dlq", {"event_id": "evt-1"}, age_seconds=3 * 86400 + 3600)
    box.park("payments-dlq", {"event_id": "evt-2"}, age_seconds=60)
    box.park("router-failures", {"requestContext": {}}, age_seconds=7500)
    box.park("market-data-dlq", "{}", age_seconds=30)
    box.publish_metrics()

    code, output = operate("list")

    assert code == 0
    table = rows(output)
    assert output.splitlines()[0].split() == ["SYSTEM", "QUEUE", "KIND", "PARKED", "IN", "FLIGHT", "OLDEST", "ALARM",
                                              "STATE", "REPLAYS", "TO"]
    assert set(table) == {place.queue for place in box.places.values()}
    assert table["payments-dlq-ops"] == ["webhook-pipeline", "payments-dlq-ops", "SQS DLQ", "2", "0", "3d01h",
                                         "webhook-alarms-ops-payments-dlq-messages", "ALARM", "payments-queue-ops"]
    assert table["event-router-failures-ops"][2:8] == ["Lambda on-failure", "1", "0", "2h05m",
                                                       "webhook-alarms-ops-router-failures-messages", "ALARM"]
    assert table["market-data-dlq-ops"][3:6] == ["1", "0", "30s"]
    assert table["anomaly-detection-failures-ops"][2:] == [
        "stream on-failure", "0", "0", "-", "transaction-processor-alarms-ops-anomaly-detection-failures-messages",
        "OK", "anomaly-detection-ops"]
    assert "4 message(s) parked in 7 of 7 parking places for suffix 'ops'" in output


def test_list_receives_nothing(box, operate):
    box.park("router-failures", {"requestContext": {}})
    calls = sqs_calls(box)
    operate("list")
    assert set(calls) <= {"GetQueueUrl", "GetQueueAttributes"}
    message = box.sqs.receive_message(QueueUrl=box.urls["event-router-failures-ops"], AttributeNames=["All"])
    assert message["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == "1"


def test_a_missing_alarm_is_shown_as_missing(box, operate):
    box.cloudwatch.delete_alarms(AlarmNames=[box.places["refunds-dlq"].alarm])
    _, output = operate("list")
    assert rows(output)["refunds-dlq-ops"][7] == "MISSING"


def test_a_system_not_deployed_is_listed_as_such(box, operate):
    box.sqs.delete_queue(QueueUrl=box.urls["market-data-dlq-ops"])
    code, output = operate("list")
    assert code == 0
    assert rows(output)["market-data-dlq-ops"][3] == "not deployed"
    assert "in 6 of 7 parking places" in output


def test_no_place_for_the_suffix_exits_2(box, capsys):
    out = io.StringIO()
    assert main(["operate", "--suffix", "nowhere", "list"], clients=box.clients(FakeLambda()), out=out) == 2
    assert "no parking place exists for suffix 'nowhere'" in capsys.readouterr().err
    assert rows(out.getvalue())["payments-dlq-nowhere"][3] == "not deployed"
