"""The deployed market data processor turns ticks into alerts and dead letters (skips without a deployed stack).

    pipenv run npx cdktf output market-data-processor-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run pytest tests/integration/test_market_data_deployed.py

One run of tools/smoke/market_data_processor.py's checks for the module (its ticks
go through the deployed queue, function, table and DLQ once), then one test
per check. The skip names how to write the outputs file.
"""

import io

import pytest

from stacks.market_data_processor import SYSTEM
from tests.integration.deployed_stack import outputs_of, poll_seconds
from tools.smoke import market_data_processor as smoke


@pytest.fixture(scope="module")
def market_data_outputs(deployment, suffix) -> dict[str, str]:
    """The stack's outputs; skips when the outputs file has no such stack."""
    return outputs_of(deployment.outputs_path, SYSTEM, suffix, smoke.REQUIRED_OUTPUTS)


@pytest.fixture(scope="module")
def market_data_checks(suffix, market_data_outputs) -> tuple[dict[str, smoke.Check], str]:
    """Every check of one smoke run against the deployed stack, and what the run printed."""
    import boto3  # noqa: PLC0415 - only when a deployed stack is there

    region = smoke.aws_region(market_data_outputs["queue_url"])
    out = io.StringIO()
    checks = smoke.run_checks(
        boto3.client("sqs", region_name=region),
        boto3.client("dynamodb", region_name=region),
        market_data_outputs,
        smoke.thresholds_for(suffix),
        interval=poll_seconds(),
        out=out,
    )
    return checks, out.getvalue()


def checked(market_data_checks, name: str) -> smoke.Check:
    checks, printed = market_data_checks
    check = checks[name]
    assert check.ok, f"{name}: {check.saw}\n{printed}"
    return check


def test_high_tick_is_stored_as_a_sent_high_alert(market_data_checks):
    alert = checked(market_data_checks, smoke.HIGH).found
    assert (alert["alert_type"], alert["status"]) == ("HIGH", "SENT")


def test_low_tick_is_stored_as_a_sent_low_alert(market_data_checks):
    alert = checked(market_data_checks, smoke.LOW).found
    assert (alert["alert_type"], alert["status"]) == ("LOW", "SENT")


def test_normal_tick_stores_no_alert(market_data_checks):
    assert checked(market_data_checks, smoke.NORMAL).found == {}


def test_malformed_tick_is_in_the_dlq_with_its_error_reason(market_data_checks):
    attributes = checked(market_data_checks, smoke.MALFORMED).found
    assert attributes["error_reason"] == "missing field(s): price"
    assert attributes["source_message_id"]
