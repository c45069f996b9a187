"""Hand the validated event to the router: one asynchronous Lambda invoke."""

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from webhook_validator.errors import HandOffFailed

ASYNC_ACCEPTED = 202


def hand_off(client: Any, function_name: str, payload: bytes) -> None:
    """Succeeds only on StatusCode 202 without FunctionError; else ``HandOffFailed`` (502)."""
    try:
        response = client.invoke(
            FunctionName=function_name,
            InvocationType="Event",
            Payload=payload,
        )
    except ClientError as error:
        raise HandOffFailed(error.response.get("Error", {}).get("Code", "ClientError")) from None
    except BotoCoreError as error:  # timeouts, connection errors
        raise HandOffFailed(type(error).__name__) from None
    status = response.get("StatusCode")
    if status != ASYNC_ACCEPTED or response.get("FunctionError"):
        raise HandOffFailed(
            f"invoke returned StatusCode={status} FunctionError={response.get('FunctionError')}"
        )
