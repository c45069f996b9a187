"""The operator demo: the whole session runs against moto and every command exits as an operator expects."""

import io

from tools.operate import demo
from tools.operate import queues


def test_the_demo_session_runs_and_its_transcript_says_what_happened(monkeypatch):
    monkeypatch.setattr(queues, "RECEIVE_WAIT_SECONDS", 0)
    for name in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.setenv(name, "us-east-1")
    out = io.StringIO()
    assert demo.run(out=out) == 0
    transcript = out.getvalue()
    assert transcript.count("$ ENVIRONMENT_SUFFIX=demo pipenv run python -m tools operate") == 11
    assert "11 message(s) parked in 7 of 7 parking places" in transcript
    assert "4111" not in transcript.replace("************1111", "")  # the card a sender put in: masked
    assert "stopped: replay failed, left parked" in transcript and "(exit 1)" in transcript
    assert "move task COMPLETED" in transcript
    assert "1 message(s) parked in 7 of 7 parking places" in transcript  # the malformed tick, left on purpose
