"""`inspect QUEUE`: what is parked there, without consuming it.

Per message: its id, age, receive count, the ids it carries (event id, upload object, stream range, symbol)
and why it is parked (the function's error, the handler's error_reason, or a consumer that gave up), then the
count of each reason. Payloads only with `--show-payload`, and then masked (masking.py). Messages are peeked
(queues.peek): held for a few seconds and handed back, never deleted.
"""

from collections import Counter
from typing import Any, TextIO

from stacks.parking import ParkingPlace
from tools.operate import queues, records
from tools.operate.masking import mask_payload

DEFAULT_LIMIT = 20


def header(place: ParkingPlace, found: dict[str, int]) -> str:
    return (f"{place.queue} ({place.kind.value} of {place.system}): {found['visible']} parked, "
            f"{found['in_flight']} in flight; replays to {place.replays_to}; alarm {place.alarm}")


def run(clients: Any, place: ParkingPlace, out: TextIO, limit: int = DEFAULT_LIMIT, show_payload: bool = False) -> int:
    sqs = clients.get("sqs")
    url = queues.queue_url(sqs, place.queue)
    found = queues.depth(sqs, url)
    print(header(place, found), file=out)
    reasons: Counter = Counter()
    with queues.peek(sqs, url, limit) as messages:
        for message in messages:
            what, reason = records.describe(place, message)
            reasons[reason] += 1
            print(f"  {what}\n      why: {reason}", file=out)
            if show_payload:
                payload = mask_payload(records.payload_of(place, message))
                print("      payload (masked):\n" + "\n".join(f"        {line}" for line in payload.splitlines()),
                      file=out)
    for reason, count in reasons.most_common():
        print(f"  {count} x {reason}", file=out)
    print(f"showed {len(messages)} of ~{found['visible']} parked; none consumed (each look adds one to a message's "
          "receive count)", file=out)
    return 0
