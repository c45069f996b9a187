"""Review a synthesized stack without AWS: a summary, or a diff for a pull request.

    python3 -m tools plan-review summary cdktf.out/stacks/webhook-pipeline-dev/cdk.tf.json
    python3 -m tools plan-review diff base/cdk.tf.json cdktf.out/stacks/webhook-pipeline-dev/cdk.tf.json

Both print Markdown on stdout. Standard library only (the pull-request workflow runs it with the system Python).
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.plan_review.diff_markdown import render_diff
from tools.plan_review.stack_diff import diff_stacks
from tools.plan_review.stack_json import load_stack
from tools.plan_review.stack_summary import render_summary


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    commands = parser.add_subparsers(dest="review", metavar="REVIEW", required=True)
    summary = commands.add_parser("summary", help="resources, key settings, backend and outputs")
    summary.add_argument("stack", type=Path, help="a cdk.tf.json")
    diff = commands.add_parser("diff", help="added/removed/changed resources, as Markdown")
    diff.add_argument("old", type=Path, help="the base branch's cdk.tf.json (missing: all added)")
    diff.add_argument("new", type=Path, help="this branch's cdk.tf.json")


def run(args: argparse.Namespace) -> int:
    if args.review == "summary":
        sys.stdout.write(render_summary(load_stack(args.stack)))
        return 0
    old = load_stack(args.old) if args.old.exists() else {}
    sys.stdout.write(render_diff(diff_stacks(old, load_stack(args.new))))
    return 0
