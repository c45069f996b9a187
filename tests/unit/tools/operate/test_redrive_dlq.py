"""`redrive` of SQS DLQs: SQS's move task (stood in for: moto has none), or the bounded loop with --max."""

from tools.operate.sandbox.fakes import MoveTaskSqs

MALFORMED = {"error_reason": "price is missing", "source_message_id": "m-9"}


def park_payments(box, count: int) -> list[str]:
    return [box.park("payments-dlq", {"event_id": f"evt-{n}", "transaction_type": "payment"},
                     event_id=f"evt-{n}", transaction_type="payment") for n in range(1, count + 1)]


def event_ids(messages) -> list[str]:
    return sorted(m["MessageAttributes"]["event_id"]["StringValue"] for m in messages)


def test_the_move_task_moves_the_dlq_to_its_source_at_the_rate_and_shows_progress(box, operate):
    park_payments(box, 3)
    sqs = MoveTaskSqs(box.sqs, per_poll=2)

    code, output = operate("redrive", "payments-dlq-ops", "--rate", "7", sqs=sqs)

    assert code == 0
    assert sqs.started == [{"SourceArn": box.arn("payments-dlq-ops"), "DestinationArn": box.arn("payments-queue-ops"),
                            "MaxNumberOfMessagesPerSecond": 7}]
    assert "[2/~3 0.4/s] move task RUNNING" in output  # polled every 5 s (the fake clock's)
    assert "[3/~3 0.3/s] move task RUNNING" in output and "move task COMPLETED" in output
    assert "summary: move task COMPLETED; 3 moved to payments-queue-ops" in output and "0 left parked" in output
    assert event_ids(box.drain("payments-queue-ops")) == ["evt-1", "evt-2", "evt-3"]  # attributes kept


def test_a_failed_move_task_exits_1_and_says_why(box, operate):
    park_payments(box, 3)
    code, output = operate("redrive", "payments-dlq", sqs=MoveTaskSqs(box.sqs, per_poll=1, fail_at_poll=2))
    assert code == 1
    assert "move task FAILED: AWS.SimpleQueueService.AccessDenied; 1 moved" in output and "2 left parked" in output


def test_dry_run_starts_no_move_task(box, operate):
    park_payments(box, 3)
    sqs = MoveTaskSqs(box.sqs)
    code, output = operate("redrive", "payments-dlq", "--dry-run", sqs=sqs)
    assert code == 0 and sqs.started == []
    assert "dry run: would move ~3 message(s) from payments-dlq-ops to payments-queue-ops: StartMessageMoveTask " \
           f"SourceArn={box.arn('payments-dlq-ops')}" in output
    assert box.visible("payments-dlq-ops") == 3


def test_max_moves_that_many_with_their_attributes(box, operate):
    park_payments(box, 5)
    sqs = MoveTaskSqs(box.sqs)
    code, output = operate("redrive", "payments-dlq", "--max", "2", sqs=sqs)
    assert code == 0 and sqs.started == []  # the move task cannot stop after 2
    moved = box.drain("payments-queue-ops")
    assert len(moved) == 2 and all(m["MessageAttributes"]["transaction_type"]["StringValue"] == "payment"
                                   for m in moved)
    assert "summary: 2 replayed, 0 skipped, 0 failed" in output and "3 left parked" in output


class FailingSend:
    """Moto's SQS, with the `n`th SendMessage refused."""

    def __init__(self, sqs, n: int) -> None:
        self._sqs, self.n, self.sends = sqs, n, 0

    def __getattr__(self, name):
        return getattr(self._sqs, name)

    def send_message(self, **kwargs):
        self.sends += 1
        if self.sends == self.n:
            raise RuntimeError("connection reset")
        return self._sqs.send_message(**kwargs)


def test_a_send_failing_halfway_leaves_exactly_the_unsent_messages_parked(box, operate):
    park_payments(box, 5)
    code, output = operate("redrive", "payments-dlq", "--max", "5", sqs=FailingSend(box.sqs, 3))
    assert code == 1
    moved = event_ids(box.drain("payments-queue-ops"))
    parked = event_ids(box.drain("payments-dlq-ops"))
    assert len(moved) == 2 and len(parked) == 3
    assert sorted(moved + parked) == ["evt-1", "evt-2", "evt-3", "evt-4", "evt-5"]  # nothing lost, nothing doubled
    assert "replay failed, left parked: RuntimeError: connection reset" in output


def test_malformed_market_data_stays_parked_unless_included(box, operate):
    box.park("market-data-dlq", '{"symbol":"ACME","price":151,"timestamp":"2026-11-24T02:58:00Z"}')
    box.park("market-data-dlq", '{"symbol":"ACME","timestamp":"2026-11-24T02:58:01Z"}', **MALFORMED)
    sqs = MoveTaskSqs(box.sqs)

    code, output = operate("redrive", "market-data-dlq", sqs=sqs)

    assert code == 0 and sqs.started == []  # the move task cannot leave the malformed one behind
    assert "skipped  leave" in output and "malformed (price is missing): it would come straight back" in output
    assert "1 replayed, 1 skipped, 0 failed" in output and "1 left parked" in output
    assert len(box.drain("market-data-queue-ops")) == 1

    code, output = operate("redrive", "market-data-dlq", "--include-malformed", sqs=sqs)
    assert code == 0 and sqs.started[0]["DestinationArn"] == box.arn("market-data-queue-ops")
    (moved,) = box.drain("market-data-queue-ops")
    assert moved["MessageAttributes"]["error_reason"]["StringValue"] == "price is missing"
