"""The shared moto fixture publishes to a tap queue the tests can read."""

import json


def test_published_messages_reach_the_tap_queue(tp_aws):
    tp_aws.sns.publish(
        TopicArn=tp_aws.topic_arn,
        Message=json.dumps({"transaction_id": "t-1"}),
        MessageAttributes={"reasons": {"DataType": "String", "StringValue": "high_amount"}},
    )
    published = tp_aws.published()
    assert [json.loads(m["Body"]) for m in published] == [{"transaction_id": "t-1"}]
    assert published[0]["MessageAttributes"]["reasons"]["StringValue"] == "high_amount"
    assert tp_aws.stream_arn().startswith("arn:aws:dynamodb:")
