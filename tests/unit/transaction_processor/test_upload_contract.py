"""The stack, the API and csv-validation take the upload prefix, suffix and routes from one place."""

import json

import pytest

from functions.upload_contract.contract import ROUTES, UPLOAD_PREFIX, UPLOAD_SUFFIX, object_key, upload_id_of


def test_an_upload_key_round_trips():
    assert object_key("3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f") == "uploads/3f1c2a5e-8d4b-4c6a-9e2f-1a2b3c4d5e6f.csv"
    assert upload_id_of(object_key("a b")) == "a b"


@pytest.mark.parametrize("key", ["uploads/.csv", "uploads/x.txt", "other/x.csv", "x.csv"])
def test_other_keys_name_no_upload(key):
    assert upload_id_of(key) is None


def test_the_stack_filters_notifications_scopes_grants_and_serves_routes_from_the_contract(synthesized):
    tf = json.loads(synthesized[("transaction-processor", "dev")])
    [notification] = tf["resource"]["aws_s3_bucket_notification"].values()
    [target] = notification["lambda_function"]
    assert (target["filter_prefix"], target["filter_suffix"]) == (UPLOAD_PREFIX, UPLOAD_SUFFIX)
    policies = [json.loads(p["policy"]) for p in tf["resource"]["aws_iam_role_policy"].values()]
    objects = {r for p in policies for s in p["Statement"] for r in s["Resource"] if r.endswith("*") and "/" in r}
    assert objects and all(r.endswith(f"/{UPLOAD_PREFIX}*") for r in objects)
    methods = tf["resource"]["aws_api_gateway_method"].values()
    assert sorted(m["http_method"] for m in methods) == sorted(method for method, _ in ROUTES)
