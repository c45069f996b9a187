"""How close is a full synth to the cost of merely loading the AWS provider bindings, on each engine?

    pipenv run python -m tools bench synth               # both engines: floor vs. one suffix vs. every profile
    pipenv run python -m tools bench synth --with-tests  # and the whole test suite on each

Each measurement is a fresh process, run --runs times (default 3, interleaved);
the median is printed, with its ratio to the cdktf floor. For each engine
(CDK_ENGINE: cdktf, the default, then cdktn; rows of cdktn are named so):
(a) floor: import the provider bindings the stacks use and synthesize an empty
stack; (b) one suffix: `python main.py`, every registered system for dev (what
a developer's `cdktf synth` does); (c) profiles: `ENVIRONMENT_SUFFIX=dev,staging,prod
python main.py`, every system x profile; (d) tests: the README's test command.
Goals: (b) <= 1.15, (c) <= 1.4 and (d) <= 3 x the cdktf floor. Then the AWS
provider each engine wrote into (b)'s stacks (`required_providers`), against
its pin in constructs_lib/cdk.py.
Peak RSS: the largest single process (wait4's ru_maxrss, as /usr/bin/time -v
reports it) and the whole process tree (python + its node jsii runtime),
sampled from /proc every SAMPLE_SECONDS.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from constructs_lib import cdk  # light: names, no binding
from tools.paths import REPO_ROOT

SAMPLE_SECONDS = 0.2
GOALS = {"suffix": 1.15, "profiles": 1.4, "tests": 3}
FLOOR_PROGRAM = """
import importlib, sys, tempfile
from constructs_lib import cdk
for module in sys.argv[1:]:
    importlib.import_module(module)
app = cdk.App(outdir=tempfile.mkdtemp())
cdk.TerraformStack(app, "empty")
app.synth()
"""


@dataclass(frozen=True)
class Sample:
    seconds: float
    process_rss_mb: float
    tree_rss_mb: float
    exit_code: int = 0


def provider_modules(engine: str = cdk.DEFAULT_ENGINE) -> list[str]:
    """The binding modules the stacks can load on `engine` (constructs_lib.cdk's table)."""
    return cdk.provider_modules(engine)


def label(engine: str, name: str) -> str:
    return name if engine == cdk.DEFAULT_ENGINE else f"{engine} {name}"


def descendants_rss_kb(root: int) -> int:
    """Resident memory of `root` and every process below it, from /proc."""
    parents, rss = {}, {}
    for stat in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in stat.read_text().splitlines() if ":" in line)
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields["PPid"])
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    return sum(rss.get(pid, 0) for pid in tree)


def measure(command: list[str], env: dict[str, str], check: bool = True) -> Sample:
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child never blocks
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    tree_peak_kb = 0
    while True:  # wait4 (not Popen.poll) reaps the child, so its rusage is ours
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree_peak_kb = max(tree_peak_kb, descendants_rss_kb(process.pid))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors.seek(0)
    tail = errors.read()[-2000:].decode(errors="replace")
    errors.close()
    if check and process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command[:3])}\n{tail}")
    return Sample(seconds, usage.ru_maxrss / 1024, tree_peak_kb / 1024, process.returncode)


def commands(outdir: str, with_tests: bool, engines=tuple(cdk.ENGINES)) -> dict[str, tuple[list[str], dict[str, str]]]:
    """Each measurement's command and environment; one suffix writes to <outdir>/<engine>/."""
    found = {}
    for engine in engines:
        base_env = {**os.environ, "CHECKPOINT_DISABLE": "1", cdk.ENGINE_VARIABLE: engine}
        suffix_env = {**base_env, "ENVIRONMENT_SUFFIX": "dev", "CDKTF_OUTDIR": str(Path(outdir) / engine)}
        profiles_env = {**base_env, "ENVIRONMENT_SUFFIX": "dev,staging,prod", "CDKTF_OUTDIR": str(Path(outdir) / "profiles")}
        found[label(engine, "floor")] = ([sys.executable, "-c", FLOOR_PROGRAM, *provider_modules(engine)], base_env)
        found[label(engine, "suffix")] = ([sys.executable, "main.py"], suffix_env)
        found[label(engine, "profiles")] = ([sys.executable, "main.py"], profiles_env)
        if with_tests:
            found[label(engine, "tests")] = ([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], base_env)
    return found


def required_providers(outdir: str, engines=tuple(cdk.ENGINES)) -> dict[str, dict]:
    """The AWS provider each engine's one-suffix synth required (the same in every stack: one is read)."""
    found = {}
    for engine in engines:
        stack = json.loads(next((Path(outdir) / engine / "stacks").glob("*/cdk.tf.json")).read_text())
        found[engine] = stack["terraform"]["required_providers"]["aws"]
    return found


def provider_lines(found: dict[str, dict]) -> list[str]:
    lines = ["  required AWS provider (terraform.required_providers.aws):"]
    for engine, provider in found.items():
        pinned = cdk.REQUIRED_AWS_PROVIDER[engine]
        verdict = "as pinned" if provider == pinned else f"NOT the pinned {pinned['source']} {pinned['version']}"
        lines.append(f"    {engine:<6} {provider['source']} {provider['version']}  ({verdict})")
    return lines


def report(samples: dict[str, list[Sample]]) -> list[str]:
    """One line per measurement (its ratio to the cdktf floor last), then each goal against the cdktf floor."""
    median = {name: statistics.median(s.seconds for s in runs) for name, runs in samples.items()}
    width = max(8, *map(len, samples))
    lines = [f"synth benchmark: median of {len(samples['floor'])} runs, {os.cpu_count()} CPUs (floor = the cdktf floor)"]
    for name, runs in samples.items():
        process_mb = max(s.process_rss_mb for s in runs)
        tree_mb = max(s.tree_rss_mb for s in runs)
        each = ", ".join(f"{s.seconds:.1f}" + (f" exit {s.exit_code}" if s.exit_code else "") for s in runs)
        lines.append(
            f"  {name:<{width}} {median[name]:7.2f} s  (runs: {each})  "
            f"peak RSS {process_mb:6.0f} MB largest process, {tree_mb:6.0f} MB process tree  "
            f"= {median[name] / median['floor']:.2f} x floor"
        )
    goals = [(name, GOALS[name.split()[-1]]) for name in samples if name.split()[-1] in GOALS]
    goal_width = max(17, *(len(name) + 8 for name, _ in goals)) if goals else 17
    for name, goal in goals:
        lines.append(f"  {name + ' / floor':<{goal_width}} = {median[name] / median['floor']:.2f}  (goal <= {goal})")
    return lines


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per measurement (default: 3)")
    parser.add_argument("--with-tests", action="store_true", help="also time the whole test suite on each engine")


def run(args: argparse.Namespace) -> int:
    samples: dict[str, list[Sample]] = {}
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as outdir:
        plan = commands(outdir, args.with_tests)
        for _ in range(args.runs):  # interleaved, so drift in machine load hits all alike
            for name, (command, env) in plan.items():
                # A failing test suite still has a wall time; a failing synth has none.
                samples.setdefault(name, []).append(measure(command, env, check=name.split()[-1] != "tests"))
        providers = required_providers(outdir)
    print("\n".join(report(samples) + provider_lines(providers)))
    print(f"  load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after: other work on the machine slows every row")
    return 0
