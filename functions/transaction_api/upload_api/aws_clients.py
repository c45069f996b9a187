"""transaction-api's AWS clients: built once per container on first use, swappable in tests.

lambda_kit's CLIENT_CONFIG allows up to 24 s per call, more than this
function's 10 s timeout, so every request's single AWS call could never be
started under ``Deadline.require``. The API uses shorter bounds: 2 attempts of
(1 s connect + 2 s read) plus at most 1 s of backoff = 7 s worst case, which
fits the 10 s timeout (and API Gateway's 29 s) with room to answer.

The S3 client only presigns (no network call): SigV4, virtual-hosted style,
regional endpoint (``{bucket}.s3.{region}.amazonaws.com``; in us-east-1
botocore would otherwise sign for the global endpoint).
"""

from botocore.config import Config

from lambda_kit.clients import ClientCache

API_CLIENT_CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    retries={"total_max_attempts": 2, "mode": "standard"},
)
PRESIGN_CONFIG = API_CLIENT_CONFIG.merge(
    Config(signature_version="s3v4", s3={"addressing_style": "virtual", "us_east_1_regional_endpoint": "regional"})
)
_clients = ClientCache({"dynamodb": API_CLIENT_CONFIG, "s3": PRESIGN_CONFIG})
# The ``dynamodb`` or ``s3`` client (or the stand-in a test put in with ``use``).
client, use, reset = _clients.get, _clients.swap, _clients.reset
