"""What an operator's screen may show of a parked message: never a card number, never a secret.

Every text the command prints goes through `mask`: a run of 12-19 digits (single spaces or dashes between
digits allowed, as card numbers are written), or a longer run with such separators (a card number may hide in
it), keeps only its last four digits; a longer run of bare digits (a stream sequence number) is not card-shaped
and stays, as does a UUID (message and request ids, whose digit groups can look like a run). A Standard
Webhooks secret
(`whsec_...`) or anything after `Bearer ` is replaced whole. `mask_payload` is for `--show-payload`: values of
keys that name a secret (secret, password, token, signature, api key, authorization, card number) are replaced,
then the JSON text is masked as above. `short` bounds what an error message may spill.
"""

import json
import re
from typing import Any

MASK = "*"
REDACTED = "<redacted>"
DIGIT_RUN = re.compile(r"[0-9](?:[ -]?[0-9])+")  # maximal: a run is judged whole
CARD_DIGITS = range(12, 20)
UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
SECRET_TEXT = re.compile(r"whsec_[A-Za-z0-9+/=_-]*|(?<=Bearer )[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
SECRET_KEY = re.compile(r"secret|passw|token|signature|api[_-]?key|authorization|card[_-]?number|^pan$|cvv|cvc",
                        re.IGNORECASE)
SHORT_CHARS = 200


def _mask_run(match: re.Match) -> str:
    run = match.group()
    digits = re.sub(r"[ -]", "", run)
    if len(digits) in CARD_DIGITS or (len(digits) > CARD_DIGITS.stop - 1 and digits != run):
        return MASK * (len(digits) - 4) + digits[-4:]
    return run


def mask(text: Any) -> str:
    """`text` as a string with card-like digit runs cut to their last four and secrets redacted."""
    text = SECRET_TEXT.sub(REDACTED, str(text))
    pieces, end = [], 0
    for uuid in UUID.finditer(text):  # kept whole; what lies between is masked
        pieces += [DIGIT_RUN.sub(_mask_run, text[end:uuid.start()]), uuid.group()]
        end = uuid.end()
    return "".join(pieces) + DIGIT_RUN.sub(_mask_run, text[end:])


def short(text: Any, limit: int = SHORT_CHARS) -> str:
    masked = mask(text).replace("\n", " ")
    return masked if len(masked) <= limit else masked[: limit - 3] + "..."


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: REDACTED if SECRET_KEY.search(str(key)) else _redact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def mask_payload(payload: Any) -> str:
    """A payload (JSON text or a parsed value) as masked, indented JSON; text that is not JSON is masked as text."""
    if isinstance(payload, (str, bytes)):
        try:
            payload = json.loads(payload)
        except ValueError:
            return mask(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)
    return mask(json.dumps(_redact(payload), indent=2, ensure_ascii=False, default=str))
