"""ClientCache: one client per service with its own settings, built once, swappable."""

import threading

from botocore.config import Config

from lambda_kit.clients import ClientCache

FAST = Config(connect_timeout=1, read_timeout=2, retries={"total_max_attempts": 2, "mode": "standard"})


def test_a_client_is_built_once_with_its_services_settings(aws_credentials):
    cache = ClientCache({"sqs": FAST})
    first = cache.get("sqs")
    assert cache.get("sqs") is first
    assert (first.meta.config.connect_timeout, first.meta.config.read_timeout) == (1, 2)
    assert first.meta.config.retries["total_max_attempts"] == 2


def test_threads_asking_at_once_share_one_client(aws_credentials):
    cache = ClientCache({"sqs": FAST})
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(cache.get("sqs"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(client) for client in seen}) == 1


def test_swap_and_reset(aws_credentials):
    cache = ClientCache({"sqs": FAST})
    stand_in = object()
    cache.swap("sqs", stand_in)
    assert cache.get("sqs") is stand_in
    cache.reset()
    assert cache.get("sqs") is not stand_in
