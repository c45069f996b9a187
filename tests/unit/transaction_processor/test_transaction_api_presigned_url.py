"""POST /upload's URL: SigV4, virtual-hosted on the regional endpoint, 15 minutes, and it really works."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.unit.transaction_processor.transaction_api_support import api, call  # noqa: F401

POST_UPLOAD = {"httpMethod": "POST", "resource": "/upload", "path": "/upload"}


def upload_answer(api):
    status, body, _ = call(api, POST_UPLOAD)
    assert status == 200
    return body


def test_the_url_is_sigv4_virtual_hosted_and_expires_in_900_seconds(api, tp_aws):
    # GIVEN / WHEN a merchant asks to upload
    body = upload_answer(api)
    url = urlsplit(body["upload_url"])
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    # THEN the bucket is in the host name of the regional endpoint, the key is the path
    assert url.scheme == "https"
    assert url.netloc == f"{tp_aws.bucket}.s3.us-east-1.amazonaws.com"
    assert url.path == f"/uploads/{body['upload_id']}.csv"
    # THEN it is signed with SigV4 for us-east-1 and S3, valid 900 s, binding only the host header
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert query["X-Amz-Expires"] == "900"
    assert query["X-Amz-Credential"].endswith("/us-east-1/s3/aws4_request")
    assert query["X-Amz-SignedHeaders"] == "host"  # no Content-Type bound: merchants may send any or none
    assert len(query["X-Amz-Signature"]) == 64


@pytest.mark.parametrize("headers", [{}, {"Content-Type": "text/csv"}, {"Content-Type": "application/octet-stream"}])
def test_a_put_to_the_url_lands_the_file_under_its_key(api, tp_aws, headers):
    # GIVEN an upload URL
    body = upload_answer(api)
    csv = b"transaction_id,merchant_id,amount,currency,card_number,timestamp\n"
    # WHEN the merchant PUTs the file to it (moto answers for S3, as AWS would)
    response = requests.put(body["upload_url"], data=csv, headers=headers, timeout=10)
    # THEN S3 accepts it and the object is under uploads/{upload_id}.csv
    assert response.status_code == 200
    stored = tp_aws.s3.get_object(Bucket=tp_aws.bucket, Key=body["object_key"])
    assert stored["Body"].read() == csv
    assert body["object_key"] == f"uploads/{body['upload_id']}.csv"


def test_other_regions_sign_for_their_own_regional_endpoint(api, tp_aws, monkeypatch):
    # GIVEN the function running in eu-west-1
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    from upload_api import aws_clients

    aws_clients.reset()
    # WHEN it signs a PUT
    url = urlsplit(aws_clients.client("s3").generate_presigned_url(
        "put_object", Params={"Bucket": "b-1", "Key": "uploads/x.csv"}, ExpiresIn=900, HttpMethod="PUT"))
    # THEN the host is that region's virtual-hosted endpoint and the scope names it
    assert url.netloc == "b-1.s3.eu-west-1.amazonaws.com"
    assert "%2Feu-west-1%2Fs3%2Faws4_request" in url.query
