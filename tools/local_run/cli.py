"""Run the synthesized stacks locally: moto on 127.0.0.1, the Lambda handlers in-process, wired as the stacks say.

    pipenv run python -m tools local-run                        # synthesizes dev, runs every system
    source .local-run/env                                       # in another shell: endpoints, fake credentials
    pipenv run python -m tools smoke market-data-processor      # every smoke command and
    pipenv run pytest tests/integration                         # the integration tests run unchanged

Creates what each stack's cdk.tf.json declares (tables, queues, buckets,
topics, secrets, functions with their environment, REST APIs with keys),
runs each function from functions/<name>/ when the stack's triggers fire,
writes the outputs file the smoke and integration tests read
(<state-dir>/outputs.json, with a `local_run` entry) and a shell file of
the environment to talk to it (<state-dir>/env), prints the endpoints, a
sample request per system and the start-up time, and runs until Ctrl-C or
SIGTERM (then removes both files). Not emulated: see README, "Local run".
Exits 2 when a stack cannot be run locally (and says why).
"""

import argparse
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from stacks import registry
from tools import options
from tools.local_run.outputs import is_alive, read_marker, write_env_file, write_outputs
from tools.paths import REPO_ROOT

STARTED = time.monotonic()  # moto's and boto3's imports come later, and count in the start-up time
DEFAULT_STATE_DIR = REPO_ROOT / ".local-run"
READY = "local run ready"  # the line a supervising process waits for


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    add = parser.add_argument
    options.add_suffix(parser)
    add("--stacks-dir", type=Path,
        help="a cdktf output directory (<dir>/stacks/<stack>/cdk.tf.json); default: synthesize")
    add("--system", action="append", choices=[s.name for s in registry.SYSTEMS],
        help="run only this system (repeatable)")
    add("--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="where outputs.json and env go (default: .local-run)")
    add("--quiet", action="store_true", help="log only warnings (handler logs included)")


def synthesize(suffix: str, outdir: Path) -> None:
    env = {**os.environ, "ENVIRONMENT_SUFFIX": suffix, "CDKTF_OUTDIR": str(outdir)}
    subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=REPO_ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def stack_texts(stacks_dir: Path, suffix: str, systems: Sequence[str] | None) -> dict[str, str]:
    """stack id -> cdk.tf.json text, for each registered system (or those asked for) found in the directory."""
    found = {}
    for system in registry.SYSTEMS:
        if systems and system.name not in systems:
            continue
        stack_id = system.stack_id(suffix)
        for path in (stacks_dir / "stacks" / stack_id / "cdk.tf.json", stacks_dir / stack_id / "cdk.tf.json"):
            if path.is_file():
                found[stack_id] = path.read_text()
                break
    if not found:
        raise ValueError(f"no cdk.tf.json of a {suffix} stack under {stacks_dir}")
    return found


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    outputs_path, env_path = args.state_dir / "outputs.json", args.state_dir / "env"
    marker = read_marker(outputs_path)
    if marker and is_alive(marker):
        print(f"error: a local run (pid {marker.get('pid')}) is already using {args.state_dir}", file=sys.stderr)
        return 2
    if outputs_path.exists() and marker is None:
        print(f"error: {outputs_path} is not a local run's (a deployed stack's outputs?): "
              "it is neither overwritten nor removed; choose another --state-dir", file=sys.stderr)
        return 2
    synthesis_seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="local-run-synth-") as scratch:
        stacks_dir = args.stacks_dir
        if stacks_dir is None:
            began = time.monotonic()
            synthesize(args.suffix, Path(scratch))
            synthesis_seconds = time.monotonic() - began
            print(f"synthesized {args.suffix} in {synthesis_seconds:.1f} s", flush=True)
            stacks_dir = Path(scratch)
        try:
            stacks = stack_texts(stacks_dir, args.suffix, args.system)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2

    from tools.local_run.run import LocalAws  # noqa: PLC0415 - moto and boto3: after the arguments are checked
    from tools.local_run.samples import sample_lines  # noqa: PLC0415

    local = LocalAws()
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        try:
            outputs = local.start(stacks)
        except (NotImplementedError, LookupError, RuntimeError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        env = {**local.client_env, "OUTPUTS_FILE": str(outputs_path.resolve()), "ENVIRONMENT_SUFFIX": args.suffix}
        write_outputs(outputs_path, outputs, env)
        write_env_file(env_path, env)
        systems = {system.stack_id(args.suffix): system for system in registry.SYSTEMS}
        print(f"AWS endpoint (moto): {local.client_env['AWS_ENDPOINT_URL']}\n"
              f"Lambda endpoint: {local.client_env['AWS_ENDPOINT_URL_LAMBDA']}", flush=True)
        for stack_id, stack_outputs in outputs.items():
            print(f"\n{stack_id}:", *(f"  {name} = {value}" for name, value in sorted(stack_outputs.items())), sep="\n")
            print(*sample_lines(local, stack_id, systems[stack_id], stack_outputs), sep="\n")
        since = time.monotonic() - STARTED - synthesis_seconds
        print(f"\noutputs: {outputs_path}\nenvironment: source {env_path}\n"
              f"{READY} in {local.startup_seconds:.2f} s ({since:.2f} s after the command started, "
              f"imports included{', synthesis not' if synthesis_seconds else ''}; Ctrl-C to stop)", flush=True)
        stopping.wait()
    finally:
        local.stop()
        if (read_marker(outputs_path) or {}).get("pid") == os.getpid():
            outputs_path.unlink(missing_ok=True)
            env_path.unlink(missing_ok=True)
    return 0

