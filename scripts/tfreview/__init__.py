"""Review a synthesized cdktf stack (cdk.tf.json) without AWS: summaries and diffs.

Pure standard library, so it runs in CI before anything else is installed:

    python scripts/plan_review.py summary cdktf.out/stacks/webhook-pipeline-dev/cdk.tf.json
    python scripts/plan_review.py diff old/cdk.tf.json new/cdk.tf.json
"""
