"""Every IAM policy statement in every synthesized stack grants only what the wiring needs.

Rules (iam_policy_walk.py): no `*` action; in Allow
statements no `svc:*` or other wildcard action, no Not*; no `*` resource
except X-Ray's unscopable write actions; every other Allow resource is a
`${aws_<type>.<name>.arn}` reference to a resource of the same stack; trust
policies let only Lambda / API Gateway assume the role; no Allow to anyone;
a key policy names the account root or AWS services limited to this account
(aws:SourceAccount, or an encryption context naming this account's resources).
"""

import json

import pytest

from constructs_lib import cdk
from constructs_lib.cdk import TF_RESOURCE_TYPE
from stacks.environment import api_gateway_account_system, config_for
from stacks.profiles import profile_for
from stacks.registry import SYSTEMS, system_named
from tests.fixtures.synth import SYNTHESIZED_SUFFIXES
from tests.fixtures.tf_json import resources
from tests.unit.security.iam_policy_walk import find_policies, statement_problems

# Counted from each stack's wiring, not from the JSON:
STATEMENTS_PER_STACK = {
    # trust policies: one per role, 2 Lambda roles                               2
    # validator inline: logs, xray, claim-dedup, invoke-router, read-secret      5
    # router inline: logs, xray, send-routed, send-router-failures              4
    # TLS-only deny: 3 queues + 3 DLQs + router failure queue                  7
    "webhook-pipeline": 2 + 5 + 4 + 7,
    # trust: 1 Lambda role                                                        1
    # data-processor inline: logs, xray, decrypt-environment, write-alerts
    #   (+ key), publish (+ key), send-dlq, consume-queue                        9
    # TLS-only deny: queue + DLQ                                                 2
    # topic policy: TLS-only deny + only-granted-publishers deny                 2
    # key policy: account root administration                                   1
    "market-data-processor": 1 + 9 + 2 + 2 + 1,
    # trust: 3 Lambda roles                                                      3
    # transaction-api: logs, xray, read-transactions, read-upload-results,
    #   put-upload-results, put-uploads (each of the last four + its key)      2 + 8
    # csv-validation: logs, xray, read-uploads, put-transactions,
    #   update-upload-results (each + key), send-csv-validation-failures       2 + 6 + 1
    # anomaly-detection: logs, xray, read-transactions, update-transactions,
    #   publish-anomalies (each + key), stream-read (stream, ListStreams, key),
    #   send-anomaly-detection-failures                                        2 + 6 + 3 + 1
    # TLS-only deny: 2 failure queues, the bucket                                3
    # topic policy: TLS-only deny + only-granted-publishers deny                 2
    # key policy: account root administration                                   1
    "transaction-processor": 3 + 10 + 9 + 12 + 3 + 2 + 1,
}
# Where the profile puts a web ACL in front of a system's API, its log key's
# policy: account root administration, CloudWatch Logs for the WAF log group.
WEB_ACL_KEY_STATEMENTS = 2
# Each API route's invoke permission: METHOD/path, path parameters as `*`.
INVOKED_ROUTES = {
    "webhook-pipeline": {"/*/POST/webhook"},
    "transaction-processor": {"/*/POST/upload", "/*/GET/status/*", "/*/GET/uploads/*"},
    "market-data-processor": set(),  # no API: the queue invokes it through an event source mapping
}
STACKS = [(system.name, suffix) for system in SYSTEMS for suffix in SYNTHESIZED_SUFFIXES]
# The opt-in API Gateway CloudWatch role adds its trust statement.
ACCOUNT_ROLE_STATEMENTS = 1

# Policies this walker cannot read. AmazonAPIGatewayPushToCloudWatchLogs is
# AWS's policy for API Gateway's account-wide logging role (logs:* writes on
# every log group API Gateway creates, for every API in the account): it
# cannot be scoped to one stack, and only the environment named in
# API_GATEWAY_ACCOUNT_OWNER attaches it.
ALLOWED_MANAGED_POLICIES = {"arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"}

# Each resource type whose policy attribute holds a document, checked against
# the walker so a document it overlooked shows up here.
POLICY_ATTRIBUTE_BY_TYPE = {
    TF_RESOURCE_TYPE.IamRole: "assume_role_policy",
    TF_RESOURCE_TYPE.IamRolePolicy: "policy",
    TF_RESOURCE_TYPE.IamPolicy: "policy",
    TF_RESOURCE_TYPE.SqsQueuePolicy: "policy",
}


@pytest.fixture(scope="module", params=STACKS, ids=lambda s: f"{s[0]}-{s[1]}")
def system_stack(request, synthesized) -> tuple[str, str, dict]:
    system, suffix = request.param
    return system, suffix, json.loads(synthesized[request.param])


@pytest.fixture(scope="module")
def stack(system_stack) -> dict:
    return system_stack[2]


def expected_statements(system: str, suffix: str) -> int:
    guarded = system_named(system).api is not None and profile_for(suffix).web_acl is not None
    return STATEMENTS_PER_STACK[system] + (WEB_ACL_KEY_STATEMENTS if guarded else 0)


@pytest.fixture(scope="module")
def owner_environment() -> dict[str, dict]:
    """Every system in dev as the API_GATEWAY_ACCOUNT_OWNER, by system name."""
    app = cdk.Testing.app()
    config = config_for("dev", api_gateway_account_system=api_gateway_account_system(SYSTEMS))
    stacks = {system.name: system.load_stack()(app, config) for system in SYSTEMS}
    return {name: json.loads(cdk.Testing.synth(stack)) for name, stack in stacks.items()}


@pytest.fixture(scope="module")
def account_owner_stack(owner_environment) -> dict:
    """The one stack of the owner environment with API Gateway's CloudWatch role."""
    return owner_environment[api_gateway_account_system(SYSTEMS)]


def all_problems(tf: dict) -> list[str]:
    documents, _ = find_policies(tf)
    return [
        f"{document.address} {document.attribute} statement {index}: {problem}"
        for document in documents
        for index, statement in enumerate(document.statements)
        for problem in statement_problems(tf, document, statement)
    ]


def statement_count(tf: dict) -> int:
    documents, _ = find_policies(tf)
    return sum(len(document.statements) for document in documents)


def managed_policy_arns(tf: dict) -> set[str]:
    attached = {a["policy_arn"] for a in resources(tf, TF_RESOURCE_TYPE.IamRolePolicyAttachment)}
    for role in resources(tf, TF_RESOURCE_TYPE.IamRole):
        attached |= set(role.get("managed_policy_arns", []))
    return attached


# --- Every stack ------------------------------------------------------------


def test_every_policy_attribute_is_readable_json(stack):
    _, unreadable = find_policies(stack)
    assert unreadable == []


def test_every_statement_is_least_privilege(stack):
    assert all_problems(stack) == []


def test_statement_count_matches_the_wiring(system_stack):
    system, suffix, stack = system_stack
    assert statement_count(stack) == expected_statements(system, suffix)


def test_walker_finds_the_document_of_every_policy_resource(stack):
    expected = {
        (f"{resource_type}.{name}", attribute)
        for resource_type, attribute in POLICY_ATTRIBUTE_BY_TYPE.items()
        for name in stack.get("resource", {}).get(resource_type, {})
    }
    documents, _ = find_policies(stack)
    found = {(d.address, d.attribute) for d in documents}
    assert expected <= found, expected - found


def test_no_managed_policy_is_attached(stack):
    assert managed_policy_arns(stack) == set()


def test_lambda_permissions_are_limited_to_a_source_in_this_stack(system_stack):
    system, _, stack = system_stack
    permissions = resources(stack, TF_RESOURCE_TYPE.LambdaPermission)
    invoked = set()
    for permission in permissions:
        source = permission.get("source_arn", "")
        ref, _, path = source.removeprefix("${").partition("}")
        resource_type, _, rest = ref.partition(".")
        name = rest.partition(".")[0]
        assert name in stack["resource"].get(resource_type, {}), source
        if resource_type == "aws_api_gateway_rest_api":
            invoked.add(path)
    assert invoked == INVOKED_ROUTES[system]


# --- The stack that owns API Gateway's account setting ------------------------


def test_account_owner_stack_is_least_privilege(account_owner_stack):
    assert all_problems(account_owner_stack) == []
    owner = api_gateway_account_system(SYSTEMS)
    assert statement_count(account_owner_stack) == STATEMENTS_PER_STACK[owner] + ACCOUNT_ROLE_STATEMENTS


def test_exactly_one_stack_of_the_owner_environment_sets_the_account_role(owner_environment):
    owning = [name for name, tf in owner_environment.items() if resources(tf, "aws_api_gateway_account")]
    assert owning == [api_gateway_account_system(SYSTEMS)]


def test_account_owner_stack_attaches_only_the_allowed_managed_policy(account_owner_stack):
    assert managed_policy_arns(account_owner_stack) == ALLOWED_MANAGED_POLICIES


# --- The rules bite -------------------------------------------------------------

ROOT = "arn:aws:iam::${data.aws_caller_identity.account.account_id}:root"


def key_policy_problems(statement: dict) -> list[str]:
    tf = {"resource": {"aws_kms_key": {"k": {"policy": json.dumps({"Statement": [statement]})}}}}
    return all_problems(tf)


def test_the_account_root_may_administer_a_key():
    assert key_policy_problems({"Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "kms:*", "Resource": "*",
          "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}, "service-wide action 'kms:*'"),
        ({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": ["kms:Decrypt"], "Resource": "*"},
         "not limited to this account"),
        ({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "kms:*", "Resource": "*"},
         "service-wide action 'kms:*'"),
        ({"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt"], "Resource": "*"}, "only the account root or AWS services"),
    ],
)
def test_a_key_policy_grants_kms_star_to_nobody_but_the_account_root(statement, expected):
    problems = key_policy_problems(statement)
    assert any(expected in p for p in problems), problems


LOG_GROUP = "arn:aws:logs:us-east-1:${data.aws_caller_identity.account.account_id}:log-group:aws-waf-logs-api"


def logs_use(*log_groups: str) -> dict:
    return {"Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": ["kms:GenerateDataKey"],
            "Resource": "*", "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": list(log_groups)}}}


def test_a_service_may_use_a_key_for_named_resources_of_this_account():
    assert key_policy_problems(logs_use(LOG_GROUP)) == []


@pytest.mark.parametrize(
    "log_group",
    [
        "arn:aws:logs:us-east-1:999999999999:log-group:aws-waf-logs-api",  # another account's
        "arn:aws:logs:us-east-1:${data.aws_caller_identity.account.account_id}:log-group:*",  # any of ours
        "arn:aws:logs:us-east-1:*:log-group:aws-waf-logs-api",
    ],
)
def test_an_encryption_context_limits_a_service_only_to_named_resources_of_this_account(log_group):
    problems = key_policy_problems(logs_use(LOG_GROUP, log_group))
    assert any("not limited to this account" in p for p in problems), problems


def test_a_key_prefix_is_allowed_on_bucket_objects_only():
    bucket = "${aws_s3_bucket.b.arn}/uploads/*"
    tf = {"resource": {"aws_s3_bucket": {"b": {}}, "aws_iam_role_policy": {"p": {"policy": json.dumps(
        {"Statement": [allow_statement(["s3:PutObject"], [bucket])]})}}}}
    assert all_problems(tf) == []
    assert any("only a bucket's objects" in p for p in problems_of(allow_statement(["dynamodb:GetItem"], [f"${{{TABLE}.arn}}/x*"])))

TABLE = "aws_dynamodb_table.table"
FAKE_STACK = {"resource": {"aws_dynamodb_table": {"table": {}}}}


def problems_of(statement: dict, attribute: str = "policy") -> list[str]:
    tf = {
        "resource": {
            **FAKE_STACK["resource"],
            "aws_iam_role_policy": {"p": {attribute: json.dumps({"Statement": [statement]})}},
        }
    }
    return all_problems(tf)


def allow_statement(actions, resources_) -> dict:
    return {"Effect": "Allow", "Action": actions, "Resource": resources_}


def test_a_scoped_statement_passes():
    assert problems_of(allow_statement(["dynamodb:PutItem"], [f"${{{TABLE}.arn}}"])) == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (allow_statement("*", f"${{{TABLE}.arn}}"), "Action '*'"),
        (allow_statement(["dynamodb:*"], [f"${{{TABLE}.arn}}"]), "service-wide action"),
        (allow_statement(["dynamodb:Get*"], [f"${{{TABLE}.arn}}"]), "not one named action"),
        (allow_statement(["dynamodb:PutItem"], ["*"]), "Resource '*' for ['dynamodb:PutItem']"),
        (allow_statement(["dynamodb:PutItem"], ["${aws_dynamodb_table.elsewhere.arn}"]), "not in this stack"),
        (allow_statement(["dynamodb:PutItem"], ["arn:aws:dynamodb:us-east-1:1:table/t"]), "not a reference"),
        (allow_statement(["dynamodb:PutItem"], [f"${{{TABLE}.arn}}/*"]), "only a bucket's objects"),
        ({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}, "NotAction"),
        ({**allow_statement(["sqs:SendMessage"], [f"${{{TABLE}.arn}}"]), "Principal": "*"}, "Principal '*'"),
        ({"Effect": "Deny", "Action": "*", "Resource": "*"}, "Action '*'"),
    ],
)
def test_a_broad_statement_fails(statement, expected):
    problems = problems_of(statement)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("principal", "action"),
    [
        ({"Service": "ec2.amazonaws.com"}, "sts:AssumeRole"),
        ({"AWS": "*"}, "sts:AssumeRole"),
        ({"Service": "lambda.amazonaws.com"}, "sts:*"),
    ],
)
def test_a_broad_trust_statement_fails(principal, action):
    statement = {"Effect": "Allow", "Principal": principal, "Action": action}
    assert problems_of(statement, attribute="assume_role_policy") != []


def test_a_policy_the_walker_cannot_read_is_reported():
    tf = {"resource": {"aws_iam_role_policy": {"p": {"policy": "${data.aws_iam_policy_document.x.json}"}}}}
    _, unreadable = find_policies(tf)
    assert [u.address for u in unreadable] == ["aws_iam_role_policy.p"]
