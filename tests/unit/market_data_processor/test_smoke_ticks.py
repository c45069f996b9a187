"""The market data smoke test (tools/smoke/market_data_processor.py): the ticks it sends, its arguments and names (no AWS)."""

from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from market_data.errors import MalformedMessage
from market_data.message import parse_tick

from stacks.market_data_processor.settings import SEED_THRESHOLDS
from tests.unit.market_data_processor.smoke_support import SUFFIX
from tools.cli import parse
from tools.smoke import market_data_processor as smoke

NOW = datetime(2026, 11, 23, 10, 0, 0, 123456, timezone.utc)


def test_ticks_cross_the_thresholds_and_keys_are_the_handlers_own():
    ticks = {t.check: t for t in smoke.plan_ticks("0123456789abcdef", SEED_THRESHOLDS, NOW)}
    prices = {name: parse_tick(ticks[name].body).price for name in (smoke.HIGH, smoke.LOW, smoke.NORMAL)}
    assert prices[smoke.HIGH] > SEED_THRESHOLDS.high and prices[smoke.LOW] < SEED_THRESHOLDS.low
    assert SEED_THRESHOLDS.low < prices[smoke.NORMAL] < SEED_THRESHOLDS.high
    for name in prices:  # the key the command reads is the one the handler writes
        tick = parse_tick(ticks[name].body)
        assert ticks[name].key == {"symbol": tick.symbol, "timestamp": tick.timestamp}
        assert tick.symbol == "SMK012345678"
    assert ticks[smoke.HIGH].key["timestamp"] == "2026-11-23T10:00:00.123456000Z"
    assert len({t.key["timestamp"] for t in ticks.values() if t.key}) == 3
    with pytest.raises(MalformedMessage, match=r"missing field\(s\): price"):
        parse_tick(ticks[smoke.MALFORMED].body)


def test_prices_follow_other_thresholds():
    thresholds = smoke.Thresholds(high=Decimal("1000.5"), low=Decimal("0.5"))
    ticks = {t.check: parse_tick(t.body) for t in smoke.plan_ticks("ab", thresholds, NOW) if t.key}
    assert ticks[smoke.HIGH].price > thresholds.high and 0 < ticks[smoke.LOW].price < thresholds.low


def test_outputs_file_and_suffix_default_to_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTPUTS_FILE", str(tmp_path / "o.json"))
    monkeypatch.setenv("ENVIRONMENT_SUFFIX", "pr-42")
    args = parse(["smoke", "market-data-processor"])
    assert (args.outputs_file, args.suffix) == (tmp_path / "o.json", "pr-42")


def test_defaults_without_environment(monkeypatch):
    monkeypatch.delenv("OUTPUTS_FILE", raising=False)
    monkeypatch.delenv("ENVIRONMENT_SUFFIX", raising=False)
    args = parse(["smoke", "market-data-processor"])
    assert (args.outputs_file, args.suffix, args.region, args.wait) == (Path("outputs.json"), "dev", None, 90)


def test_region_comes_from_the_queue_url(monkeypatch):
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    assert smoke.aws_region("https://sqs.eu-west-1.amazonaws.com/123456789012/q") == "eu-west-1"
    assert smoke.aws_region("https://eu-west-2.queue.amazonaws.com/123456789012/q") == "eu-west-2"
    assert smoke.aws_region("http://localhost:4566/000000000000/q") == "ap-south-1"
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    assert smoke.aws_region("http://localhost:4566/000000000000/q") == "us-east-1"


def test_names_match_the_stack():
    assert smoke.SYSTEM.stack_id(SUFFIX) == "market-data-processor-unittest"
