"""Start and stop a local run of synthesized stacks: moto, the functions, their triggers, the APIs.

    local = LocalAws()
    outputs = local.start({"webhook-pipeline-dev": cdk_tf_json_text, ...})
    ...
    local.stop()

`start` sets the process's environment for the handlers (endpoints,
fake credentials, region): a local run owns its process.
"""

import logging
import os
import threading
import time
from collections.abc import Mapping
from typing import Any

from tools.local_run.constants import FAKE_CREDENTIALS
from tools.local_run.emulator import Clients, MotoEmulator
from tools.local_run.lambda_.async_invoke import AsyncInvoker
from tools.local_run.lambda_.endpoint import LambdaEndpoint
from tools.local_run.lambda_.functions import Functions
from tools.local_run.outputs import CLEARED
from tools.local_run.apigateway.server import ApiServer
from tools.local_run.provision import plan
from tools.local_run.provision.api import serve_apis
from tools.local_run.provision.stack_run import Cloud, StackRun, Wiring
from tools.local_run.tf_model import StackModel
from tools.local_run.triggers.s3_notifications import POLL_SECONDS, BucketWatcher, NotificationTarget
from tools.local_run.triggers.sqs_source import SqsMapping
from tools.local_run.triggers.stream_source import StreamMapping

logger = logging.getLogger("local_run")
IDLE_POLL_SECONDS = 0.2


class LocalAws:
    def __init__(self) -> None:
        self.emulator = MotoEmulator()
        self.functions = Functions()
        self.mappings: list[SqsMapping | StreamMapping] = []
        self.notifications: list[NotificationTarget] = []
        self.api_servers: dict[str, ApiServer] = {}  # rest API id -> its server
        self.generated_secrets: dict[str, str] = {}  # secret name -> ARN, for secrets the stacks leave empty
        self.runs: dict[str, StackRun] = {}
        self.client_env: dict[str, str] = {}
        self.startup_seconds = 0.0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self, stacks: Mapping[str, str]) -> dict[str, dict[str, Any]]:
        """Create every stack (stack id -> cdk.tf.json text); each stack's outputs."""
        started = time.monotonic()
        models = [StackModel.from_json(stack_id, text) for stack_id, text in stacks.items()]
        regions = {model.region for model in models}
        if len(regions) != 1:
            raise NotImplementedError(f"the stacks name regions {sorted(regions)}: a local run has one")
        region = regions.pop()
        self.emulator.start()
        self.clients = Clients(self.emulator.endpoint, region)
        self.invoker = AsyncInvoker(self.functions, self.clients)
        self.lambda_endpoint = LambdaEndpoint(self.functions, self.invoker)
        self.client_env = {
            "AWS_ENDPOINT_URL": self.emulator.endpoint, "AWS_ENDPOINT_URL_LAMBDA": self.lambda_endpoint.url,
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region, **FAKE_CREDENTIALS,
        }
        for name in CLEARED:
            os.environ.pop(name, None)
        os.environ.update(self.client_env)  # what every handler's boto3 client reads
        for model in models:
            self.provision(model)
        for run in self.runs.values():
            serve_apis(self.cloud, run)
        self.lambda_endpoint.start()
        self.invoker.start()
        if self.notifications:
            watcher = BucketWatcher(self.notifications, self.clients, region, self.invoker.submit)
            watcher.start()
            self._poll("s3-notifications", watcher.poll_once, POLL_SECONDS)
        for mapping in self.mappings:
            if hasattr(mapping, "start"):
                mapping.start(self.clients)
            self._poll(f"mapping-{mapping.function.name}", lambda m=mapping: m.poll_once(self.clients, region),
                       IDLE_POLL_SECONDS)
        self.startup_seconds = time.monotonic() - started
        return {stack_id: run.outputs() for stack_id, run in self.runs.items()}

    @property
    def cloud(self) -> Cloud:
        """What the creators may use: the local AWS's clients, and every function (an API invokes them)."""
        return Cloud(self.clients, self.functions)

    def provision(self, model: StackModel) -> StackRun:
        """Create one stack on the local AWS and take on what its creators made for the run to play."""
        run = self.runs[model.stack_id] = plan.provision(self.cloud, model)
        self._add(run.wiring)
        return run

    def _add(self, wiring: Wiring) -> None:
        for function in wiring.functions:
            self.functions.add(function)
        for function_name, config in wiring.async_configs.items():
            self.invoker.configure(function_name, config)
        self.mappings += wiring.mappings
        self.notifications += wiring.notifications
        self.api_servers.update(wiring.apis)
        self.generated_secrets.update(wiring.generated_secrets)

    def _poll(self, name: str, poll_once, idle_seconds: float) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    worked = poll_once()
                except Exception:  # noqa: BLE001 - a poller must outlive one bad turn; say why
                    logger.exception("%s: poll failed", name)
                    worked = False
                if not worked:
                    self._stop.wait(idle_seconds)

        thread = threading.Thread(target=loop, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        for server in self.api_servers.values():
            server.stop()
        if hasattr(self, "invoker"):
            self.lambda_endpoint.stop()
            self.invoker.stop()
        self.emulator.stop()
