"""The deployed transaction processor takes a CSV upload through its API (skips without a deployed stack).

    pipenv run npx cdktf output transaction-processor-pr-42 --outputs-file outputs.json
    ENVIRONMENT_SUFFIX=pr-42 pipenv run pytest tests/integration/test_transaction_processor_deployed.py

One run of tools/smoke/transaction_processor.py's checks for the module
(its sample CSV goes through the deployed API, bucket, csv-validation and
tables once), then one test per check. The skip names how to write the
outputs file. The API key's value is read from API Gateway, never shown.
"""

import io

import pytest

from stacks.environment import DEFAULT_REGION
from stacks.transaction_processor import SYSTEM
from tests.integration.deployed_stack import outputs_of, poll_seconds
from tools.smoke import transaction_processor as smoke
from tools.smoke.transaction_sample import EXPECTED_ERRORS
from tools.stack_outputs import region_of


@pytest.fixture(scope="module")
def transaction_outputs(deployment, suffix) -> dict[str, str]:
    """The stack's outputs; skips when the outputs file has no such stack."""
    return outputs_of(deployment.outputs_path, SYSTEM, suffix, smoke.REQUIRED_OUTPUTS)


@pytest.fixture(scope="module")
def transaction_checks(transaction_outputs) -> tuple[dict[str, smoke.Check], str]:
    """Every check of one smoke run against the deployed stack, and what the run printed."""
    import boto3  # noqa: PLC0415 - only when a deployed stack is there

    endpoint = transaction_outputs["api_endpoint"]
    region = region_of(endpoint) or DEFAULT_REGION
    key = smoke.read_api_key(boto3.client("apigateway", region_name=region), transaction_outputs["api_key_id"], region)
    out = io.StringIO()
    return smoke.run_checks(endpoint, key, interval=poll_seconds(), out=out), out.getvalue()


def checked(transaction_checks, name: str) -> smoke.Check:
    checks, printed = transaction_checks
    check = checks[name]
    assert check.ok, f"{name}: {check.saw}\n{printed}"
    return check


def test_a_request_without_the_key_is_refused_with_403(transaction_checks):
    assert isinstance(checked(transaction_checks, smoke.NO_KEY).found["error"], str)


def test_post_upload_answers_an_upload_id_and_a_presigned_put(transaction_checks):
    answer = checked(transaction_checks, smoke.CREATE).found
    assert (answer["method"], answer["expires_in"]) == ("PUT", 900)
    assert answer["object_key"] == f"uploads/{answer['upload_id']}.csv"


def test_the_file_is_accepted_by_the_presigned_url(transaction_checks):
    checked(transaction_checks, smoke.PUT)


def test_csv_validation_processes_the_upload(transaction_checks):
    assert checked(transaction_checks, smoke.PROCESSED).found["status"] == "PROCESSED"


def test_the_upload_result_counts_good_and_bad_rows(transaction_checks):
    result = checked(transaction_checks, smoke.COUNTS).found
    assert (result["rows_total"], result["rows_accepted"], result["rows_rejected"]) == (5, 3, 2)


def test_the_upload_result_names_each_bad_row_and_column(transaction_checks):
    errors = checked(transaction_checks, smoke.ERRORS).found["errors"]
    assert tuple((error["row"], error["column"]) for error in errors) == EXPECTED_ERRORS


def test_a_stored_transaction_is_served_with_card_last4_only(transaction_checks):
    item = checked(transaction_checks, smoke.STATUS).found
    assert isinstance(item["amount"], str) and len(item["card_last4"]) == 4
    assert "card_number" not in item
