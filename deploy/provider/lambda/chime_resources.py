"""Custom-resource provider for the PSTN pieces CloudFormation has no types for.

Runs as the `onEvent` handler of the CDK provider framework (Python 3.13 Lambda runtime, boto3 from
the runtime). Three resource kinds, chosen by the `Kind` property:

* `PhoneNumber`: orders a number for SIP media application dial-in, or adopts one the account already
  owns (`ExistingNumber`). Ordering searches (SearchAvailablePhoneNumbers), orders a candidate
  (CreatePhoneNumberOrder), polls the order (GetPhoneNumberOrder) and then the number (GetPhoneNumber)
  until it can carry a SIP rule. Physical id: the E.164 number, or `existing:` and the number for an
  adopted one, which is never released. An update keeps the number unless a new one is asked for
  (`NumberRequest` changes) or another existing number is named; deleting an ordered number releases
  it (DeletePhoneNumber). A number ordered by a create that then fails is released before the error
  is reported: a number left behind keeps billing.
* `SipRule`: a `ToPhoneNumber` rule that sends calls to that number to the SIP media application
  (CreateSipRule, retried while a new number settles). Physical id: the rule id. Update retargets it
  (UpdateSipRule); a new number means a new rule. Delete disables the rule, as the service requires,
  then deletes it, retrying while the disabling takes effect.
* `SmaLogging`: turns on the SIP media application's message logs
  (PutSipMediaApplicationLoggingConfiguration); delete turns them off.
* `EmptyBucket`: on delete, empties the bucket so CloudFormation can delete it (buckets.py).

The functions take the Chime SDK Voice client and the clock as arguments so the logic is tested with
botocore's Stubber and without waiting.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any, Callable

from buckets import empty_bucket

LOG = logging.getLogger()
LOG.setLevel(logging.INFO)

E164 = re.compile(r"^\+[1-9]\d{1,14}$")
EXISTING = "existing:"
PRODUCT_TYPE = "SipMediaApplicationDialIn"
SEARCH_PROPERTIES = ("Country", "PhoneNumberType", "AreaCode", "State", "City", "TollFreePrefix")
# Order states after which waiting longer cannot help.
ORDER_FAILED = {"Failed", "Exception", "Cancelled", "CancelRequested"}
# A number in these states can be the trigger of a SIP rule.
NUMBER_READY = {"Unassigned", "Assigned"}
NUMBER_FAILED = {"AcquireFailed", "Cancelled", "ReleaseInProgress", "DeleteInProgress", "ReleaseFailed", "DeleteFailed"}
CANDIDATES = 3
SEARCH_ROUNDS = 3
POLL_SECONDS = 5.0
# The service refuses a rule for a number that is still settling; the community constructs learned to
# retry ten times, ten seconds apart.
SIP_RULE_ATTEMPTS = 10
SIP_RULE_RETRY_SECONDS = 10.0
# Stop waiting this long before the Lambda's own deadline so the failure is reported, not timed out.
DEADLINE_MARGIN_SECONDS = 30.0
DELETE_ATTEMPTS = 8
ACCESS_ERRORS = {"ForbiddenException", "AccessDeniedException", "UnauthorizedClientException"}


class ProviderError(Exception):
    """A request this provider cannot carry out; the framework reports it to CloudFormation."""


Clock = Callable[[], float]
Sleep = Callable[[float], None]


@dataclass
class Budget:
    """The time left for this request; waits never run past it."""

    deadline: float
    clock: Clock
    sleep: Sleep

    def wait(self, seconds: float) -> bool:
        """Sleeps, unless that would pass the deadline: then returns False at once."""
        if self.clock() + seconds > self.deadline:
            return False
        self.sleep(seconds)
        return True


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Entry point for the CDK provider framework."""
    import boto3  # the Lambda runtime ships boto3; imported here so unit tests can run without AWS

    LOG.info(json.dumps({k: event.get(k) for k in ("RequestType", "LogicalResourceId", "PhysicalResourceId")}))
    props = event.get("ResourceProperties", {})
    if props.get("Kind") == "EmptyBucket":
        return handle_bucket(event, boto3.client("s3"))
    client = boto3.client("chime-sdk-voice")
    deadline = time.monotonic() + context.get_remaining_time_in_millis() / 1000.0 - DEADLINE_MARGIN_SECONDS
    return handle(event, client, deadline=deadline)


def handle_bucket(event: dict[str, Any], s3: Any) -> dict[str, Any]:
    """Nothing to do until the stack goes; then the bucket is emptied so it can be deleted."""
    bucket = str(event.get("ResourceProperties", {}).get("BucketName", ""))
    if not bucket:
        raise ProviderError("BucketName is required")
    if event["RequestType"] == "Delete":
        empty_bucket(s3, event.get("PhysicalResourceId", "").removeprefix("empty:") or bucket)
    return {"PhysicalResourceId": f"empty:{bucket}"}


def handle(
    event: dict[str, Any],
    client: Any,
    *,
    deadline: float,
    clock: Clock = time.monotonic,
    sleep: Sleep = time.sleep,
) -> dict[str, Any]:
    budget = Budget(deadline, clock, sleep)
    try:
        return dispatch(event, client, budget)
    except client.exceptions.ClientError as error:
        if code(error) in ACCESS_ERRORS:
            raise ProviderError(
                f"{error.operation_name} was refused ({code(error)}: {message(error)}). Amazon Chime SDK SIP "
                "media applications are closed to new customers since 2026-10-29: an account that never used "
                "them cannot create them; otherwise check the region and the provider's permissions."
            ) from error
        raise


def dispatch(event: dict[str, Any], client: Any, budget: Budget) -> dict[str, Any]:
    props = event.get("ResourceProperties", {})
    old = event.get("OldResourceProperties", {})
    physical = event.get("PhysicalResourceId", "")
    kind = props.get("Kind")
    request = event["RequestType"]
    if kind == "PhoneNumber":
        if request == "Create":
            if props.get("ExistingNumber"):
                return adopt_phone_number(client, props["ExistingNumber"])
            return order_phone_number(client, props, budget)
        if request == "Update":
            return update_phone_number(client, physical, props, old, budget)
        if request == "Delete":
            delete_phone_number(client, physical, budget)
            return {"PhysicalResourceId": physical}
    elif kind == "SipRule":
        if request == "Create":
            return create_sip_rule(client, props, budget)
        if request == "Update":
            if old.get("TriggerValue") != props.get("TriggerValue"):
                return create_sip_rule(client, props, budget)
            return update_sip_rule(client, physical, props)
        if request == "Delete":
            delete_sip_rule(client, physical, props, budget)
            return {"PhysicalResourceId": physical}
    elif kind == "SmaLogging":
        sma = str(props.get("SipMediaApplicationId", ""))
        if request in ("Create", "Update"):
            put_logging(client, sma, True)
            return {"PhysicalResourceId": f"logging:{sma}"}
        if request == "Delete":
            try:
                put_logging(client, physical.removeprefix("logging:"), False)
            except client.exceptions.NotFoundException:
                pass  # the SIP media application went first: nothing logs any more
            return {"PhysicalResourceId": physical}
    raise ProviderError(f"unsupported request: {request} for resource kind {kind!r}")


def code(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


def message(error: Any) -> str:
    return str(error.response.get("Error", {}).get("Message", ""))


# ---- phone numbers -----------------------------------------------------------------------------


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


def number_result(number: str, *, adopted: bool, **data: str) -> dict[str, Any]:
    physical = f"{EXISTING}{number}" if adopted else number
    return {"PhysicalResourceId": physical, "Data": {"PhoneNumber": number, **data}}


def update_phone_number(
    client: Any, physical: str, props: dict[str, Any], old: dict[str, Any], budget: Budget
) -> dict[str, Any]:
    current = physical.removeprefix(EXISTING)
    adopted = physical.startswith(EXISTING)
    existing = props.get("ExistingNumber")
    if existing and existing != current:
        # Another number the account owns: CloudFormation then deletes the old resource, which
        # releases the old number only if this stack ordered it.
        return adopt_phone_number(client, existing)
    request = props.get("NumberRequest")
    if not existing and request and request != old.get("NumberRequest"):
        return order_phone_number(client, props, budget)
    if search_of(props) != search_of(old):
        LOG.info("the number search changed; keeping %s (a new number is ordered only when asked for)", current)
    # A number that was adopted stays the owner's even if the stack no longer names it.
    return number_result(current, adopted=adopted or bool(existing))


def adopt_phone_number(client: Any, number: str) -> dict[str, Any]:
    """Uses a number the account already owns; it is never released by this stack."""
    if not E164.match(number):
        raise ProviderError(f"ExistingNumber must be an E.164 phone number, not {number!r}")
    try:
        found = client.get_phone_number(PhoneNumberId=number)["PhoneNumber"]
    except client.exceptions.NotFoundException as error:
        raise ProviderError(f"{number} is not a phone number of this account: {message(error)}") from error
    if found.get("ProductType") != PRODUCT_TYPE:
        raise ProviderError(
            f"{number} is set up for {found.get('ProductType')}, not {PRODUCT_TYPE}; change its product type "
            "(UpdatePhoneNumber) before using it for a SIP media application"
        )
    if found.get("Status") not in NUMBER_READY:
        raise ProviderError(f"{number} is {found.get('Status')}; it must be Unassigned or Assigned to be used")
    return number_result(number, adopted=True)


def order_phone_number(client: Any, props: dict[str, Any], budget: Budget) -> dict[str, Any]:
    request = search_request(props)
    tried: set[str] = set()
    problems: list[str] = []
    for search_round in range(SEARCH_ROUNDS):
        if search_round:
            budget.wait(POLL_SECONDS)
        found = client.search_available_phone_numbers(**request).get("E164PhoneNumbers", [])
        if not found and not tried:
            raise ProviderError(f"no phone number is available for {search_of(props)}; try another area code or state")
        # Someone else may take a listed number between the search and the order: try the next one,
        # then search again for numbers not tried yet.
        for number in [n for n in found if n not in tried][:CANDIDATES]:
            tried.add(number)
            result = order_one(client, props, number, budget, problems)
            if result is not None:
                return result
    raise ProviderError("could not order a phone number: " + "; ".join(problems))


def order_one(
    client: Any, props: dict[str, Any], number: str, budget: Budget, problems: list[str]
) -> dict[str, Any] | None:
    """Orders one number and waits until it can carry a SIP rule; None when it cannot be had."""
    order_args: dict[str, Any] = {"ProductType": PRODUCT_TYPE, "E164PhoneNumbers": [number]}
    if props.get("Name"):
        order_args["Name"] = props["Name"]
    try:
        order = client.create_phone_number_order(**order_args)["PhoneNumberOrder"]
    except client.exceptions.BadRequestException as error:
        problems.append(f"{number}: {message(error)}")
        return None
    except client.exceptions.ResourceLimitExceededException as error:
        raise ProviderError(
            f"the account cannot hold another phone number ({message(error)}); release one or ask for a "
            "higher PSTN audio quota"
        ) from error
    # From here the account may hold the number: whatever fails releases it.
    try:
        failure = wait_for_order(client, order, number, budget)
        if failure is not None:
            problems.append(f"{number}: {failure}")
            return None
        wait_until_ready(client, number, budget)
    except Exception as error:
        released = release_quietly(client, number)
        note = "released it" if released else f"could NOT release it: release {number} by hand"
        raise ProviderError(f"ordered {number} but {error}; {note}") from error
    LOG.info("ordered %s", number)
    return number_result(number, adopted=False, PhoneNumberOrderId=order["PhoneNumberOrderId"])


def wait_for_order(client: Any, order: dict[str, Any], number: str, budget: Budget) -> str | None:
    """Polls an order until the number is acquired (None) or the order failed (the reason)."""
    order_id = order["PhoneNumberOrderId"]
    while True:
        status = order.get("Status")
        numbers = {n.get("E164PhoneNumber"): n.get("Status") for n in order.get("OrderedPhoneNumbers", [])}
        if status == "Successful" or numbers.get(number) == "Acquired":
            return None
        if status in ORDER_FAILED or numbers.get(number) == "Failed":
            return f"order {order_id} ended as {status}"
        if not budget.wait(POLL_SECONDS):
            raise ProviderError(f"phone number order {order_id} is still {status}; gave up waiting")
        order = client.get_phone_number_order(PhoneNumberOrderId=order_id)["PhoneNumberOrder"]


def wait_until_ready(client: Any, number: str, budget: Budget) -> None:
    """An acquired order's number takes a moment to show as Unassigned; a SIP rule needs that."""
    while True:
        try:
            status = client.get_phone_number(PhoneNumberId=number)["PhoneNumber"].get("Status")
        except client.exceptions.NotFoundException:
            status = "not visible yet"
        if status in NUMBER_READY:
            return
        if status in NUMBER_FAILED:
            raise ProviderError(f"the number became {status}")
        if not budget.wait(POLL_SECONDS):
            raise ProviderError(f"the number is still {status}; gave up waiting")


def release_quietly(client: Any, number: str) -> bool:
    try:
        client.delete_phone_number(PhoneNumberId=number)
        LOG.info("released %s after a failed create", number)
        return True
    except client.exceptions.NotFoundException:
        return True
    except client.exceptions.ClientError as error:
        LOG.error("could not release %s: %s", number, error)
        return False


def delete_phone_number(client: Any, physical: str, budget: Budget) -> None:
    if physical.startswith(EXISTING):
        LOG.info("keeping %s: the account owned it before this stack", physical.removeprefix(EXISTING))
        return
    if not E164.match(physical):
        # A create that failed leaves a placeholder physical id: nothing was ordered.
        LOG.info("no phone number to release for physical id %r", physical)
        return
    delay = 2.0
    for attempt in range(1, DELETE_ATTEMPTS + 1):
        try:
            client.delete_phone_number(PhoneNumberId=physical)
            LOG.info("released %s", physical)
            return
        except (client.exceptions.NotFoundException, client.exceptions.GoneException):
            return
        except client.exceptions.BadRequestException:
            # The SIP rule deleted just before may still be detaching from the number.
            if attempt == DELETE_ATTEMPTS or not budget.wait(delay):
                raise
            delay = min(delay * 2, 30.0)


# ---- SIP rules -----------------------------------------------------------------------------------


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


def create_sip_rule(client: Any, props: dict[str, Any], budget: Budget) -> dict[str, Any]:
    trigger = str(props.get("TriggerValue", ""))
    if not E164.match(trigger):
        raise ProviderError(f"TriggerValue must be an E.164 phone number, not {trigger!r}")
    # The errors CreateSipRule gives (its model lists no NotFoundException) while a new number settles.
    settling = (client.exceptions.BadRequestException, client.exceptions.ConflictException)
    for attempt in range(1, SIP_RULE_ATTEMPTS + 1):
        try:
            rule = client.create_sip_rule(
                Name=rule_name(props),
                TriggerType="ToPhoneNumber",
                TriggerValue=trigger,
                Disabled=False,
                TargetApplications=targets(props),
            )["SipRule"]
            return {"PhysicalResourceId": rule["SipRuleId"], "Data": {"SipRuleId": rule["SipRuleId"]}}
        except settling as error:
            LOG.info("CreateSipRule attempt %d: %s", attempt, error)
            if attempt == SIP_RULE_ATTEMPTS or not budget.wait(SIP_RULE_RETRY_SECONDS):
                raise
    raise ProviderError("unreachable: the last attempt returns or raises")


def update_sip_rule(client: Any, rule_id: str, props: dict[str, Any]) -> dict[str, Any]:
    client.update_sip_rule(SipRuleId=rule_id, Name=rule_name(props), Disabled=False, TargetApplications=targets(props))
    return {"PhysicalResourceId": rule_id, "Data": {"SipRuleId": rule_id}}


def delete_sip_rule(client: Any, rule_id: str, props: dict[str, Any], budget: Budget) -> None:
    if not rule_id or "::" in rule_id:
        # A create that failed leaves the framework's placeholder: no rule was made.
        LOG.info("no SIP rule to delete for physical id %r", rule_id)
        return
    try:
        # The service refuses to delete an enabled rule. Naming the target keeps the request within
        # the permission scoped to this SIP media application.
        client.update_sip_rule(SipRuleId=rule_id, Name=rule_name(props), Disabled=True, TargetApplications=targets(props))
    except client.exceptions.NotFoundException:
        return
    # Disabling takes effect asynchronously: the delete is refused until it has.
    for attempt in range(1, DELETE_ATTEMPTS + 1):
        try:
            client.delete_sip_rule(SipRuleId=rule_id)
            return
        except client.exceptions.NotFoundException:
            return
        except (client.exceptions.ConflictException, client.exceptions.BadRequestException):
            if attempt == DELETE_ATTEMPTS or not budget.wait(POLL_SECONDS):
                raise


# ---- SIP media application logs --------------------------------------------------------------------


def put_logging(client: Any, sma: str, enabled: bool) -> None:
    if not sma:
        raise ProviderError("SipMediaApplicationId is required")
    client.put_sip_media_application_logging_configuration(
        SipMediaApplicationId=sma,
        SipMediaApplicationLoggingConfiguration={"EnableSipMediaApplicationMessageLogs": enabled},
    )
