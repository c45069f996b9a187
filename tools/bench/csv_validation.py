"""Print the csv-validation handler's throughput, DynamoDB calls per row and memory, per file size.

Not a test. Runs the real handler (its reader, validation and 16-thread write
pool) in-process on generated files, without network:

- S3 is a fake whose ``Body`` generates the CSV while it is read, so the file
  is never in memory (1% of rows are invalid, so errors are kept and capped);
- DynamoDB is either a plain fake (``--client fake``) or, by default, a real
  botocore client whose requests are answered by a ``before-send`` hook
  (``--client botocore``), so serialization and signing are paid as in Lambda.
  Each call waits ``--latency-ms`` (default 5) and is counted.

Each size runs twice: once timed (wall and CPU seconds of all threads, and how
far the process's peak RSS rose above every earlier run's), once under
tracemalloc (peak of the handler run, client creation included), with a
deadline far past Lambda's timeout since tracemalloc slows it several-fold
(a 100,000-row file once ran out of time). The projection for Lambda at
512 MB assumes 512/1769 of a vCPU (Lambda's CPU share is proportional to
memory, 1,769 MB = 1 vCPU): max(wall time, CPU seconds x 1769/512).

    pipenv run python -m tools bench csv-validation [--rows 2000,100000] [--latency-ms 5] [--client fake]
"""

import argparse
import json
import os
import resource
import sys
import threading
import time
import tracemalloc
from collections.abc import Sequence

from tools.function_code import load_handler

TIMEOUT_S = 300
TRACED_TIMEOUT_S = 10 * TIMEOUT_S
VCPU_SHARE_AT_512_MB = 512 / 1769
HEADER = b"transaction_id,merchant_id,amount,currency,card_number,timestamp,note\r\n"
CARDS = ("4111111111111111", "5555 5555 5555 4444", "3782-822463-10005", "6011111111111117")
CURRENCIES = ("USD", "EUR", "GBP", "JPY")


def csv_lines(rows: int, run: str):
    yield HEADER
    for i in range(rows):
        amount = "0" if i % 100 == 99 else f"{1 + i % 100000}.{i % 100:02d}"  # 1% rejected rows
        yield (f"{run}-{i:07d},merchant-{i % 50},{amount},{CURRENCIES[i % 4]},{CARDS[i % 4]},"
               f"2026-11-20T10:{i % 60:02d}:00Z,batch note {i % 7}\r\n").encode()


class GeneratedBody:
    """A streaming body that makes the CSV as it is read: memory stays one read's worth."""

    def __init__(self, rows: int, run: str) -> None:
        self._lines = csv_lines(rows, run)
        self._buffer = b""

    def read(self, size: int) -> bytes:
        parts, have = [self._buffer], len(self._buffer)
        for line in self._lines:
            parts.append(line)
            have += len(line)
            if have >= size:
                break
        data = b"".join(parts)
        self._buffer = data[size:]
        return data[:size]

    def close(self) -> None:
        pass


class FakeS3:
    def __init__(self, rows: int, run: str) -> None:
        self.rows, self.run = rows, run
        self.size = sum(len(line) for line in csv_lines(rows, run))

    def get_object(self, **_):
        return {"Body": GeneratedBody(self.rows, self.run), "ContentLength": self.size}


class CallCounter:
    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s
        self.calls = {}
        self._lock = threading.Lock()

    def call(self, operation: str) -> None:
        with self._lock:
            self.calls[operation] = self.calls.get(operation, 0) + 1
        time.sleep(self.latency_s)


class FakeDynamoDB:
    """Answers like DynamoDB for new items: every conditional put succeeds."""

    def __init__(self, counter: CallCounter) -> None:
        self.counter = counter

    def put_item(self, **_):
        self.counter.call("PutItem")
        return {}

    def update_item(self, **_):
        self.counter.call("UpdateItem")
        return {"Attributes": {"created_at": {"S": "2026-11-24T00:00:00Z"}}}


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_):
        yield self._body


def botocore_dynamodb(clients, counter: CallCounter):
    """The handler's own botocore client (its config, its pool), answered by a before-send hook."""
    from botocore.awsrequest import AWSResponse

    update_answer = json.dumps({"Attributes": {"created_at": {"S": "2026-11-24T00:00:00Z"}}}).encode()

    def answer(request, **_):
        operation = request.headers["X-Amz-Target"].decode().split(".")[-1]
        counter.call(operation)
        return AWSResponse(request.url, 200, {"x-amzn-requestid": "bench"},
                           _Raw(update_answer if operation == "UpdateItem" else b"{}"))

    client = clients.dynamodb
    client.meta.events.register_first("before-send.dynamodb", answer)
    return client


class Context:
    """A Lambda context whose deadline is ``timeout_s`` after its creation."""

    def __init__(self, timeout_s: float) -> None:
        self.started, self.timeout_s = time.monotonic(), timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return int((self.timeout_s - (time.monotonic() - self.started)) * 1000)


def run_once(handler, clients, args, rows: int, run: str, traced: bool) -> dict:
    counter = CallCounter(args.latency_ms / 1000)
    s3 = FakeS3(rows, run)
    clients.reset()
    clients.s3 = s3
    clients.dynamodb = botocore_dynamodb(clients, counter) if args.client == "botocore" else FakeDynamoDB(counter)
    event = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "s3": {
        "bucket": {"name": "bench"},
        "object": {"key": f"uploads/{run}.csv", "size": s3.size, "versionId": "v1", "eTag": "e", "sequencer": "01"}}}]}
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    answer = handler.handler(event, Context(TRACED_TIMEOUT_S if traced else TIMEOUT_S))["uploads"][0]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    tracemalloc.stop()
    assert answer["status"] == "PROCESSED" and answer["rows_total"] == rows, answer
    return {"answer": answer, "wall": wall, "cpu": cpu, "calls": counter.calls, "bytes": s3.size, "peak": peak,
            "rss_growth_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before}


def usable_s() -> float:
    """Until when writes start: a write and the final update must still fit (lambda_kit.deadline)."""
    from lambda_kit.deadline import CLIENT_CONFIG, DEFAULT_RESERVE_MS, worst_case_call_ms

    return TIMEOUT_S - (2 * worst_case_call_ms(CLIENT_CONFIG) + DEFAULT_RESERVE_MS) / 1000


def report(rows: int, timed: dict, traced: dict, args) -> None:
    answer, calls = timed["answer"], timed["calls"]
    projected = max(timed["wall"], timed["cpu"] / VCPU_SHARE_AT_512_MB)
    print(f"\n{rows:,} rows ({timed['bytes'] / 1e6:.1f} MB): accepted {answer['rows_accepted']:,}, "
          f"rejected {answer['rows_rejected']:,}")
    print(f"  wall {timed['wall']:.2f} s, {rows / timed['wall']:,.0f} rows/s; CPU {timed['cpu']:.2f} s "
          f"({timed['cpu'] / rows * 1e6:.0f} us/row)")
    print(f"  DynamoDB calls: {calls} = {sum(calls.values()) / rows:.3f} per row "
          f"(PutItem {calls.get('PutItem', 0) / answer['rows_accepted']:.3f} per valid row)")
    print(f"  memory: tracemalloc peak {traced['peak'] / 1024:,.0f} KiB; process RSS peak rose {timed['rss_growth_kib']:,} KiB")
    print(f"  projected at 512 MB: {projected:.1f} s; the handler starts writes until {usable_s():.1f} s "
          f"of the {TIMEOUT_S} s timeout (latency floor {rows * args.latency_ms / 1000 / 16:.1f} s with 16 writers)")


def configure(parser: argparse.ArgumentParser, argv: Sequence[str] = ()) -> None:
    parser.add_argument("--rows", default="2000,100000", help="file sizes in rows, comma-separated")
    parser.add_argument("--latency-ms", type=float, default=5.0, help="each DynamoDB call waits this long")
    parser.add_argument("--client", choices=("botocore", "fake"), default="botocore")


def run(args: argparse.Namespace) -> int:
    # Fake credentials for the in-process client: nothing leaves this process.
    os.environ.update({"AWS_ACCESS_KEY_ID": "benchmark", "AWS_SECRET_ACCESS_KEY": "benchmark",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                       "TRANSACTIONS_TABLE": "transactions-bench", "UPLOAD_RESULTS_TABLE": "upload-results-bench"})
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.pop("AWS_PROFILE", None)
    handler = load_handler("csv_validation")
    from csv_ingest.aws_clients import WRITE_THREADS, clients

    print(f"csv-validation benchmark: {args.client} DynamoDB client, {args.latency_ms:g} ms per call, "
          f"{WRITE_THREADS} write threads, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    run_once(handler, clients, args, 200, "warmup", traced=False)  # imports, botocore's models
    for rows in (int(n) for n in args.rows.split(",")):
        timed = run_once(handler, clients, args, rows, f"timed-{rows}", traced=False)
        traced = run_once(handler, clients, args, rows, f"traced-{rows}", traced=True)
        report(rows, timed, traced, args)
    return 0
