"""The EmptyBucket resource: nothing happens until the stack is deleted; then every object goes."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from support import cr

BUCKET = "smaondemandrecording-recordingsbucket-1a2b3c"


@pytest.fixture
def s3() -> Any:
    return boto3.client("s3", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


def event(request: str) -> dict[str, Any]:
    return {
        "RequestType": request,
        "PhysicalResourceId": f"empty:{BUCKET}",
        "ResourceProperties": {"ServiceToken": "arn:token", "Kind": "EmptyBucket", "BucketName": BUCKET},
    }


def keys(*names: str) -> dict[str, Any]:
    return {"Objects": [{"Key": n} for n in names], "Quiet": True}


@pytest.mark.parametrize("request_type", ["Create", "Update"])
def test_create_and_update_touch_nothing(s3, request_type):
    with Stubber(s3) as stub:
        assert cr.handle_bucket(event(request_type), s3) == {"PhysicalResourceId": f"empty:{BUCKET}"}
        stub.assert_no_pending_responses()


def test_delete_removes_every_object_page_by_page(s3):
    with Stubber(s3) as stub:
        stub.add_response(
            "list_objects_v2",
            {"Contents": [{"Key": "originalAudio/a.wav"}, {"Key": "originalAudio/b.wav"}], "IsTruncated": True, "NextContinuationToken": "t1"},
            {"Bucket": BUCKET, "MaxKeys": 1000},
        )
        stub.add_response("delete_objects", {"Deleted": [{"Key": "originalAudio/a.wav"}]}, {"Bucket": BUCKET, "Delete": keys("originalAudio/a.wav", "originalAudio/b.wav")})
        stub.add_response("list_objects_v2", {"Contents": [{"Key": "c.wav"}], "IsTruncated": False}, {"Bucket": BUCKET, "MaxKeys": 1000, "ContinuationToken": "t1"})
        stub.add_response("delete_objects", {}, {"Bucket": BUCKET, "Delete": keys("c.wav")})
        cr.handle_bucket(event("Delete"), s3)
        stub.assert_no_pending_responses()


def test_an_empty_or_missing_bucket_is_fine(s3):
    with Stubber(s3) as stub:
        stub.add_response("list_objects_v2", {"IsTruncated": False, "KeyCount": 0}, None)
        cr.handle_bucket(event("Delete"), s3)
        stub.add_client_error("list_objects_v2", "NoSuchBucket", "The specified bucket does not exist", 404)
        cr.handle_bucket(event("Delete"), s3)
        stub.assert_no_pending_responses()


def test_objects_that_cannot_be_deleted_fail_the_delete(s3):
    with Stubber(s3) as stub:
        stub.add_response("list_objects_v2", {"Contents": [{"Key": "a.wav"}], "IsTruncated": False}, None)
        stub.add_response("delete_objects", {"Errors": [{"Key": "a.wav", "Code": "AccessDenied", "Message": "Access Denied"}]}, None)
        with pytest.raises(RuntimeError, match="could not delete 1 objects of .*a.wav: Access Denied"):
            cr.handle_bucket(event("Delete"), s3)


def test_on_event_sends_bucket_requests_to_s3(monkeypatch, s3):
    made: list[str] = []

    def fake_client(service: str) -> Any:
        made.append(service)
        return s3

    monkeypatch.setattr(boto3, "client", fake_client)
    assert cr.on_event(event("Create"), None) == {"PhysicalResourceId": f"empty:{BUCKET}"}
    assert made == ["s3"]
