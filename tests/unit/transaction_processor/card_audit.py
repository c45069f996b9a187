"""Find full card numbers of the test cards in text: what the whole-run audit looks for.

A leak is any run of at least 12 digits (spaces and dashes between digits
ignored) that is also a run of one of the test cards: the full number, in
any grouping, or enough of it to matter.
"""

import re

# Every card number the transaction processor's tests feed in (the usual public test numbers).
TEST_CARDS = (
    "4111111111111111", "4242424242424242", "5555555555554444", "6011111111111117", "378282246310005",
    "6759649826438453", "5019717010103742", "4222222222222", "4000056655665556", "4111111111111112",
)
MIN_RUN = 12
DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){%d,}" % (MIN_RUN - 1))


def card_runs(text: str) -> list[str]:
    """The digit runs in `text` that carry at least 12 consecutive digits of a test card."""
    found = []
    for match in DIGIT_RUN.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        windows = {digits[i:i + MIN_RUN] for i in range(len(digits) - MIN_RUN + 1)}
        if any(window in card for card in TEST_CARDS for window in windows):
            found.append(match.group())
    return found
