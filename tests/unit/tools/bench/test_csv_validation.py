"""The csv-validation benchmark (tools/bench/csv_validation.py) runs the real handler to the end on every run.

In a subprocess: the benchmark swaps the handler's clients and sets its environment.
"""

import subprocess
import sys

from tools.paths import REPO_ROOT

BENCH = "from tools.bench import csv_validation as bench\n"


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def test_it_prints_the_calls_per_row_of_each_size():
    done = run_python("import sys\nfrom tools.cli import main\n"
                      "sys.exit(main(['bench', 'csv-validation', '--rows', '300', '--latency-ms', '0', '--client', 'fake']))")
    assert done.returncode == 0, done.stderr
    assert "300 rows (0.0 MB): accepted 297, rejected 3" in done.stdout
    assert "DynamoDB calls: {'UpdateItem': 2, 'PutItem': 297} = 0.997 per row" in done.stdout


def test_the_traced_run_is_not_cut_short_by_the_lambda_timeout():
    # With a Lambda timeout of 1 s, the handler's time budget is spent before its first write.
    done = run_python(BENCH + """
import argparse, os
os.environ.update({"AWS_DEFAULT_REGION": "us-east-1", "TRANSACTIONS_TABLE": "t", "UPLOAD_RESULTS_TABLE": "u"})
handler = bench.load_handler("csv_validation")
from csv_ingest.aws_clients import clients
from lambda_kit.deadline import OutOfTime
args = argparse.Namespace(latency_ms=0, client="fake")
bench.TIMEOUT_S = 1
try:
    bench.run_once(handler, clients, args, 100, "timed", traced=False)
except OutOfTime:
    print("timed: out of time")
print("traced:", bench.run_once(handler, clients, args, 100, "traced", traced=True)["answer"]["status"])
""")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["timed: out of time", "traced: PROCESSED"]
