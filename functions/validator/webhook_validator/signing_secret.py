"""The Standard Webhooks signing secret, from Secrets Manager, cached for <= 5 minutes.

Operators set (and rotate) the value; caching keeps the hot path at its two
AWS calls while a rotated secret is picked up within ``CACHE_SECONDS``.
Failures are never cached: the next request tries again.
"""

import time
from typing import Any, Callable, Dict, Optional, Tuple

from botocore.exceptions import BotoCoreError, ClientError

from webhook_validator.errors import SecretUnavailable, aws_error_code
from webhook_validator.signing import InvalidSecret, decode_secret

CACHE_SECONDS = 300.0


class SigningSecretCache:
    def __init__(
        self,
        ttl_seconds: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._entries: Dict[str, Tuple[str, float]] = {}

    def get(self, client: Any, secret_arn: str) -> str:
        """The secret string, or ``SecretUnavailable`` (HTTP 503)."""
        now = self._clock()
        cached: Optional[Tuple[str, float]] = self._entries.get(secret_arn)
        if cached is not None and now - cached[1] < self._ttl:
            return cached[0]
        value = fetch_secret(client, secret_arn)
        self._entries[secret_arn] = (value, now)
        return value

    def clear(self) -> None:
        self._entries.clear()


def fetch_secret(client: Any, secret_arn: str) -> str:
    try:
        response = client.get_secret_value(SecretId=secret_arn)
    except (ClientError, BotoCoreError) as error:
        # ResourceNotFoundException also means "secret created, value not set yet".
        raise SecretUnavailable(aws_error_code(error)) from None
    value = response.get("SecretString")
    if not isinstance(value, str):
        raise SecretUnavailable("secret has no SecretString")
    try:
        decode_secret(value)
    except InvalidSecret as error:
        raise SecretUnavailable(str(error)) from None
    return value


secret_cache = SigningSecretCache()
