"""Review a synthesized cdktf stack (cdk.tf.json) without AWS: summaries and diffs.

Pure standard library, so it runs in CI before anything else is installed:

    python3 -m tools plan-review summary cdktf.out/stacks/webhook-pipeline-dev/cdk.tf.json
    python3 -m tools plan-review diff old/cdk.tf.json new/cdk.tf.json
"""
