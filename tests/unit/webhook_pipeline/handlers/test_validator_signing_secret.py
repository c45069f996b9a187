"""The signing-secret cache: at most 5 minutes, failures never cached (no AWS)."""

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError

from webhook_validator.errors import SecretUnavailable
from webhook_validator.signing_secret import CACHE_SECONDS, SigningSecretCache

from tests.unit.webhook_pipeline.webhook_test_support import OTHER_SECRET, SIGNING_SECRET

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:webhook-signing-secret-test-AbCdEf"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeSecretsManager:
    def __init__(self, *answers) -> None:
        self.answers = list(answers)
        self.calls = []

    def get_secret_value(self, **kwargs):
        self.calls.append(kwargs)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def not_found() -> ClientError:
    return ClientError(
        {"Error": {"Code": "ResourceNotFoundException", "Message": "no value"}}, "GetSecretValue"
    )


def test_secret_is_fetched_once_and_cached_for_five_minutes():
    # GIVEN a cache with a controllable clock
    clock = FakeClock()
    client = FakeSecretsManager({"SecretString": SIGNING_SECRET}, {"SecretString": OTHER_SECRET})
    cache = SigningSecretCache(clock=clock)
    # WHEN it is read now and just before the 5 minutes are up
    first = cache.get(client, ARN)
    clock.now += CACHE_SECONDS - 0.001
    second = cache.get(client, ARN)
    # THEN Secrets Manager was called once, with the ARN
    assert (first, second) == (SIGNING_SECRET, SIGNING_SECRET)
    assert client.calls == [{"SecretId": ARN}]
    # WHEN the 5 minutes have passed THEN a rotated value is picked up
    clock.now += 0.001
    assert cache.get(client, ARN) == OTHER_SECRET
    assert len(client.calls) == 2
    assert CACHE_SECONDS == 300


@pytest.mark.parametrize(
    "failure",
    [
        not_found(),
        ClientError({"Error": {"Code": "AccessDeniedException", "Message": "x"}}, "GetSecretValue"),
        ConnectTimeoutError(endpoint_url="https://secretsmanager.us-east-1.amazonaws.com"),
        {"SecretBinary": b"abc"},
        {"SecretString": "whsec_not*base64"},
    ],
)
def test_unavailable_or_malformed_secret_is_503_and_not_cached(failure):
    # GIVEN a first answer that fails, then a good one
    client = FakeSecretsManager(failure, {"SecretString": SIGNING_SECRET})
    cache = SigningSecretCache(clock=FakeClock())
    # WHEN / THEN the first read is a 503 "Signing secret unavailable"
    with pytest.raises(SecretUnavailable) as raised:
        cache.get(client, ARN)
    assert (raised.value.status_code, raised.value.message) == (503, "Signing secret unavailable")
    # THEN the failure was not cached: the next read succeeds at once
    assert cache.get(client, ARN) == SIGNING_SECRET
