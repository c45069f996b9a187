"""Names every part of the local run shares (no imports: cheap for unit tests)."""

ACCOUNT_ID = "123456789012"  # moto's default account
HOST = "127.0.0.1"  # everything listens on loopback only
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
