"""One rule for the characters SQS takes, used by the validator (``event_id``) and the router (the message).

SQS's documented set (SendMessage): #x9 | #xA | #xD | #x20 to #xD7FF |
#xE000 to #xFFFD | #x10000 to #x10FFFF. The expectations below are written
from that list, at each edge of each range.
"""

import pytest

from tests.fixtures.aws_limits import text_problem
from webhook_events.queue_message import message_attributes, message_problem, sqs_can_carry
from webhook_validator.errors import InvalidEvent
from webhook_validator.event_schema import validate_event

VALID_EVENT = {"event_id": "evt_0001", "transaction_type": "payment", "amount": 12.5,
               "timestamp": "2026-11-23T10:00:00Z"}

CARRIED = ["\t", "\n", "\r", "\x20", "\x7f", "\x85", "\ud7ff", "\ue000", "\ufffd", "\U00010000", "\U0010ffff"]
REFUSED = ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff"]
EDGES = [(char, True) for char in CARRIED] + [(char, False) for char in REFUSED]


@pytest.mark.parametrize(("char", "carried"), EDGES, ids=lambda v: f"U+{ord(v):04X}" if isinstance(v, str) else str(v))
def test_the_rule_matches_sqs_documented_characters_at_every_edge(char, carried):
    # the tests' own reading of SQS's limits agrees (it is what the moto clients enforce)
    assert (text_problem(f"a{char}b", "text") is None) == carried
    assert sqs_can_carry(char) == sqs_can_carry(f"evt_{char}_1") == carried


@pytest.mark.parametrize(("char", "carried"), EDGES, ids=lambda v: f"U+{ord(v):04X}" if isinstance(v, str) else str(v))
def test_the_validator_refuses_exactly_the_event_ids_the_router_could_not_send(char, carried):
    event = {**VALID_EVENT, "event_id": f"evt_{char}_1"}
    # the router's check of the message it would send
    router_refuses = message_problem("{}", message_attributes(event)) is not None
    # the validator's check of the event_id
    try:
        validate_event(event)
        validator_refuses = False
    except InvalidEvent as error:
        assert error.message == "Field event_id contains characters a queue message cannot carry"
        validator_refuses = True
    assert validator_refuses == router_refuses == (not carried)
