"""The SipRule and SmaLogging resources, the wire form of the service's errors, and the entry point."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from support import NUMBER, OTHER, SMA_ID, cr, create, rule_props, run, service_error, sip_rule, update


# ---- SIP rules -----------------------------------------------------------------------------------

RULE_REQUEST = {
    "Name": "SmaOnDemandRecording-13125550101",
    "TriggerType": "ToPhoneNumber",
    "TriggerValue": NUMBER,
    "Disabled": False,
    "TargetApplications": [{"SipMediaApplicationId": SMA_ID, "Priority": 1, "AwsRegion": "us-east-1"}],
}


def test_sip_rule_create_targets_the_application_on_the_number(client, stub, clock):
    stub.add_response("create_sip_rule", sip_rule(), RULE_REQUEST)
    result = run({"RequestType": "Create", "ResourceProperties": rule_props()}, client, clock)
    assert result == {"PhysicalResourceId": "rule-1", "Data": {"SipRuleId": "rule-1"}}


def test_sip_rule_create_retries_while_the_new_number_settles(client, stub, clock):
    service_error(stub, client, "create_sip_rule", "BadRequestException", "Phone number is not available for SIP rule", **RULE_REQUEST)
    service_error(stub, client, "create_sip_rule", "ConflictException", "Phone number is being updated", **RULE_REQUEST)
    stub.add_response("create_sip_rule", sip_rule(), RULE_REQUEST)
    assert run({"RequestType": "Create", "ResourceProperties": rule_props()}, client, clock)["PhysicalResourceId"] == "rule-1"
    assert clock.sleeps == [cr.SIP_RULE_RETRY_SECONDS] * 2


def test_sip_rule_create_does_not_retry_a_refusal_that_cannot_pass(client, stub, clock):
    service_error(stub, client, "create_sip_rule", "ResourceLimitExceededException", "SIP rule limit exceeded")
    with pytest.raises(client.exceptions.ResourceLimitExceededException):
        run({"RequestType": "Create", "ResourceProperties": rule_props()}, client, clock)
    assert clock.sleeps == []


def test_sip_rule_create_gives_up_after_ten_attempts(client, stub, clock):
    assert cr.SIP_RULE_ATTEMPTS == 10
    for _ in range(cr.SIP_RULE_ATTEMPTS):
        service_error(stub, client, "create_sip_rule", "BadRequestException", "Phone number is not available for SIP rule")
    with pytest.raises(client.exceptions.BadRequestException):
        run({"RequestType": "Create", "ResourceProperties": rule_props()}, client, clock, deadline=10_000.0)
    assert clock.sleeps == [cr.SIP_RULE_RETRY_SECONDS] * (cr.SIP_RULE_ATTEMPTS - 1)


def test_sip_rule_create_stops_retrying_at_the_deadline(client, stub, clock):
    for _ in range(3):
        service_error(stub, client, "create_sip_rule", "BadRequestException", "Phone number is not available for SIP rule")
    with pytest.raises(client.exceptions.BadRequestException):
        run({"RequestType": "Create", "ResourceProperties": rule_props()}, client, clock, deadline=25.0)
    assert clock.now <= 25.0


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
    event = update(rule_props(sma="new-sma"), rule_props(), physical="rule-1")
    assert run(event, client, clock)["PhysicalResourceId"] == "rule-1"


def test_sip_rule_update_for_a_new_number_creates_a_new_rule(client, stub, clock):
    stub.add_response("create_sip_rule", sip_rule(rule_id="rule-2", trigger=OTHER), None)
    event = update(rule_props(trigger=OTHER), rule_props(), physical="rule-1")
    assert run(event, client, clock)["PhysicalResourceId"] == "rule-2"


DISABLE = {
    "SipRuleId": "rule-1",
    "Name": "SmaOnDemandRecording-13125550101",
    "Disabled": True,
    "TargetApplications": [{"SipMediaApplicationId": SMA_ID, "Priority": 1, "AwsRegion": "us-east-1"}],
}


def delete_rule() -> dict[str, Any]:
    return {"RequestType": "Delete", "PhysicalResourceId": "rule-1", "ResourceProperties": rule_props()}


def test_sip_rule_delete_disables_the_rule_first(client, stub, clock):
    stub.add_response("update_sip_rule", sip_rule(disabled=True), DISABLE)
    stub.add_response("delete_sip_rule", {}, {"SipRuleId": "rule-1"})
    run(delete_rule(), client, clock)
    assert clock.sleeps == []


def test_sip_rule_delete_retries_until_the_disabling_took_effect(client, stub, clock):
    stub.add_response("update_sip_rule", sip_rule(disabled=True), DISABLE)
    service_error(stub, client, "delete_sip_rule", "ConflictException", "SIP rule is enabled", SipRuleId="rule-1")
    service_error(stub, client, "delete_sip_rule", "BadRequestException", "SIP rule must be disabled before it is deleted", SipRuleId="rule-1")
    stub.add_response("delete_sip_rule", {}, {"SipRuleId": "rule-1"})
    run(delete_rule(), client, clock)
    assert clock.sleeps == [cr.POLL_SECONDS] * 2


def test_sip_rule_delete_gives_up_after_a_bound(client, stub, clock):
    stub.add_response("update_sip_rule", sip_rule(disabled=True), DISABLE)
    for _ in range(cr.DELETE_ATTEMPTS):
        service_error(stub, client, "delete_sip_rule", "ConflictException", "SIP rule is enabled")
    with pytest.raises(client.exceptions.ConflictException):
        run(delete_rule(), client, clock, deadline=10_000.0)
    assert len(clock.sleeps) == cr.DELETE_ATTEMPTS - 1


def test_sip_rule_delete_of_a_rule_already_gone_succeeds(client, stub, clock):
    service_error(stub, client, "update_sip_rule", "NotFoundException", "SIP rule not found")
    run(delete_rule(), client, clock)


def test_sip_rule_delete_after_a_failed_create_calls_nothing(client, stub, clock):
    event = {**delete_rule(), "PhysicalResourceId": "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED"}
    run(event, client, clock)


# ---- SIP media application logs --------------------------------------------------------------------


def logging_props() -> dict[str, Any]:
    return {"ServiceToken": "arn:token", "Kind": "SmaLogging", "SipMediaApplicationId": SMA_ID}


def logging_request(enabled: bool, sma: str = SMA_ID) -> dict[str, Any]:
    return {"SipMediaApplicationId": sma, "SipMediaApplicationLoggingConfiguration": {"EnableSipMediaApplicationMessageLogs": enabled}}


def test_logging_is_turned_on_for_the_application(client, stub, clock):
    answer = {"SipMediaApplicationLoggingConfiguration": {"EnableSipMediaApplicationMessageLogs": True}}
    stub.add_response("put_sip_media_application_logging_configuration", answer, logging_request(True))
    result = run({"RequestType": "Create", "ResourceProperties": logging_props()}, client, clock)
    assert result == {"PhysicalResourceId": f"logging:{SMA_ID}"}


def test_logging_is_turned_off_on_delete_and_a_missing_application_is_fine(client, stub, clock):
    answer = {"SipMediaApplicationLoggingConfiguration": {"EnableSipMediaApplicationMessageLogs": False}}
    stub.add_response("put_sip_media_application_logging_configuration", answer, logging_request(False))
    event = {"RequestType": "Delete", "PhysicalResourceId": f"logging:{SMA_ID}", "ResourceProperties": logging_props()}
    run(event, client, clock)
    service_error(stub, client, "put_sip_media_application_logging_configuration", "NotFoundException", "SIP media application not found")
    run(event, client, clock)


def test_unknown_kind_is_refused(client, stub, clock):
    with pytest.raises(cr.ProviderError, match="unsupported request"):
        run({"RequestType": "Create", "ResourceProperties": {"Kind": "VoiceConnector"}}, client, clock)


# ---- the service's errors as they arrive on the wire -------------------------------------------------


class Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any):
        yield self.data


def test_an_error_as_the_service_sends_it_reaches_the_retry_logic(client, clock):
    """The Stubber builds errors already parsed; here botocore parses the service's own HTTP answer
    (the error type in x-amzn-ErrorType, a JSON body with Code and Message) for the same path."""
    answers = [
        (200, {}, b'{"E164PhoneNumbers": ["+13125550101", "+13125550102"]}'),
        (400, {"x-amzn-ErrorType": "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.chimesdkvoice/"},
         b'{"Code": "BadRequest", "Message": "Phone number is not available"}'),
        (201, {}, b'{"PhoneNumberOrder": {"PhoneNumberOrderId": "order-2", "Status": "Successful", '
                  b'"OrderedPhoneNumbers": [{"E164PhoneNumber": "+13125550102", "Status": "Acquired"}]}}'),
        (200, {}, b'{"PhoneNumber": {"PhoneNumberId": "+13125550102", "Status": "Unassigned", '
                  b'"ProductType": "SipMediaApplicationDialIn"}}'),
    ]
    sent: list[str] = []

    def answer(request: Any, **_: Any) -> AWSResponse:
        sent.append(f"{request.method} {request.url.split('amazonaws.com')[1]}")
        status, headers, body = answers.pop(0)
        return AWSResponse(request.url, status, {"Content-Type": "application/json", **headers}, Body(body))

    client.meta.events.register("before-send.chime-sdk-voice", answer)
    result = run(create(), client, clock)
    assert result["PhysicalResourceId"] == OTHER
    assert answers == []
    assert sent[1:] == ["POST /phone-number-orders", "POST /phone-number-orders", "GET /phone-numbers/%2B13125550102"]


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
