"""Atomic claim under concurrency: 8 threads, 2,000 deliveries, 30 % duplicates.

Each of 8 worker threads makes 250 deliveries. Every 10th round all 8 threads
wait on a barrier and then deliver copies of one event at the same moment
(25 eight-way races); the other rounds take shuffled deliveries in which 425
are copies of other events (they race by chance). moto's DynamoDB writes are
serialized (``serialized_moto_dynamodb_writes``) as DynamoDB's conditional
writes are atomic, so a double acceptance here would be the validator's.
"""

import json
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from functions.webhook_events.routes import TRANSACTION_TYPES
from tests.unit.webhook_pipeline.delivery_support import routed_event_ids, serialized_moto_dynamodb_writes
from tests.unit.webhook_pipeline.webhook_test_support import make_delivery

THREADS = 8
ROUNDS = 250  # per thread: 2,000 deliveries
RACE_EVERY = 10  # rounds 0, 10, ..., 240: 25 races of 8 copies
EXPECTED_UNIQUE = 1_400


def event(event_id: str, transaction_type: str) -> dict:
    return {
        "event_id": event_id,
        "transaction_type": transaction_type,
        "amount": 10.25,
        "currency": "EUR",
        "timestamp": "2026-11-23T10:00:00Z",
    }


def plan_deliveries(seed: int = 20261123):
    """{thread: [event per round]}, with exactly 1,400 unique events among 2,000."""
    rng = random.Random(seed)
    race_rounds = range(0, ROUNDS, RACE_EVERY)
    raced = [event(f"evt_race_{n:03d}", TRANSACTION_TYPES[n % 3]) for n in range(len(race_rounds))]
    plain_slots = THREADS * (ROUNDS - len(race_rounds))
    plain_unique = EXPECTED_UNIQUE - len(raced)
    uniques = [event(f"evt_{n:05d}", TRANSACTION_TYPES[rng.randrange(3)]) for n in range(plain_unique)]
    plain = uniques + [rng.choice(uniques + raced) for _ in range(plain_slots - plain_unique)]
    rng.shuffle(plain)
    plan = {thread: [] for thread in range(THREADS)}
    for round_ in range(ROUNDS):
        for thread in range(THREADS):
            plan[thread].append(raced[round_ // RACE_EVERY] if round_ % RACE_EVERY == 0 else plain.pop())
    return plan


def test_concurrent_deliveries_accept_each_event_once_and_route_it_once(pipeline, validator, lambda_context):
    # GIVEN 2,000 signed deliveries (unique webhook ids) of 1,400 unique events, across 8 threads
    plan = plan_deliveries()
    deliveries = {
        thread: [make_delivery(body=e, msg_id=f"msg_{thread}_{i}") for i, e in enumerate(events)]
        for thread, events in plan.items()
    }
    every_event = {e["event_id"]: e for events in plan.values() for e in events}
    assert (sum(map(len, plan.values())), len(every_event)) == (2_000, EXPECTED_UNIQUE)
    barrier = threading.Barrier(THREADS)
    results = {thread: [] for thread in range(THREADS)}

    def worker(thread: int) -> None:
        for round_, delivery in enumerate(deliveries[thread]):
            if round_ % RACE_EVERY == 0:
                barrier.wait(timeout=60)  # all 8 copies of one event leave together
            response = validator.handler(delivery, lambda_context)
            results[thread].append((plan[thread][round_]["event_id"], response["statusCode"], response["body"]))

    # WHEN the 8 threads deliver at once, then Lambda runs the router for what was handed on
    with serialized_moto_dynamodb_writes(), ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(worker, thread) for thread in range(THREADS)]:
            future.result()
    pipeline.run()

    # THEN every attempt got 200 or 409 with the exact bodies, exactly one 200 per event
    outcomes = [outcome for thread in results.values() for outcome in thread]
    assert len(outcomes) == 2_000
    bodies = Counter((status, body) for event_id, status, body in outcomes if status != 200)
    assert bodies == {(409, json.dumps({"error": "Duplicate event"})): 600}
    accepted = Counter(event_id for event_id, status, _ in outcomes if status == 200)
    assert accepted == Counter({event_id: 1 for event_id in every_event})
    # THEN the router was invoked once per accepted event and routed each once, in its queue
    assert pipeline.invoke_calls == EXPECTED_UNIQUE
    routed = pipeline.routed()
    expected = {t: sorted(i for i, e in every_event.items() if e["transaction_type"] == t) for t in TRANSACTION_TYPES}
    assert routed_event_ids(routed) == expected
    for transaction_type, messages in routed.items():
        for message in messages:
            event_id = message["MessageAttributes"]["event_id"]["StringValue"]
            assert json.loads(message["Body"]) == every_event[event_id]
            assert message["MessageAttributes"]["transaction_type"]["StringValue"] == transaction_type
    assert pipeline.failures() == []
    lost = set(every_event) - {i for ids in routed_event_ids(routed).values() for i in ids}
    assert lost == set()
    print(
        f"\nconcurrency: deliveries tried={len(outcomes)} unique={len(every_event)} "
        f"accepted={sum(accepted.values())} refused_as_duplicate={sum(bodies.values())} "
        f"routed={sum(map(len, routed.values()))} lost={len(lost)} "
        f"raced_8_way={ROUNDS // RACE_EVERY}"
    )
