"""Fixtures of the provider's tests: a Chime SDK Voice client that never reaches AWS, its Stubber,
and the fake clock."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from support import FakeClock


@pytest.fixture
def client() -> Any:
    return boto3.client(
        "chime-sdk-voice",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def stub(client: Any):
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
