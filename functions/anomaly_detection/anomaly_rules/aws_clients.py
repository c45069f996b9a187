"""anomaly-detection's AWS clients: built once per container on first use, swappable in tests.

An alert is three calls (read status, publish, mark). It starts only if all
three can finish, so the function's own deadline check never cuts it between
publish and mark (which would repeat the alert on redelivery). lambda_kit's
CLIENT_CONFIG (24 s a call) would need 72 s, more than the 60 s timeout; here
3 attempts of (1 s connect + 2 s read) plus at most 3 s of backoff = 12 s a
call, 36 s an alert.
"""

from botocore.config import Config

from lambda_kit.clients import ClientCache

ALERT_CLIENT_CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    retries={"total_max_attempts": 3, "mode": "standard"},
)
_clients = ClientCache({"dynamodb": ALERT_CLIENT_CONFIG, "sns": ALERT_CLIENT_CONFIG})
# The ``dynamodb`` or ``sns`` client (or the stand-in a test put in with ``use``).
client, use, reset = _clients.get, _clients.swap, _clients.reset
