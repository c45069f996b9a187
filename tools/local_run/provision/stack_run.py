"""What provisioning one stack makes: the attributes Terraform would know, and the wiring the local run plays.

A creator (data.py, compute.py, api.py) is called with the `Cloud` (the
local AWS's clients, the run's functions), the stack's `StackRun` so far,
the resource and its settings with every reference resolved. It creates the
resource on moto, or records in `run.wiring` the part of the local run that
plays it (a function, an async config, a mapping, a notification, an API's
server), and returns the attributes references to it resolve to. LocalAws
(run.py) adds each stack's wiring once the stack is provisioned.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tools.local_run.apigateway.server import ApiServer
from tools.local_run.lambda_.async_invoke import AsyncConfig
from tools.local_run.lambda_.functions import Functions
from tools.local_run.tf_model import Resource, StackModel, resolve
from tools.local_run.triggers.s3_notifications import NotificationTarget
from tools.local_run.triggers.sqs_source import SqsMapping
from tools.local_run.triggers.stream_source import StreamMapping


@dataclass(frozen=True)
class Cloud:
    """What a creator may use of the local run."""

    clients: Callable[[str], Any]  # a boto3 client of the local AWS, by service
    functions: Functions  # every function of the run: what an API's routes invoke once it serves


@dataclass
class Wiring:
    """What a stack's creators made for the local run to play, besides the resources on moto."""

    functions: Functions = field(default_factory=Functions)  # its Lambda functions, run in-process
    async_configs: dict[str, AsyncConfig] = field(default_factory=dict)  # function name -> its async invoke config
    mappings: list[SqsMapping | StreamMapping] = field(default_factory=list)  # event source mappings
    notifications: list[NotificationTarget] = field(default_factory=list)  # S3 notifications to functions
    apis: dict[str, ApiServer] = field(default_factory=dict)  # rest API id -> its server (bound, not serving)
    generated_secrets: dict[str, str] = field(default_factory=dict)  # secret name -> ARN, given a value here


@dataclass
class StackRun:
    """What was created for one stack: attributes and resolved settings by address, and its wiring."""

    model: StackModel
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    not_emulated: Counter = field(default_factory=Counter)
    wiring: Wiring = field(default_factory=Wiring)

    @property
    def region(self) -> str:
        return self.model.region

    def outputs(self) -> dict[str, Any]:
        return resolve(self.model.outputs, self.attributes)


Creator = Callable[[Cloud, StackRun, Resource, dict[str, Any]], dict[str, Any]]
