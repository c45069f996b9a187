"""Provisioning takes everything from the synthesized JSON: each dev stack created on moto's mock and checked."""

import json

import pytest

from tests.unit.tools.local_run.support import MockedLocalAws
from tools.local_run.provision.api import serve_apis
from tools.local_run.tf_model import StackModel
from tools.local_run.triggers.sqs_source import SqsMapping
from tools.local_run.triggers.stream_source import StreamMapping


@pytest.fixture
def local(mocked_aws):
    local = MockedLocalAws()
    yield local
    for server in local.api_servers.values():
        server.stop()


def created(local, synthesized, system: str):
    model = StackModel.from_json(f"{system}-dev", synthesized[(system, "dev")])
    return local.provision(model)


def queue_attributes(local, name: str) -> dict:
    sqs = local.clients("sqs")
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_webhook_queues_tables_secret_and_router_environment_come_from_the_stack(local, synthesized):
    run = created(local, synthesized, "webhook-pipeline")
    outputs = run.outputs()
    # queues with the declared redrive policy, pointing at the DLQ created for it
    payments = queue_attributes(local, "payments-queue-dev")
    assert json.loads(payments["RedrivePolicy"]) == {
        "deadLetterTargetArn": queue_attributes(local, "payments-dlq-dev")["QueueArn"], "maxReceiveCount": 3}
    assert payments["VisibilityTimeout"] == "300"
    # the dedup table with its key and TTL
    dynamodb = local.clients("dynamodb")
    assert dynamodb.describe_table(TableName="transaction-events-dev")["Table"]["KeySchema"] == [
        {"AttributeName": "event_id", "KeyType": "HASH"}]
    assert dynamodb.describe_time_to_live(TableName="transaction-events-dev")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}
    # the router's environment: each queue URL resolved to the queue created for it
    router = local.functions.find("event-router-dev")
    assert router.environment == {"PAYMENTS_QUEUE_URL": outputs["payments_queue_url"],
                                  "REFUNDS_QUEUE_URL": outputs["refunds_queue_url"],
                                  "DISPUTES_QUEUE_URL": outputs["disputes_queue_url"]}
    assert router.code.directory.name == "router" and (router.timeout_seconds, router.memory_mb) == (60, 256)
    # the router's async config: 2 retries, then the failures queue
    config = local.invoker.configs["event-router-dev"]
    failures = queue_attributes(local, "event-router-failures-dev")["QueueArn"]
    assert (config.maximum_retry_attempts, config.on_failure) == (2, failures)
    # the secret exists, with a generated value (the stack never sets one)
    value = local.clients("secretsmanager").get_secret_value(SecretId="webhook-signing-secret-dev")["SecretString"]
    assert value.startswith("whsec_") and local.functions.find("webhook-validator-dev").environment[
        "WEBHOOK_SECRET_ARN"] == local.generated_secrets["webhook-signing-secret-dev"]
    # what is declared but not emulated is counted, never silently created
    assert set(run.not_emulated) == {
        "aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard", "aws_iam_role_policy", "aws_api_gateway_method_settings"}


def test_webhook_api_routes_model_and_gateway_responses_come_from_the_stack(local, synthesized):
    run = created(local, synthesized, "webhook-pipeline")
    serve_apis(local.cloud, run)
    (server,) = local.api_servers.values()
    api = server.api
    assert (api.stage, [(r.method, r.path) for r in api.routes]) == ("prod", [("POST", "/webhook")])
    route = api.routes[0]
    assert route.function_arn.endswith(":function:webhook-validator-dev") and not route.api_key_required
    assert route.validate_body and route.models["application/json"]["required"] == [
        "event_id", "transaction_type", "amount", "timestamp"]
    assert api.responses["BAD_REQUEST_BODY"].status_code == "400"
    assert run.outputs()["api_endpoint"] == f"{server.url}/prod/webhook"


def test_transaction_processor_bucket_notification_stream_mapping_and_keyed_api(local, synthesized):
    run = created(local, synthesized, "transaction-processor")
    serve_apis(local.cloud, run)
    outputs = run.outputs()
    s3 = local.clients("s3")
    assert s3.get_bucket_versioning(Bucket=outputs["uploads_bucket_name"])["Status"] == "Enabled"
    (target,) = local.notifications
    assert (target.bucket, target.prefix, target.suffix, target.events) == (
        outputs["uploads_bucket_name"], "uploads/", ".csv", ("s3:ObjectCreated:*",))
    assert target.function_arn == outputs["csv_validation_lambda_arn"]
    (mapping,) = local.mappings
    assert isinstance(mapping, StreamMapping)
    stream_arn = local.clients("dynamodb").describe_table(TableName="transactions-dev")["Table"]["LatestStreamArn"]
    assert (mapping.source_arn, mapping.function.name, mapping.batch_size) == (stream_arn, "anomaly-detection-dev", 100)
    assert (mapping.patterns, mapping.report_failures, mapping.maximum_retry_attempts, mapping.bisect_on_error) == (
        [{"eventName": ["INSERT"]}], True, 3, True)
    assert mapping.on_failure == queue_attributes(local, "anomaly-detection-failures-dev")["QueueArn"]
    (server,) = local.api_servers.values()
    key = local.clients("apigateway").get_api_key(apiKey=outputs["api_key_id"], includeValue=True)["value"]
    assert server.api.api_keys == {key}
    assert {(r.method, r.path, r.api_key_required) for r in server.api.routes} == {
        ("POST", "/upload", True), ("GET", "/status/{transaction_id}", True), ("GET", "/uploads/{upload_id}", True)}
    assert outputs["api_endpoint"] == f"{server.url}/v1"


def test_market_data_queue_mapping_and_processor_environment(local, synthesized):
    run = created(local, synthesized, "market-data-processor")
    outputs = run.outputs()
    (mapping,) = local.mappings
    assert isinstance(mapping, SqsMapping)
    queue = queue_attributes(local, "market-data-queue-dev")
    assert (mapping.source_arn, mapping.batch_size, mapping.window_seconds, mapping.report_failures) == (
        queue["QueueArn"], 25, 1.0, True)
    assert json.loads(queue["RedrivePolicy"])["maxReceiveCount"] == 5 and queue["VisibilityTimeout"] == "361"
    environment = local.functions.find("data-processor-dev").environment
    assert environment["DLQ_URL"] == outputs["dlq_url"]
    assert (environment["HIGH_PRICE_THRESHOLD"], environment["LOW_PRICE_THRESHOLD"]) == ("150", "50")
    assert environment["ALERTS_TOPIC_ARN"] == outputs["alerts_topic_arn"]


def test_a_trigger_the_local_run_cannot_play_is_refused_with_its_resource(local, synthesized):
    stack = json.loads(synthesized[("transaction-processor", "dev")])
    (notification,) = stack["resource"]["aws_s3_bucket_notification"].values()
    notification["queue"] = [{"queue_arn": "arn:aws:sqs:us-east-1:123456789012:elsewhere",
                              "events": ["s3:ObjectCreated:*"]}]
    refused = r"cannot create aws_s3_bucket_notification\.uploads_notification.*not emulated"
    with pytest.raises(RuntimeError, match=refused):
        local.provision(StackModel("transaction-processor-dev", stack))
    # and nothing the stack's creators made before joins the run: no function, no API server left bound
    assert (list(local.functions), local.api_servers, local.runs) == ([], {}, {})


WEB_ACL_TYPES = {"aws_wafv2_web_acl", "aws_wafv2_web_acl_association", "aws_wafv2_web_acl_logging_configuration"}


@pytest.mark.parametrize("system", ["webhook-pipeline", "transaction-processor"])
def test_a_web_acl_is_counted_as_not_emulated_and_the_api_it_guards_still_serves(local, synthesized, system):
    model = StackModel.from_json(f"{system}-prod", synthesized[(system, "prod")])
    run = local.provision(model)
    assert WEB_ACL_TYPES <= set(run.not_emulated)
    # its log group and the key that encrypts it are declared like any other
    log_group = next(a for a in run.attributes.values() if str(a.get("name", "")).startswith("aws-waf-logs-"))
    assert log_group["arn"].endswith(f":log-group:{log_group['name']}")
    serve_apis(local.cloud, run)
    assert run.outputs()["api_endpoint"].startswith(next(iter(local.api_servers.values())).url)
