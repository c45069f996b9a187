"""The plan review: exact summaries and diffs of small hand-written stacks."""

import json
import subprocess
import sys
from pathlib import Path

from tests.unit.tools.plan_review.review_stacks import base_stack, pull_request_stack
from tools.paths import REPO_ROOT
from tools.plan_review.attribute_paths import flatten, is_sensitive
from tools.plan_review.diff_markdown import render_diff
from tools.plan_review.markdown_text import code, value_text
from tools.plan_review.stack_diff import diff_stacks
from tools.plan_review.stack_summary import render_summary


BASE_SUMMARY = """\
## Stack `demo-dev`

- Backend: local (path=demo.tfstate)
- Provider aws: region us-east-1; default tags Environment=dev

### Resources: 5 in 4 types

| type | count |
| --- | ---: |
| `aws_cloudwatch_log_group` | 1 |
| `aws_lambda_function` | 1 |
| `aws_sns_topic` | 1 |
| `aws_sqs_queue` | 2 |

#### `aws_cloudwatch_log_group` (1)
- `/old/logs`: retention 7 days

#### `aws_lambda_function` (1)
- `router-dev`: runtime python3.11, arch arm64, memory 256 MB, timeout 60 s, reserved concurrency unreserved, tracing Active

#### `aws_sns_topic` (1)
- `alarms-dev`: KMS key none

#### `aws_sqs_queue` (2)
- `jobs-dev`: retention 604800 s (7 days), visibility 300 s, SSE (SQS-managed) on, redrive to jobs-dlq-dev, max receives 3
- `jobs-dlq-dev`: retention 1209600 s (14 days), visibility 30 s, SSE (SQS-managed) AWS default

### Outputs

- `jobs_url` = `${aws_sqs_queue.jobs_1.url}`
"""

PULL_REQUEST_DIFF = """\
### Synthesized changes: `demo-dev`

1 added, 1 removed, 2 changed, 0 moved, 1 replaced; 1 unchanged.

> **Warning:** stateful resources are destroyed (their data with them): `aws_cloudwatch_log_group.old_logs_1`, `aws_sns_topic.alarms_1`

#### Added
- `aws_dynamodb_table.events_1` (`events-dev`)

#### Removed
- `aws_cloudwatch_log_group.old_logs_1` (`/old/logs`)

#### Changed
- `aws_lambda_function.router_fn_1` (`router-dev`)
  - `environment.variables.API_TOKEN`: (sensitive value hidden)
  - `memory_size`: `256` -> `512`
  - `reserved_concurrent_executions`: (absent) -> `10`
- `aws_sqs_queue.jobs_1` (`jobs-dev`)
  - `redrive_policy.maxReceiveCount`: `3` -> `5`

#### Replaced (same AWS name at a new address and no `moved` block: Terraform destroys and recreates them)
- `aws_sns_topic.alarms_1` -> `aws_sns_topic.alarms_2` (`alarms-dev`)

#### Stack settings (backend, providers, outputs)
- `terraform.backend.local.path`: `demo.tfstate` -> (absent)
- `terraform.backend.s3.bucket`: (absent) -> `state-bucket`
- `terraform.backend.s3.key`: (absent) -> `demo-dev.tfstate`
"""


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tools", "plan-review", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(path: Path, tf: dict) -> Path:
    path.write_text(json.dumps(tf))
    return path


def test_summary_lists_resources_by_type_with_key_settings_backend_and_outputs():
    assert render_summary(base_stack()) == BASE_SUMMARY


def test_diff_reports_added_removed_changed_moved_and_backend_by_address():
    assert render_diff(diff_stacks(base_stack(), pull_request_stack())) == PULL_REQUEST_DIFF


def test_diff_of_identical_stacks_says_no_changes():
    report = render_diff(diff_stacks(base_stack(), base_stack()))
    assert report == "### Synthesized changes: `demo-dev`\n\nNo changes (5 resources unchanged).\n"


def test_diff_never_prints_a_secret_value():
    report = render_diff(diff_stacks(base_stack(), pull_request_stack()))
    assert "token-value" not in report
    assert "(sensitive value hidden)" in report


def test_cli_summary_and_diff_print_the_same_markdown(tmp_path):
    # GIVEN the two stacks as cdk.tf.json files
    old = write(tmp_path / "old.json", base_stack())
    new = write(tmp_path / "new.json", pull_request_stack())
    # WHEN the entry point runs each subcommand
    summary = run_cli("summary", str(old))
    diff = run_cli("diff", str(old), str(new))
    # THEN it prints exactly what the library renders
    assert (summary.returncode, summary.stdout, summary.stderr) == (0, BASE_SUMMARY, "")
    assert (diff.returncode, diff.stdout, diff.stderr) == (0, PULL_REQUEST_DIFF, "")


def test_cli_diff_against_a_missing_base_shows_everything_added(tmp_path):
    new = write(tmp_path / "new.json", pull_request_stack())
    result = run_cli("diff", str(tmp_path / "absent.json"), str(new))
    assert result.returncode == 0
    assert "5 added, 0 removed, 0 changed, 0 moved, 0 replaced; 0 unchanged." in result.stdout


def test_a_moved_block_turns_a_replacement_into_a_move():
    # GIVEN the pull request declares the topic's new address with a `moved` block
    moved = pull_request_stack()
    moved["moved"] = [{"from": "aws_sns_topic.alarms_1", "to": "aws_sns_topic.alarms_2"}]
    # WHEN it is diffed
    report = render_diff(diff_stacks(base_stack(), moved))
    # THEN the topic is moved in place, not replaced, and only the removed log group is a loss
    assert "1 added, 1 removed, 2 changed, 1 moved, 0 replaced; 1 unchanged." in report
    assert "#### Moved (by a `moved` block: Terraform updates them in place)\n- `aws_sns_topic.alarms_1` -> `aws_sns_topic.alarms_2` (`alarms-dev`)" in report
    assert "destroyed (their data with them): `aws_cloudwatch_log_group.old_logs_1`\n" in report
    assert "Replaced" not in report


def test_a_moved_block_whose_target_is_missing_moves_nothing():
    moved = pull_request_stack()
    moved["moved"] = [{"from": "aws_sns_topic.alarms_1", "to": "aws_sns_topic.elsewhere"}]
    report = render_diff(diff_stacks(base_stack(), moved))
    assert "0 moved, 1 replaced" in report


def test_cli_without_a_subcommand_fails_with_usage():
    result = run_cli()
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_flatten_opens_json_strings_and_quotes_odd_keys():
    leaves = flatten({"policy": '{"Statement": [{"Action": ["s3:Get"]}]}', "tags": {"aws:x": 1}})
    assert leaves == {"policy.Statement[0].Action": ["s3:Get"], 'tags["aws:x"]': 1}


def test_sensitive_names_are_recognised_but_arns_of_secrets_are_not():
    assert is_sensitive("environment.variables.API_TOKEN") is True
    assert is_sensitive("secret_string") is True
    assert is_sensitive("master_password") is True
    assert is_sensitive("environment.variables.WEBHOOK_SECRET_ARN") is False
    assert is_sensitive("name") is False


def test_code_spans_survive_backticks_and_long_values_are_cut():
    assert code("a`b") == "``a`b``"
    assert code("plain") == "`plain`"
    assert value_text("x" * 200) == "x" * 157 + "..."
    assert value_text({"b": 1, "a": [True]}) == '{"a": [true], "b": 1}'


def test_summary_shows_event_source_mapping_key_and_metric_math_settings():
    tf = {
        "resource": {
            "aws_sqs_queue": {"q": {"name": "ticks-dev"}},
            "aws_lambda_event_source_mapping": {
                "m": {
                    "event_source_arn": "${aws_sqs_queue.q.arn}",
                    "batch_size": 25,
                    "maximum_batching_window_in_seconds": 1,
                    "function_response_types": ["ReportBatchItemFailures"],
                    "scaling_config": {"maximum_concurrency": 5},
                }
            },
            "aws_kms_key": {"k": {"description": "orders key", "enable_key_rotation": True, "deletion_window_in_days": 7}},
            "aws_cloudwatch_metric_alarm": {
                "a": {
                    "alarm_name": "fn-error-rate",
                    "threshold": 1,
                    "metric_query": [{"id": "errors", "metric": {}}, {"id": "rate", "expression": "100 * errors / invocations"}],
                }
            },
        }
    }
    summary = render_summary(tf)
    assert "- `m`: source ticks-dev, batch 25, window 1 s, responses ReportBatchItemFailures, max concurrency 5" in summary
    assert "- `orders key`: rotation on, deletion window 7 days" in summary
    assert "- `fn-error-rate`: math 100 * errors / invocations, threshold 1" in summary
