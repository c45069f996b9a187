"""Every parking place of every registered system in moto, for the demo (demo.py) and tests/unit/tools/operate.

`Sandbox(suffix)` (inside `moto.mock_aws()`) creates what the stacks create around each parking place, from the
places the systems declare (System.parking): the parking queue, for a DLQ its source queue redriving to it after
the place's receive count, and one alarm per place. It names no system: what a system's replays also need (its
tables, its topics) is added with `table` and `tapped_topic` (demo.py's DemoSandbox adds the shipped systems').
It parks messages (on-failure records in Lambda's documented shapes: fakes.py), publishes the oldest-message
metric SQS would (moto publishes none), and hands the commands its clients with a stand-in Lambda client.
"""

import json
import time
from typing import Any

import boto3

from stacks.parking import Kind, ParkingPlace
from tools.operate.aws import AwsClients
from tools.operate.parking_places import places_for
from tools.operate.sandbox.fakes import ACCOUNT_ID, REGION

STREAMS_ENDPOINT = f"https://streams.dynamodb.{REGION}.amazonaws.com"  # moto knows no account-scoped endpoint
STREAM = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}


class Sandbox:
    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.places = {place.label: place for place in places_for(suffix)}
        self.sqs, self.dynamodb, self.sns, self.cloudwatch = (
            boto3.client(service, region_name=REGION) for service in ("sqs", "dynamodb", "sns", "cloudwatch"))
        self.streams = boto3.client("dynamodbstreams", region_name=REGION, endpoint_url=STREAMS_ENDPOINT)
        self.urls: dict[str, str] = {}
        self.topics: dict[str, str] = {}  # topic name -> ARN, each with a tap queue `<name>-tap`
        for place in self.places.values():
            self._queue(place.queue)
            if place.kind is Kind.SQS_DLQ:
                self._queue(place.source_queue, RedrivePolicy=json.dumps(
                    {"deadLetterTargetArn": self.arn(place.queue), "maxReceiveCount": place.max_receive_count}))
            self.cloudwatch.put_metric_alarm(
                AlarmName=place.alarm, Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
                Dimensions=[{"Name": "QueueName", "Value": place.queue}], Statistic="Maximum", Period=60,
                EvaluationPeriods=1, Threshold=0, ComparisonOperator="GreaterThanThreshold")

    def _queue(self, name: str, **attributes: str) -> None:
        self.urls[name] = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]

    def arn(self, queue: str) -> str:
        return self.sqs.get_queue_attributes(QueueUrl=self.urls[queue], AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"]

    def table(self, name: str, keys: tuple[str, ...], stream: bool = False) -> None:
        """A table with string keys (hash, then range), with a NEW_AND_OLD_IMAGES stream if asked."""
        extra = {"StreamSpecification": STREAM} if stream else {}
        self.dynamodb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key in keys],
            KeySchema=[{"AttributeName": key, "KeyType": kind} for key, kind in zip(keys, ("HASH", "RANGE"))], **extra)

    def tapped_topic(self, name: str) -> str:
        """A topic with a tap queue `<name>-tap` subscribed (raw delivery), so tests read what was published."""
        arn = self.topics[name] = self.sns.create_topic(Name=name)["TopicArn"]
        self._queue(f"{name}-tap")
        self.sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=self.arn(f"{name}-tap"),
                           Attributes={"RawMessageDelivery": "true"})
        return arn

    def clients(self, lambda_client: Any, sqs: Any = None) -> AwsClients:
        """The commands' clients: moto's, the given Lambda stand-in, and `sqs` when it stands in for moto's."""
        return AwsClients(REGION, sqs=sqs or self.sqs, dynamodb=self.dynamodb, cloudwatch=self.cloudwatch,
                          dynamodbstreams=self.streams, **{"lambda": lambda_client})

    def park(self, label: str, body: Any, age_seconds: float = 0, **attributes: str) -> str:
        """Send a message (a dict body as JSON) to the parking place with this label, sent `age_seconds` ago."""
        text = body if isinstance(body, str) else json.dumps(body)
        extra = {name: {"DataType": "String", "StringValue": value} for name, value in attributes.items()}
        queue = self.places[label].queue
        message_id = self.sqs.send_message(QueueUrl=self.urls[queue], MessageBody=text,
                                           MessageAttributes=extra)["MessageId"]
        for message in self._moto_messages(queue):
            if message.id == message_id:
                message.sent_timestamp -= int(age_seconds * 1000)
        return message_id

    @staticmethod
    def _moto_messages(queue: str) -> list[Any]:
        """moto's own view of a queue's messages: read without receiving (which would count as a receive)."""
        from moto.sqs.models import sqs_backends  # noqa: PLC0415

        return list(sqs_backends[ACCOUNT_ID][REGION].queues[queue]._messages)  # noqa: SLF001

    def drain(self, queue: str) -> list[dict[str, Any]]:
        """Receive and delete every message of a queue (a source queue's consumer, a topic's tap)."""
        found = []
        while batch := self.sqs.receive_message(QueueUrl=self.urls[queue], MaxNumberOfMessages=10,
                                                MessageAttributeNames=["All"], AttributeNames=["All"]).get("Messages"):
            found += batch
            for message in batch:
                self.sqs.delete_message(QueueUrl=self.urls[queue], ReceiptHandle=message["ReceiptHandle"])
        return found

    def visible(self, queue: str) -> int:
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.urls[queue], AttributeNames=["All"])["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])

    def publish_metrics(self, now: float | None = None) -> None:
        """What SQS and CloudWatch do every minute: each queue's oldest message age, each alarm's state."""
        now = time.time() if now is None else now
        for place in self.places.values():
            sent = [message.sent_timestamp for message in self._moto_messages(place.queue)]
            if sent:
                self.cloudwatch.put_metric_data(Namespace="AWS/SQS", MetricData=[{
                    "MetricName": "ApproximateAgeOfOldestMessage", "Value": max(0.0, now - min(sent) / 1000),
                    "Unit": "Seconds", "Dimensions": [{"Name": "QueueName", "Value": place.queue}]}])
            self.cloudwatch.set_alarm_state(AlarmName=place.alarm, StateValue="ALARM" if sent else "OK",
                                            StateReason="messages visible" if sent else "no messages")

    def stream_place(self) -> ParkingPlace:
        return next(place for place in self.places.values() if place.kind is Kind.STREAM_ON_FAILURE)
