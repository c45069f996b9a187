"""Publishing an alert to the trading-alerts topic."""

from typing import Any

from market_data.alert import Notification


def publish(sns: Any, topic_arn: str, notification: Notification) -> str:
    """Publish ``notification``; SNS's message id."""
    response = sns.publish(
        TopicArn=topic_arn,
        Message=notification.message,
        MessageAttributes=notification.attributes,
    )
    return response["MessageId"]
