"""Replay Lambda asynchronous on-failure records (the router's, csv-validation's): invoke the function again.

Each record carries the original event as `requestPayload`. The replay is an asynchronous invoke
(InvocationType=Event) of the place's function with that payload, as the original was: Lambda answers 202 once
the event is in its queue, and the stack's retry policy and on-failure destination apply again, so a replay that
fails again is parked again as a new record, never lost. The parked record is deleted only after that 202. A
record whose function is not this place's, or that carries no payload, is left parked and reported.
"""

import json
from typing import Any

from stacks.parking import ParkingPlace
from tools.operate import records
from tools.operate.masking import short
from tools.operate.replay.loop import Outcome, failed, replayed

ACCEPTED = 202


class LambdaReplay:
    seconds_per_replay = 1.0  # an asynchronous invoke returns as soon as Lambda queued the event

    def __init__(self, place: ParkingPlace, lambda_client: Any) -> None:
        self.place, self.lambda_client = place, lambda_client

    def _payload(self, message: dict[str, Any]) -> tuple[Any, str | None]:
        """(payload, None), or (None, why it cannot be replayed)."""
        try:
            record = records.failure_record(message["Body"])
        except records.NotARecord as error:
            return None, str(error)
        function = records.function_name(str(record["requestContext"].get("functionArn", "")))
        if function != self.place.function:
            return None, f"the record is for function {function!r}, not {self.place.function!r}"
        if "requestPayload" not in record:
            return None, "the record carries no requestPayload"
        return record["requestPayload"], None

    def describe(self, message: dict[str, Any]) -> str:
        payload, problem = self._payload(message)
        what = problem or short(records.payload_ids(payload))
        return f"invoke {self.place.function} (Event) with record {message['MessageId']}: {what}"

    def replay(self, message: dict[str, Any]) -> Outcome:
        payload, problem = self._payload(message)
        if problem:
            return failed(f"not replayable, left parked: {problem}", stop=False)
        response = self.lambda_client.invoke(
            FunctionName=self.place.function, InvocationType="Event", Payload=json.dumps(payload).encode("utf-8"),
        )
        status = response.get("StatusCode")
        if status != ACCEPTED:
            return failed(f"invoke answered {status}, not {ACCEPTED}: left parked")
        return replayed(f"{ACCEPTED} from {self.place.function}")
