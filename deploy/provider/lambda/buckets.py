"""Emptying a bucket before CloudFormation deletes it (the `EmptyBucket` resource kind).

Takes the place of CDK's auto-delete helper, whose grants use `s3:*Object*` wildcards: this needs
exactly `s3:ListBucket` and `s3:DeleteObject` on the stack's own buckets. The buckets are not
versioned, so deleting the current objects empties them.
"""

from __future__ import annotations

import logging
from typing import Any

LOG = logging.getLogger()
# DeleteObjects takes at most 1000 keys per call.
BATCH = 1000


def empty_bucket(s3: Any, bucket: str) -> int:
    """Deletes every object of the bucket; returns how many. A bucket already gone is empty."""
    deleted = 0
    try:
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": BATCH}):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
            if not keys:
                continue
            answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
            errors = answer.get("Errors", [])
            if errors:
                first = errors[0]
                raise RuntimeError(f"could not delete {len(errors)} objects of {bucket}, e.g. {first.get('Key')}: {first.get('Message')}")
            deleted += len(keys)
    except s3.exceptions.NoSuchBucket:
        return deleted
    LOG.info("emptied %s: %d objects", bucket, deleted)
    return deleted
