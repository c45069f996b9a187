"""Synthesize one stack per environment named in ENVIRONMENT_SUFFIX (default: dev).

    ENVIRONMENT_SUFFIX=pr-42 python main.py
    ENVIRONMENT_SUFFIX=dev,staging,prod python main.py   # one process, one App

Every suffix and setting is checked before the provider bindings load, so a
bad one fails in under a second and writes nothing. Other settings:
TF_STATE_BUCKET (+ TF_STATE_REGION, TF_STATE_KEY_PREFIX, TF_STATE_LOCK_TABLE),
ALARM_EMAILS, API_GATEWAY_ACCOUNT_OWNER (see README).
"""

import os
import sys

from stacks.config import ConfigError, capacity_warnings, configs_from_env


def main() -> int:
    try:
        configs = configs_from_env(os.environ)
        warnings = capacity_warnings(configs)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)

    from cdktf import App  # noqa: PLC0415 - heavy (jsii + provider): only after the checks

    from stacks.webhook_pipeline import WebhookPipelineStack  # noqa: PLC0415

    app = App()
    for config in configs:
        WebhookPipelineStack(app, config)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
