"""Custom-resource provider for the PSTN pieces CloudFormation has no types for.

Runs as the `onEvent` handler of the CDK provider framework (Python 3.13 Lambda runtime, boto3 from
the runtime). Two resource kinds, chosen by the `Kind` property:

* `PhoneNumber`: searches for an available number (SearchAvailablePhoneNumbers), orders it for SIP media
  application dial-in (CreatePhoneNumberOrder) and polls the order (GetPhoneNumberOrder) until the
  number is acquired. Physical id: the E.164 number. Delete releases it (DeletePhoneNumber).
* `SipRule`: a `ToPhoneNumber` rule that sends calls to that number to the SIP media application
  (CreateSipRule). Physical id: the rule id. Update retargets it (UpdateSipRule); a new number means a
  new rule. Delete disables the rule, as the service requires, then deletes it.

The functions take the Chime SDK Voice client and the clock as arguments so the logic is tested with
botocore's Stubber and without waiting.
"""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Any, Callable

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
PRODUCT_TYPE = "SipMediaApplicationDialIn"
# Properties that choose which number to order; changing any of them orders a new number.
SEARCH_PROPERTIES = ("Country", "PhoneNumberType", "AreaCode", "State", "City", "TollFreePrefix")
# Order states after which waiting longer cannot help.
ORDER_FAILED = {"Failed", "Exception", "Cancelled", "CancelRequested"}
CANDIDATES = 3
POLL_SECONDS = 5.0
# Stop polling this long before the Lambda's own deadline so the failure is reported, not timed out.
DEADLINE_MARGIN_SECONDS = 30.0
DELETE_ATTEMPTS = 8


class ProviderError(Exception):
    """A request this provider cannot carry out; the framework reports it to CloudFormation."""


Clock = Callable[[], float]
Sleep = Callable[[float], None]


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Entry point for the CDK provider framework."""
    import boto3  # the Lambda runtime ships boto3; imported here so unit tests can run without AWS

    LOG.info(json.dumps({k: event.get(k) for k in ("RequestType", "LogicalResourceId", "PhysicalResourceId")}))
    client = boto3.client("chime-sdk-voice")
    deadline = time.monotonic() + context.get_remaining_time_in_millis() / 1000.0 - DEADLINE_MARGIN_SECONDS
    return handle(event, client, deadline=deadline)


def handle(
    event: dict[str, Any],
    client: Any,
    *,
    deadline: float,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
) -> dict[str, Any]:
    props = event.get("ResourceProperties", {})
    kind = props.get("Kind")
    request = event["RequestType"]
    if kind == "PhoneNumber":
        if request == "Create":
            return create_phone_number(client, props, deadline=deadline, clock=clock, sleep=sleep)
        if request == "Update":
            old = event.get("OldResourceProperties", {})
            if search_of(old) != search_of(props):
                return create_phone_number(client, props, deadline=deadline, clock=clock, sleep=sleep)
            number = event["PhysicalResourceId"]
            return {"PhysicalResourceId": number, "Data": {"PhoneNumber": number}}
        if request == "Delete":
            delete_phone_number(client, event.get("PhysicalResourceId", ""), deadline=deadline, clock=clock, sleep=sleep)
            return {"PhysicalResourceId": event.get("PhysicalResourceId", "")}
    elif kind == "SipRule":
        if request == "Create":
            return create_sip_rule(client, props)
        if request == "Update":
            old = event.get("OldResourceProperties", {})
            if old.get("TriggerValue") != props.get("TriggerValue"):
                return create_sip_rule(client, props)
            return update_sip_rule(client, event["PhysicalResourceId"], props)
        if request == "Delete":
            delete_sip_rule(client, event.get("PhysicalResourceId", ""))
            return {"PhysicalResourceId": event.get("PhysicalResourceId", "")}
    raise ProviderError(f"unsupported request: {request} for resource kind {kind!r}")


def search_of(props: dict[str, Any]) -> dict[str, str]:
    return {key: str(props[key]) for key in SEARCH_PROPERTIES if props.get(key)}


def search_request(props: dict[str, Any]) -> dict[str, Any]:
    """SearchAvailablePhoneNumbers parameters: US numbers need an area code, state, city or toll-free prefix."""
    search = search_of(props)
    search.setdefault("Country", "US")
    search.setdefault("PhoneNumberType", "Local")
    if search["PhoneNumberType"] not in ("Local", "TollFree"):
        raise ProviderError(f"PhoneNumberType must be Local or TollFree, not {search['PhoneNumberType']!r}")
    if "City" in search and "State" not in search:
        raise ProviderError("a City search needs a State as well")
    if search["Country"] == "US" and not {"AreaCode", "State", "City", "TollFreePrefix"} & search.keys():
        raise ProviderError("a US number search needs AreaCode, State, City or TollFreePrefix")
    return {**search, "MaxResults": 10}


def create_phone_number(
    client: Any, props: dict[str, Any], *, deadline: float, clock: Clock, sleep: Sleep
) -> dict[str, Any]:
    found = client.search_available_phone_numbers(**search_request(props)).get("E164PhoneNumbers", [])
    if not found:
        raise ProviderError(f"no phone number is available for {search_of(props)}; try another area code or state")
    problems = []
    # Someone else may take a listed number between the search and the order: try the next one.
    for number in found[:CANDIDATES]:
        order_args: dict[str, Any] = {"ProductType": PRODUCT_TYPE, "E164PhoneNumbers": [number]}
        if props.get("Name"):
            order_args["Name"] = props["Name"]
        order = client.create_phone_number_order(**order_args)["PhoneNumberOrder"]
        outcome = wait_for_order(client, order, number, deadline=deadline, clock=clock, sleep=sleep)
        if outcome is None:
            LOG.info("ordered %s", number)
            return {
                "PhysicalResourceId": number,
                "Data": {"PhoneNumber": number, "PhoneNumberOrderId": order["PhoneNumberOrderId"]},
            }
        problems.append(f"{number}: {outcome}")
    raise ProviderError("could not order a phone number: " + "; ".join(problems))


def wait_for_order(
    client: Any, order: dict[str, Any], number: str, *, deadline: float, clock: Clock, sleep: Sleep
) -> str | None:
    """Polls an order until the number is acquired (None) or the order failed (the reason)."""
    order_id = order["PhoneNumberOrderId"]
    while True:
        status = order.get("Status")
        numbers = {n.get("E164PhoneNumber"): n.get("Status") for n in order.get("OrderedPhoneNumbers", [])}
        if status == "Successful" or numbers.get(number) == "Acquired":
            return None
        if status in ORDER_FAILED or numbers.get(number) == "Failed":
            return f"order {order_id} ended as {status}"
        if clock() + POLL_SECONDS > deadline:
            raise ProviderError(f"phone number order {order_id} for {number} is still {status}; giving up waiting")
        sleep(POLL_SECONDS)
        order = client.get_phone_number_order(PhoneNumberOrderId=order_id)["PhoneNumberOrder"]


def delete_phone_number(client: Any, number: str, *, deadline: float, clock: Clock, sleep: Sleep) -> None:
    if not E164.match(number):
        # A create that failed leaves a placeholder physical id: nothing was ordered.
        LOG.info("no phone number to release for physical id %r", number)
        return
    delay = 2.0
    for attempt in range(1, DELETE_ATTEMPTS + 1):
        try:
            client.delete_phone_number(PhoneNumberId=number)
            LOG.info("released %s", number)
            return
        except (client.exceptions.NotFoundException, client.exceptions.GoneException):
            return
        except client.exceptions.BadRequestException:
            # The SIP rule deleted just before may still be detaching from the number.
            if attempt == DELETE_ATTEMPTS or clock() + delay > deadline:
                raise
            sleep(delay)
            delay = min(delay * 2, 30.0)


def rule_name(props: dict[str, Any]) -> str:
    """A name unique per number (a replaced rule coexists with the old one for a moment)."""
    prefix = re.sub(r"[^A-Za-z0-9 _.-]", "-", str(props.get("NamePrefix") or "sma-flow"))
    return f"{prefix}-{str(props['TriggerValue']).lstrip('+')}"[:256]


def targets(props: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "SipMediaApplicationId": props["SipMediaApplicationId"],
            "Priority": 1,
            "AwsRegion": props["AwsRegion"],
        }
    ]


def create_sip_rule(client: Any, props: dict[str, Any]) -> dict[str, Any]:
    trigger = str(props.get("TriggerValue", ""))
    if not E164.match(trigger):
        raise ProviderError(f"TriggerValue must be an E.164 phone number, not {trigger!r}")
    rule = client.create_sip_rule(
        Name=rule_name(props),
        TriggerType="ToPhoneNumber",
        TriggerValue=trigger,
        Disabled=False,
        TargetApplications=targets(props),
    )["SipRule"]
    return {"PhysicalResourceId": rule["SipRuleId"], "Data": {"SipRuleId": rule["SipRuleId"]}}


def update_sip_rule(client: Any, rule_id: str, props: dict[str, Any]) -> dict[str, Any]:
    client.update_sip_rule(SipRuleId=rule_id, Name=rule_name(props), Disabled=False, TargetApplications=targets(props))
    return {"PhysicalResourceId": rule_id, "Data": {"SipRuleId": rule_id}}


def delete_sip_rule(client: Any, rule_id: str) -> None:
    try:
        rule = client.get_sip_rule(SipRuleId=rule_id)["SipRule"]
    except (client.exceptions.NotFoundException, client.exceptions.BadRequestException):
        # Gone already, or a placeholder id left by a failed create.
        LOG.info("no SIP rule to delete for physical id %r", rule_id)
        return
    if not rule.get("Disabled"):
        # The service refuses to delete an enabled rule.
        client.update_sip_rule(SipRuleId=rule_id, Name=rule["Name"], Disabled=True)
    try:
        client.delete_sip_rule(SipRuleId=rule_id)
    except client.exceptions.NotFoundException:
        pass
