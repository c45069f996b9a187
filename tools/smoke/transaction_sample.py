"""The sample upload of the transaction processor's smoke test (transaction_processor.py), and what of the answers is kept out of sight.

`sample_upload` is one CSV of the contract (SPEC-transaction-processor.md,
"The CSV contract"): 3 good rows with transaction ids of this run and public
test card numbers, then a row failing the Luhn check and one with a currency
that is no ISO 4217 code. Standard library only.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

HEADER = ("transaction_id", "merchant_id", "amount", "currency", "card_number", "timestamp")
MERCHANT_ID = "smoke-test"
ROWS = (  # amount, currency, card number; amounts below the anomaly threshold
    ("12.5", "USD", "4111111111111111"),
    ("250", "EUR", "5555555555554444"),
    ("1234.56", "GBP", "378282246310005"),
    ("10", "USD", "4111111111111112"),  # fails the Luhn check
    ("10", "ABC", "4242424242424242"),  # no ISO 4217 code
)
EXPECTED_ERRORS = ((5, "card_number"), (6, "currency"))  # (row, column); the header is row 1
EXACT_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?")  # a decimal string, as amounts leave the system
CARD_LENGTH_RUN = re.compile(r"\d(?:[ -]?\d){11,}")  # anything that could be a card number


@dataclass(frozen=True)
class Sample:
    body: bytes
    good: dict[str, dict[str, str]]  # transaction_id -> amount, currency, card_last4, as the API returns them
    errors: tuple[tuple[int, str], ...]  # (row, column) of each bad row
    cards: tuple[str, ...]  # every full card number in the file: none may come back

    @property
    def counts(self) -> tuple[int, int, int]:
        """rows_total, rows_accepted, rows_rejected as the upload result must count them."""
        return len(self.good) + len(self.errors), len(self.good), len(self.errors)

    def leaks(self, body: Any) -> bool:
        """Whether a full card number of the file is in `body` (spaces and dashes ignored)."""
        text = re.sub(r"[ -]", "", json.dumps(body, default=str))
        return any(card in text for card in self.cards)

    def reported(self, errors: Any) -> bool:
        """Whether an upload result's `errors` name exactly the bad rows and columns, each with a reason."""
        rows = errors if isinstance(errors, list) and all(isinstance(e, dict) for e in errors) else [{}]
        named = tuple((error.get("row"), error.get("column")) for error in rows)
        reasons = all(isinstance(error.get("reason"), str) and error["reason"] for error in rows)
        return named == self.errors and reasons and not self.leaks(errors)

    def served(self, item: Any, transaction_id: str, upload_id: str) -> bool:
        """Whether GET /status answered this good row as stored: exact amount string, card_last4 only."""
        expected, item = self.good.get(transaction_id, {}), item if isinstance(item, dict) else {}
        amount = item.get("amount")
        exact = isinstance(amount, str) and EXACT_AMOUNT.fullmatch(amount) is not None
        return (exact and Decimal(amount) == Decimal(expected.get("amount", "NaN"))
                and (item.get("transaction_id"), item.get("upload_id")) == (transaction_id, upload_id)
                and all(item.get(name) == expected.get(name) for name in ("currency", "card_last4"))
                and "card_number" not in item
                and not self.leaks(item))


def sample_upload(run_id: str, now: datetime) -> Sample:
    """The file for one run: ids `smoke-{run_id}-1..5`, timestamps a minute before `now`."""
    stamp = (now - timedelta(minutes=1)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = [f"smoke-{run_id}-{n}" for n in range(1, len(ROWS) + 1)]
    lines = [",".join(HEADER)] + [",".join((tid, MERCHANT_ID, *row, stamp)) for tid, row in zip(ids, ROWS)]
    good = {tid: {"amount": amount, "currency": currency, "card_last4": card[-4:]}
            for tid, (amount, currency, card) in zip(ids[:3], ROWS)}
    return Sample(("\r\n".join(lines) + "\r\n").encode(), good, EXPECTED_ERRORS, tuple(card for *_, card in ROWS))


def shown(body: Any) -> str:
    """A body for the output: compact JSON, cut short, every card-length digit run hidden."""
    text = body if isinstance(body, str) else json.dumps(body, separators=(",", ":"), default=str)
    return CARD_LENGTH_RUN.sub("[digits hidden]", text)[:300]


def without_url(body: Any) -> Any:
    """An API answer without its presigned URL: the URL carries a session token, so it is never shown."""
    return {name: value for name, value in body.items() if name != "upload_url"} if isinstance(body, dict) else body
