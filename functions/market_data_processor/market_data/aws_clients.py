"""The AWS clients: built once per container on first use, swappable in tests.

Every client uses ``lambda_kit.deadline.CLIENT_CONFIG`` (explicit timeouts,
botocore's standard retry mode, 3 attempts in all): the only retry layer.
Tests assign a stand-in with ``clients.swap("sns", fake)`` or drop everything
with ``clients.reset()`` (each moto test builds its clients inside its mock).
"""

from lambda_kit.clients import ClientCache
from lambda_kit.deadline import CLIENT_CONFIG

clients = ClientCache({service: CLIENT_CONFIG for service in ("dynamodb", "sns", "sqs")})
