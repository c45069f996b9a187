"""Hand the validated event to the router: one asynchronous Lambda invoke."""

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from webhook_validator.errors import HandOffFailed, aws_error_code

ASYNC_ACCEPTED = 202


def hand_off(client: Any, function_name: str, payload: bytes) -> None:
    """Succeeds only on StatusCode 202 without FunctionError; else ``HandOffFailed`` (502)."""
    try:
        response = client.invoke(
            FunctionName=function_name,
            InvocationType="Event",
            Payload=payload,
        )
    except (ClientError, BotoCoreError) as error:  # incl. timeouts, connection errors
        raise HandOffFailed(aws_error_code(error)) from None
    status = response.get("StatusCode")
    if status != ASYNC_ACCEPTED or response.get("FunctionError"):
        raise HandOffFailed(
            f"invoke returned StatusCode={status} FunctionError={response.get('FunctionError')}"
        )
