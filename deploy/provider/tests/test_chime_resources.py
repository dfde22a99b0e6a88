"""Logic of the PSTN custom-resource provider, against botocore's Stubber.

The Stubber checks every request against the Chime SDK Voice service model, so a misspelt parameter or
a missing required one fails here rather than during a deployment.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lambda"))

import chime_resources as cr  # noqa: E402

NUMBER = "+13125550101"
OTHER = "+13125550102"
SMA_ID = "6e0e1f1c-2a59-4f07-8c4f-2f1e7a0f9a11"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


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


def run(event: dict[str, Any], client: Any, clock: FakeClock, deadline: float = 600.0) -> dict[str, Any]:
    return cr.handle(event, client, deadline=deadline, clock=clock, sleep=clock.sleep)


def phone_props(**extra: str) -> dict[str, Any]:
    return {"ServiceToken": "arn:token", "Kind": "PhoneNumber", "Country": "US", "PhoneNumberType": "Local", "State": "IL", **extra}


def order(status: str, number: str = NUMBER, number_status: str = "Processing", order_id: str = "order-1") -> dict[str, Any]:
    return {
        "PhoneNumberOrder": {
            "PhoneNumberOrderId": order_id,
            "ProductType": "SipMediaApplicationDialIn",
            "Status": status,
            "OrderedPhoneNumbers": [{"E164PhoneNumber": number, "Status": number_status}],
        }
    }


def rule_props(trigger: str = NUMBER, sma: str = SMA_ID) -> dict[str, Any]:
    return {
        "ServiceToken": "arn:token",
        "Kind": "SipRule",
        "NamePrefix": "SmaOnDemandRecording",
        "TriggerValue": trigger,
        "SipMediaApplicationId": sma,
        "AwsRegion": "us-east-1",
    }


def sip_rule(rule_id: str = "rule-1", disabled: bool = False, trigger: str = NUMBER) -> dict[str, Any]:
    return {
        "SipRule": {
            "SipRuleId": rule_id,
            "Name": "SmaOnDemandRecording-" + trigger.lstrip("+"),
            "Disabled": disabled,
            "TriggerType": "ToPhoneNumber",
            "TriggerValue": trigger,
            "TargetApplications": [{"SipMediaApplicationId": SMA_ID, "Priority": 1, "AwsRegion": "us-east-1"}],
        }
    }


# ---- phone numbers -------------------------------------------------------------------------------


def test_create_orders_the_first_available_number_and_waits_for_the_order(client, stub, clock):
    stub.add_response(
        "search_available_phone_numbers",
        {"E164PhoneNumbers": [NUMBER, OTHER]},
        {"Country": "US", "PhoneNumberType": "Local", "State": "IL", "MaxResults": 10},
    )
    stub.add_response(
        "create_phone_number_order",
        order("Processing"),
        {"ProductType": "SipMediaApplicationDialIn", "E164PhoneNumbers": [NUMBER]},
    )
    stub.add_response("get_phone_number_order", order("Processing"), {"PhoneNumberOrderId": "order-1"})
    stub.add_response("get_phone_number_order", order("Successful", number_status="Acquired"), {"PhoneNumberOrderId": "order-1"})

    result = run({"RequestType": "Create", "ResourceProperties": phone_props()}, client, clock)

    assert result == {"PhysicalResourceId": NUMBER, "Data": {"PhoneNumber": NUMBER, "PhoneNumberOrderId": "order-1"}}
    assert clock.sleeps == [cr.POLL_SECONDS, cr.POLL_SECONDS]


def test_create_passes_the_area_code_and_defaults_country_and_type(client, stub, clock):
    stub.add_response(
        "search_available_phone_numbers",
        {"E164PhoneNumbers": [NUMBER]},
        {"Country": "US", "PhoneNumberType": "Local", "AreaCode": "312", "MaxResults": 10},
    )
    stub.add_response("create_phone_number_order", order("Successful", number_status="Acquired"), None)
    props = {"ServiceToken": "arn:token", "Kind": "PhoneNumber", "AreaCode": "312", "State": ""}
    assert run({"RequestType": "Create", "ResourceProperties": props}, client, clock)["PhysicalResourceId"] == NUMBER
    assert clock.sleeps == []


def test_create_tries_the_next_number_when_an_order_fails(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER, OTHER]}, None)
    stub.add_response("create_phone_number_order", order("Failed", number_status="Failed"), {"ProductType": "SipMediaApplicationDialIn", "E164PhoneNumbers": [NUMBER]})
    stub.add_response(
        "create_phone_number_order",
        order("Processing", number=OTHER, order_id="order-2"),
        {"ProductType": "SipMediaApplicationDialIn", "E164PhoneNumbers": [OTHER]},
    )
    stub.add_response("get_phone_number_order", order("Successful", number=OTHER, number_status="Acquired", order_id="order-2"), {"PhoneNumberOrderId": "order-2"})

    result = run({"RequestType": "Create", "ResourceProperties": phone_props()}, client, clock)
    assert result["PhysicalResourceId"] == OTHER


def test_create_fails_when_no_number_is_available(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": []}, None)
    with pytest.raises(cr.ProviderError, match="no phone number is available"):
        run({"RequestType": "Create", "ResourceProperties": phone_props()}, client, clock)


def test_create_fails_when_every_candidate_fails(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER]}, None)
    stub.add_response("create_phone_number_order", order("Processing"), None)
    stub.add_response("get_phone_number_order", order("Cancelled"), None)
    with pytest.raises(cr.ProviderError, match="order order-1 ended as Cancelled"):
        run({"RequestType": "Create", "ResourceProperties": phone_props()}, client, clock)


def test_create_stops_waiting_before_the_deadline(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER]}, None)
    stub.add_response("create_phone_number_order", order("Processing"), None)
    stub.add_response("get_phone_number_order", order("Processing"), None)
    with pytest.raises(cr.ProviderError, match="still Processing"):
        run({"RequestType": "Create", "ResourceProperties": phone_props()}, client, clock, deadline=8.0)
    assert clock.now <= 8.0


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"Country": "US", "PhoneNumberType": "Local"}, "needs AreaCode, State, City or TollFreePrefix"),
        ({"City": "Chicago"}, "needs a State"),
        ({"State": "IL", "PhoneNumberType": "Mobile"}, "Local or TollFree"),
    ],
)
def test_create_rejects_searches_the_service_would_refuse(client, stub, clock, props, message):
    with pytest.raises(cr.ProviderError, match=message):
        run({"RequestType": "Create", "ResourceProperties": {"Kind": "PhoneNumber", **props}}, client, clock)


def test_update_without_a_new_search_keeps_the_number(client, stub, clock):
    event = {
        "RequestType": "Update",
        "PhysicalResourceId": NUMBER,
        "ResourceProperties": phone_props(ServiceToken="arn:new-token"),
        "OldResourceProperties": phone_props(),
    }
    assert run(event, client, clock) == {"PhysicalResourceId": NUMBER, "Data": {"PhoneNumber": NUMBER}}


def test_update_with_a_new_area_code_orders_a_new_number(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [OTHER]}, {"Country": "US", "PhoneNumberType": "Local", "State": "IL", "AreaCode": "217", "MaxResults": 10})
    stub.add_response("create_phone_number_order", order("Successful", number=OTHER, number_status="Acquired"), None)
    event = {
        "RequestType": "Update",
        "PhysicalResourceId": NUMBER,
        "ResourceProperties": phone_props(AreaCode="217"),
        "OldResourceProperties": phone_props(),
    }
    assert run(event, client, clock)["PhysicalResourceId"] == OTHER


def test_delete_releases_the_number_retrying_while_it_is_still_associated(client, stub, clock):
    stub.add_client_error("delete_phone_number", "BadRequestException", "Phone number is associated", 400, expected_params={"PhoneNumberId": NUMBER})
    stub.add_response("delete_phone_number", {}, {"PhoneNumberId": NUMBER})
    event = {"RequestType": "Delete", "PhysicalResourceId": NUMBER, "ResourceProperties": phone_props()}
    assert run(event, client, clock) == {"PhysicalResourceId": NUMBER}
    assert clock.sleeps == [2.0]


def test_delete_of_a_number_already_gone_succeeds(client, stub, clock):
    stub.add_client_error("delete_phone_number", "NotFoundException", "not found", 404)
    event = {"RequestType": "Delete", "PhysicalResourceId": NUMBER, "ResourceProperties": phone_props()}
    run(event, client, clock)


def test_delete_gives_up_after_repeated_refusals(client, stub, clock):
    for _ in range(cr.DELETE_ATTEMPTS):
        stub.add_client_error("delete_phone_number", "BadRequestException", "still associated", 400)
    event = {"RequestType": "Delete", "PhysicalResourceId": NUMBER, "ResourceProperties": phone_props()}
    with pytest.raises(client.exceptions.BadRequestException):
        run(event, client, clock, deadline=10_000.0)


def test_delete_after_a_failed_create_calls_nothing(client, stub, clock):
    event = {"RequestType": "Delete", "PhysicalResourceId": "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED", "ResourceProperties": phone_props()}
    run(event, client, clock)


# ---- SIP rules -----------------------------------------------------------------------------------


def test_sip_rule_create_targets_the_application_on_the_number(client, stub, clock):
    stub.add_response(
        "create_sip_rule",
        sip_rule(),
        {
            "Name": "SmaOnDemandRecording-13125550101",
            "TriggerType": "ToPhoneNumber",
            "TriggerValue": NUMBER,
            "Disabled": False,
            "TargetApplications": [{"SipMediaApplicationId": SMA_ID, "Priority": 1, "AwsRegion": "us-east-1"}],
        },
    )
    result = run({"RequestType": "Create", "ResourceProperties": rule_props()}, client, clock)
    assert result == {"PhysicalResourceId": "rule-1", "Data": {"SipRuleId": "rule-1"}}


def test_sip_rule_create_rejects_a_trigger_that_is_not_a_number(client, stub, clock):
    with pytest.raises(cr.ProviderError, match="E.164"):
        run({"RequestType": "Create", "ResourceProperties": rule_props(trigger="3125550101")}, client, clock)


def test_sip_rule_update_retargets_a_new_application(client, stub, clock):
    stub.add_response(
        "update_sip_rule",
        sip_rule(),
        {
            "SipRuleId": "rule-1",
            "Name": "SmaOnDemandRecording-13125550101",
            "Disabled": False,
            "TargetApplications": [{"SipMediaApplicationId": "new-sma", "Priority": 1, "AwsRegion": "us-east-1"}],
        },
    )
    event = {
        "RequestType": "Update",
        "PhysicalResourceId": "rule-1",
        "ResourceProperties": rule_props(sma="new-sma"),
        "OldResourceProperties": rule_props(),
    }
    assert run(event, client, clock)["PhysicalResourceId"] == "rule-1"


def test_sip_rule_update_for_a_new_number_creates_a_new_rule(client, stub, clock):
    stub.add_response("create_sip_rule", sip_rule(rule_id="rule-2", trigger=OTHER), None)
    event = {
        "RequestType": "Update",
        "PhysicalResourceId": "rule-1",
        "ResourceProperties": rule_props(trigger=OTHER),
        "OldResourceProperties": rule_props(),
    }
    assert run(event, client, clock)["PhysicalResourceId"] == "rule-2"


def test_sip_rule_delete_disables_the_rule_first(client, stub, clock):
    stub.add_response("get_sip_rule", sip_rule(), {"SipRuleId": "rule-1"})
    stub.add_response("update_sip_rule", sip_rule(disabled=True), {"SipRuleId": "rule-1", "Name": "SmaOnDemandRecording-13125550101", "Disabled": True})
    stub.add_response("delete_sip_rule", {}, {"SipRuleId": "rule-1"})
    run({"RequestType": "Delete", "PhysicalResourceId": "rule-1", "ResourceProperties": rule_props()}, client, clock)


def test_sip_rule_delete_of_a_disabled_rule_deletes_it_directly(client, stub, clock):
    stub.add_response("get_sip_rule", sip_rule(disabled=True), {"SipRuleId": "rule-1"})
    stub.add_response("delete_sip_rule", {}, {"SipRuleId": "rule-1"})
    run({"RequestType": "Delete", "PhysicalResourceId": "rule-1", "ResourceProperties": rule_props()}, client, clock)


def test_sip_rule_delete_of_a_rule_already_gone_succeeds(client, stub, clock):
    stub.add_client_error("get_sip_rule", "NotFoundException", "not found", 404)
    run({"RequestType": "Delete", "PhysicalResourceId": "rule-1", "ResourceProperties": rule_props()}, client, clock)


def test_unknown_kind_is_refused(client, stub, clock):
    with pytest.raises(cr.ProviderError, match="unsupported request"):
        run({"RequestType": "Create", "ResourceProperties": {"Kind": "VoiceConnector"}}, client, clock)


def test_on_event_builds_a_chime_sdk_voice_client(monkeypatch, client, stub):
    made: list[str] = []

    def fake_client(service: str) -> Any:
        made.append(service)
        return client

    class Context:
        @staticmethod
        def get_remaining_time_in_millis() -> int:
            return 600_000

    monkeypatch.setattr(boto3, "client", fake_client)
    stub.add_response("create_sip_rule", sip_rule(), None)
    result = cr.on_event({"RequestType": "Create", "ResourceProperties": rule_props()}, Context())
    assert made == ["chime-sdk-voice"]
    assert result["PhysicalResourceId"] == "rule-1"
