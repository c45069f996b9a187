"""Synthesize every registered system for each environment named in ENVIRONMENT_SUFFIX (default: dev).

    ENVIRONMENT_SUFFIX=pr-42 python main.py
    ENVIRONMENT_SUFFIX=dev,staging,prod python main.py   # one process, one App

Every suffix and setting is checked before the provider bindings load, so a
bad one fails in under a second and writes nothing. Other settings:
TF_STATE_BUCKET (+ TF_STATE_REGION, TF_STATE_KEY_PREFIX, TF_STATE_LOCK_TABLE),
ALARM_EMAILS, API_GATEWAY_ACCOUNT_OWNER (see README), and CDK_ENGINE (cdktf, the
default, or cdktn: see docs/engines.md).
"""

import os
import sys

from constructs_lib import cdk
from stacks.capacity import CapacityError, capacity_warnings
from stacks.environment import ConfigError, capacity_checks, configs_from_env
from stacks.registry import SYSTEMS


def main() -> int:
    try:
        cdk.engine()
        configs = configs_from_env(os.environ, SYSTEMS)
        warnings = capacity_warnings(capacity_checks(configs, SYSTEMS))
    except (cdk.EngineError, ConfigError, CapacityError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)

    app = cdk.App()  # the first heavy load (jsii + the engine's bindings): only after the checks
    for config in configs:
        for system in SYSTEMS:
            system.load_stack()(app, config)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
