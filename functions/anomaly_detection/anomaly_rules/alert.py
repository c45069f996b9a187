"""The SNS alert for a flagged transaction (pure): a JSON body and a ``reasons`` attribute for filters.

The body is ASCII JSON (``\\u`` escapes): every subscriber takes it, SQS
queues included, which refuse characters such as U+FFFE that a merchant id
may hold.
"""

import json
from decimal import Context, Decimal
from typing import Dict, List

from anomaly_rules.transaction import Transaction

_EXACT = Context(prec=100)  # normalize() rounds to the context's precision; amounts have at most 38 digits


def amount_string(amount: Decimal) -> str:
    """The exact decimal in plain notation without trailing zeros (as DynamoDB returns it), never a float."""
    return format(amount.normalize(_EXACT), "f")


def alert_body(transaction: Transaction, reasons: List[str]) -> str:
    return json.dumps(
        {
            "transaction_id": transaction.transaction_id,
            "upload_id": transaction.upload_id,
            "merchant_id": transaction.merchant_id,
            "amount": amount_string(transaction.amount),
            "currency": transaction.currency,
            "card_last4": transaction.card_last4,
            "timestamp": transaction.timestamp,
            "reasons": reasons,
        },
        separators=(",", ":"),
    )


def alert_attributes(reasons: List[str]) -> Dict[str, Dict[str, str]]:
    return {"reasons": {"DataType": "String", "StringValue": ",".join(reasons)}}
