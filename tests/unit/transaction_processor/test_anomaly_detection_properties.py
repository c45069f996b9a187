"""Property: whatever a stream batch holds, every record is either processed or reported.

Runs the real handler against in-memory stand-ins for DynamoDB and SNS (so
hypothesis can try hundreds of batches); the stand-ins fail for the
transaction ids hypothesis picks. The only exception allowed out is
lambda_kit's ``MissingItemId``: a failed record with no sequence number to report.
"""

import json
from datetime import timedelta
from decimal import Decimal

from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.transaction_processor.anomaly_detection_support import NOW, image, stream_context, stream_record
from tools.function_code import load_handler

handler_module = load_handler("anomaly_detection")

from anomaly_rules import aws_clients  # noqa: E402
from anomaly_rules.rules import reasons  # noqa: E402
from anomaly_rules.transaction import MalformedRecord, inserted_transaction  # noqa: E402
from lambda_kit.batch import MissingItemId, stream_sequence_number  # noqa: E402


class FakeAws:
    """DynamoDB's GetItem/UpdateItem and SNS's Publish over dicts; ``failing`` ids raise."""

    def __init__(self, failing):
        self.failing, self.status, self.published, self.touched = set(failing), {}, [], []

    def _call(self, transaction_id):
        self.touched.append(transaction_id)
        if transaction_id in self.failing:
            raise ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "Call")

    def get_item(self, Key, **_):
        self._call(Key["transaction_id"]["S"])
        status = self.status.get(Key["transaction_id"]["S"], "ACCEPTED")
        return {"Item": {"status": {"S": status}}}

    def update_item(self, Key, **_):
        self._call(Key["transaction_id"]["S"])
        self.status[Key["transaction_id"]["S"]] = "FLAGGED"

    def publish(self, Message, **_):
        transaction_id = json.loads(Message)["transaction_id"]
        self._call(transaction_id)
        self.published.append(transaction_id)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=6)
good_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("40000"), places=2).map(str)
amounts = good_amounts | good_amounts | st.sampled_from(["10000", "10000.01", "NaN", "-5", "1E+200", "", "abc"])
offsets = st.timedeltas(min_value=-timedelta(days=200), max_value=timedelta(days=2)) | st.sampled_from(
    [-timedelta(days=120), -timedelta(days=90), -timedelta(hours=1), timedelta(minutes=5), timedelta(minutes=6)])
good_timestamps = offsets.map(lambda offset: (NOW + offset).isoformat())
timestamps = good_timestamps | good_timestamps | st.sampled_from(["2026-03-01T12:00:00", "x", ""])
FIELDS = ["transaction_id", "upload_id", "merchant_id", "amount", "currency", "card_last4", "timestamp"]


@st.composite
def records(draw, index):
    new_image = image(f"t-{index}", draw(amounts), draw(timestamps))
    broken = st.lists(st.sampled_from(FIELDS), min_size=1, max_size=2)
    for field in draw(st.just([]) | st.just([]) | broken):  # break some attributes, in about a third
        if draw(st.booleans()):
            new_image.pop(field, None)
        else:
            new_image[field] = draw(json_values)
    record = stream_record(str(1000 + index), new_image, draw(st.sampled_from(["INSERT"] * 4 + ["MODIFY", "REMOVE"])))
    shape = draw(st.sampled_from(["kept"] * 12 + ["no sequence number", "no dynamodb", "junk"]))
    if shape == "no sequence number":
        del record["dynamodb"]["SequenceNumber"]
    elif shape == "no dynamodb":
        record["dynamodb"] = draw(json_values)
    elif shape == "junk":
        record = draw(json_values)
    return record


batches = st.integers(min_value=0, max_value=8).flatmap(lambda n: st.tuples(*(records(i) for i in range(n))))


def sequence_number(record):
    return stream_sequence_number(record) if isinstance(record, dict) else None


def expected_outcome(record, failing):
    """'ignored', 'normal', 'alert' or 'fail', from the pure functions the handler composes."""
    try:
        transaction = inserted_transaction(record)
    except MalformedRecord:
        return "fail", None
    if transaction is None:
        return "ignored", None
    if not reasons(transaction, Decimal("10000"), NOW):
        return "normal", transaction.transaction_id
    return ("fail" if transaction.transaction_id in failing else "alert"), transaction.transaction_id


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=batches, failing=st.sets(st.sampled_from([f"t-{i}" for i in range(8)]), max_size=3),
       wrapper=st.sampled_from(["Records", "junk"]), junk=json_values)
def test_every_record_is_processed_or_reported(monkeypatch, batch, failing, wrapper, junk):
    # GIVEN the function's environment, a fixed clock and stand-ins failing for some ids
    for name, value in {"TRANSACTIONS_TABLE": "transactions-prop", "ANOMALY_TOPIC_ARN": "arn:aws:sns:::t",
                        "HIGH_AMOUNT_THRESHOLD": "10000"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(handler_module, "utc_now", lambda: NOW)
    fake = FakeAws(failing)
    aws_clients.use("dynamodb", fake)
    aws_clients.use("sns", fake)
    event = {"Records": list(batch)} if wrapper == "Records" else junk
    outcomes = [expected_outcome(record, failing) for record in batch] if wrapper == "Records" else []
    try:
        # WHEN the batch is handled
        result = handler_module.handler(event, stream_context())
    except MissingItemId:
        # THEN (the defined failure to finish) only when a failing record has no id to report
        assert any(o == "fail" and not sequence_number(r) for r, (o, _) in zip(batch, outcomes))
        return
    finally:
        aws_clients.reset()
    # THEN exactly the failing records are reported; alerts went out and were marked; others made no call
    reported = [failure["itemIdentifier"] for failure in result["batchItemFailures"]]
    assert reported == [sequence_number(r) for r, (o, _) in zip(batch, outcomes) if o == "fail"]
    alerted = {txn for o, txn in outcomes if o == "alert"}
    assert alerted <= set(fake.published) and all(fake.status[txn] == "FLAGGED" for txn in alerted)
    assert set(fake.touched) <= {txn for o, txn in outcomes if o in ("alert", "fail") and txn}
