"""Synthesize one stack per environment named in ENVIRONMENT_SUFFIX (default: dev).

    ENVIRONMENT_SUFFIX=pr-42 python main.py
    ENVIRONMENT_SUFFIX=dev,staging,prod python main.py   # one process, one App

Every suffix is checked before the provider bindings load, so a bad one fails
in under a second and writes nothing.
"""

import os
import sys

from stacks.config import ConfigError, configs_from_env


def main() -> int:
    try:
        configs = configs_from_env(os.environ.get("ENVIRONMENT_SUFFIX"))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    from cdktf import App  # noqa: PLC0415 - heavy (jsii + provider): only after the checks

    from stacks.webhook_pipeline import WebhookPipelineStack  # noqa: PLC0415

    app = App()
    for config in configs:
        WebhookPipelineStack(app, config)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
