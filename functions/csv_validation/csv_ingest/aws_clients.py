"""The function's S3 and DynamoDB clients: built once per container, swappable in tests.

Both use ``lambda_kit.deadline.CLIENT_CONFIG`` (explicit timeouts, three
attempts in all): botocore's is the only retry layer. The DynamoDB client,
which makes one call per row, is tuned for CPU, the scarce resource at
512 MB (about 0.29 vCPU):

- a connection per write thread: with botocore's default of 10, the other
  threads would open (and TLS-handshake) a new connection per call;
- no client-side parameter validation: the items are built and checked here,
  DynamoDB still validates every request;
- a fixed User-Agent: botocore otherwise rebuilds and sanitizes its
  User-Agent string twice per call, about a third of its CPU per PutItem
  (``scripts/benchmark_csv_validation.py``).
"""

from typing import Any

from botocore.config import Config

from lambda_kit.clients import ClientCache
from lambda_kit.deadline import CLIENT_CONFIG

USER_AGENT = "transaction-processor-csv-validation"
WRITE_THREADS = 16  # ~5 ms a write: about 3,000 rows/s, 100,000 rows in well under a minute

_CONFIGS = {
    "s3": CLIENT_CONFIG,
    "dynamodb": CLIENT_CONFIG.merge(
        Config(max_pool_connections=WRITE_THREADS + 2, parameter_validation=False, user_agent=USER_AGENT)
    ),
}


class AwsClients(ClientCache):
    """``clients.dynamodb`` / ``clients.s3``; tests assign a stand-in or call ``reset()``."""

    @property
    def s3(self) -> Any:
        return self.get("s3")

    @s3.setter
    def s3(self, client: Any) -> None:
        self.swap("s3", client)

    @property
    def dynamodb(self) -> Any:
        return self.get("dynamodb")

    @dynamodb.setter
    def dynamodb(self, client: Any) -> None:
        self.swap("dynamodb", client)


clients = AwsClients(_CONFIGS)
