"""S3 notifications: prefix/suffix filters, S3's key encoding, each new object version delivered once."""

from datetime import datetime, timezone

import boto3
import pytest

from tools.local_run.triggers.s3_notifications import BucketWatcher, NotificationTarget, s3_event

TARGET = NotificationTarget("uploads", "arn:aws:lambda:us-east-1:123456789012:function:csv", ("s3:ObjectCreated:*",),
                            prefix="uploads/", suffix=".csv", configuration_id="tf-s3-lambda-0")


@pytest.mark.parametrize("key, wanted", [("uploads/a.csv", True), ("uploads/sub/a.csv", True), ("uploads/a.CSV", False),
                                         ("other/a.csv", False), ("uploads/a.csv.tmp", False)])
def test_prefix_and_suffix_filters(key, wanted):
    assert TARGET.wants(key) is wanted


def test_the_event_carries_the_key_url_encoded_as_s3_does():
    version = {"Key": "uploads/my file+1.csv", "Size": 12, "ETag": '"abc"', "VersionId": "v1",
               "LastModified": datetime(2026, 11, 24, 10, 15, tzinfo=timezone.utc)}
    (record,) = s3_event(TARGET, version, "us-east-1", 7)["Records"]
    assert (record["eventSource"], record["eventName"], record["eventTime"]) == (
        "aws:s3", "ObjectCreated:Put", "2026-11-24T10:15:00.000Z")
    assert record["s3"]["object"] == {"key": "uploads/my+file%2B1.csv", "size": 12, "eTag": "abc", "versionId": "v1",
                                      "sequencer": "0000000000000007"}
    assert record["s3"]["bucket"]["arn"] == "arn:aws:s3:::uploads"


def test_notifications_the_local_run_cannot_send_are_refused():
    with pytest.raises(NotImplementedError, match="ObjectRemoved"):
        NotificationTarget("b", "arn", ("s3:ObjectRemoved:*",))


def test_each_new_matching_version_is_delivered_once(mocked_aws):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="uploads")
    s3.put_bucket_versioning(Bucket="uploads", VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket="uploads", Key="uploads/before.csv", Body=b"x")
    sent = []
    watcher = BucketWatcher([TARGET], lambda service: s3, "us-east-1", lambda arn, event: sent.append((arn, event)))
    watcher.start()  # what was there before is not news
    s3.put_object(Bucket="uploads", Key="uploads/a.csv", Body=b"1")
    s3.put_object(Bucket="uploads", Key="uploads/a.csv", Body=b"2")  # a second version: a second event
    s3.put_object(Bucket="uploads", Key="notes.txt", Body=b"3")
    assert watcher.poll_once() and not watcher.poll_once()
    delivered = [(arn, event["Records"][0]["s3"]["object"]["key"]) for arn, event in sent]
    assert delivered == [(TARGET.function_arn, "uploads/a.csv")] * 2
