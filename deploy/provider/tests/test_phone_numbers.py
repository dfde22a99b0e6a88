"""The PhoneNumber resource: ordering, adopting, keeping and releasing the recording number."""

from __future__ import annotations

import pytest
from support import (
    NUMBER,
    OTHER,
    SEARCH,
    cr,
    create,
    order,
    order_of,
    phone_number,
    phone_props,
    run,
    service_error,
    update,
)


# ---- ordering a number -----------------------------------------------------------------------------


def test_create_orders_a_number_and_waits_until_it_can_carry_a_rule(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER, OTHER]}, SEARCH)
    stub.add_response("create_phone_number_order", order("Processing"), order_of(NUMBER))
    stub.add_response("get_phone_number_order", order("Processing"), {"PhoneNumberOrderId": "order-1"})
    stub.add_response("get_phone_number_order", order("Successful", number_status="Acquired"), {"PhoneNumberOrderId": "order-1"})
    stub.add_response("get_phone_number", phone_number(status="AcquireInProgress"), {"PhoneNumberId": NUMBER})
    stub.add_response("get_phone_number", phone_number(status="Unassigned"), {"PhoneNumberId": NUMBER})

    result = run(create(), client, clock)

    assert result == {"PhysicalResourceId": NUMBER, "Data": {"PhoneNumber": NUMBER, "PhoneNumberOrderId": "order-1"}}
    assert clock.sleeps == [cr.POLL_SECONDS] * 3


def test_create_passes_the_area_code_and_defaults_country_and_type(client, stub, clock):
    stub.add_response(
        "search_available_phone_numbers",
        {"E164PhoneNumbers": [NUMBER]},
        {"Country": "US", "PhoneNumberType": "Local", "AreaCode": "312", "MaxResults": 10},
    )
    stub.add_response("create_phone_number_order", order("Successful", number_status="Acquired"), None)
    stub.add_response("get_phone_number", phone_number(), None)
    props = {"ServiceToken": "arn:token", "Kind": "PhoneNumber", "AreaCode": "312", "State": ""}
    assert run(create(props), client, clock)["PhysicalResourceId"] == NUMBER
    assert clock.sleeps == []


def test_a_refused_order_moves_on_to_the_next_candidate(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER, OTHER]}, SEARCH)
    service_error(stub, client, "create_phone_number_order", "BadRequestException", "Phone number is not available", **order_of(NUMBER))
    stub.add_response("create_phone_number_order", order("Successful", number=OTHER, number_status="Acquired", order_id="order-2"), order_of(OTHER))
    stub.add_response("get_phone_number", phone_number(OTHER), {"PhoneNumberId": OTHER})
    assert run(create(), client, clock)["PhysicalResourceId"] == OTHER


def test_a_failed_order_moves_on_to_the_next_candidate(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER, OTHER]}, None)
    stub.add_response("create_phone_number_order", order("Failed", number_status="Failed"), order_of(NUMBER))
    stub.add_response("create_phone_number_order", order("Processing", number=OTHER, order_id="order-2"), order_of(OTHER))
    stub.add_response("get_phone_number_order", order("Successful", number=OTHER, number_status="Acquired", order_id="order-2"), {"PhoneNumberOrderId": "order-2"})
    stub.add_response("get_phone_number", phone_number(OTHER), None)
    assert run(create(), client, clock)["PhysicalResourceId"] == OTHER


def test_when_every_candidate_is_taken_it_searches_again_for_new_ones(client, stub, clock):
    taken = [f"+1312555{n:04d}" for n in range(4)]
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": taken}, SEARCH)
    for number in taken[: cr.CANDIDATES]:
        service_error(stub, client, "create_phone_number_order", "BadRequestException", "Phone number is not available", **order_of(number))
    # The second search lists the tried numbers again: only the untried one is ordered.
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": taken}, SEARCH)
    stub.add_response("create_phone_number_order", order("Successful", number=taken[3], number_status="Acquired"), order_of(taken[3]))
    stub.add_response("get_phone_number", phone_number(taken[3]), None)
    assert run(create(), client, clock)["PhysicalResourceId"] == taken[3]
    assert clock.sleeps == [cr.POLL_SECONDS]


def test_searching_stops_after_a_bounded_number_of_rounds(client, stub, clock):
    for round_ in range(cr.SEARCH_ROUNDS):
        number = f"+1312555{round_:04d}"
        stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [number]}, SEARCH)
        service_error(stub, client, "create_phone_number_order", "BadRequestException", "Phone number is not available", **order_of(number))
    with pytest.raises(cr.ProviderError, match=r"could not order a phone number: \+13125550000: Phone number is not available"):
        run(create(), client, clock)


def test_create_fails_when_no_number_is_available(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": []}, None)
    with pytest.raises(cr.ProviderError, match="no phone number is available"):
        run(create(), client, clock)


def test_a_full_account_stops_at_once_with_what_to_do(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER, OTHER]}, None)
    service_error(stub, client, "create_phone_number_order", "ResourceLimitExceededException", "Phone number limit exceeded")
    with pytest.raises(cr.ProviderError, match="quota"):
        run(create(), client, clock)


def test_access_refused_explains_that_new_customers_cannot_use_sip_media_applications(client, stub, clock):
    service_error(stub, client, "search_available_phone_numbers", "ForbiddenException", "Service not available for this account")
    with pytest.raises(cr.ProviderError, match="closed to new customers since 2026-10-29") as refused:
        run(create(), client, clock)
    assert "SearchAvailablePhoneNumbers" in str(refused.value)


# ---- never orphan an ordered number ----------------------------------------------------------------


def test_an_order_still_pending_at_the_deadline_is_released(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER]}, None)
    stub.add_response("create_phone_number_order", order("Processing"), None)
    stub.add_response("get_phone_number_order", order("Processing"), None)
    stub.add_response("delete_phone_number", {}, {"PhoneNumberId": NUMBER})
    with pytest.raises(cr.ProviderError, match=r"ordered \+13125550101 but .*still Processing.*; released it"):
        run(create(), client, clock, deadline=8.0)
    assert clock.now <= 8.0


def test_a_number_that_fails_after_the_order_is_released(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER]}, None)
    stub.add_response("create_phone_number_order", order("Successful", number_status="Acquired"), None)
    stub.add_response("get_phone_number", phone_number(status="AcquireFailed"), None)
    stub.add_response("delete_phone_number", {}, {"PhoneNumberId": NUMBER})
    with pytest.raises(cr.ProviderError, match="became AcquireFailed; released it"):
        run(create(), client, clock)


def test_a_service_error_after_the_order_releases_the_number(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER]}, None)
    stub.add_response("create_phone_number_order", order("Processing"), None)
    service_error(stub, client, "get_phone_number_order", "ServiceFailureException", "Internal error")
    stub.add_response("delete_phone_number", {}, {"PhoneNumberId": NUMBER})
    with pytest.raises(cr.ProviderError, match="Internal error.*released it"):
        run(create(), client, clock)


def test_a_number_that_cannot_be_released_is_named_in_the_error(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [NUMBER]}, None)
    stub.add_response("create_phone_number_order", order("Processing"), None)
    stub.add_response("get_phone_number_order", order("Processing"), None)
    service_error(stub, client, "delete_phone_number", "BadRequestException", "Phone number is being acquired")
    with pytest.raises(cr.ProviderError, match=r"could NOT release it: release \+13125550101 by hand"):
        run(create(), client, clock, deadline=8.0)


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
        run(create({"Kind": "PhoneNumber", **props}), client, clock)


# ---- a number the account already owns ------------------------------------------------------------


def test_an_existing_number_is_adopted_after_checking_it(client, stub, clock):
    stub.add_response("get_phone_number", phone_number(OTHER), {"PhoneNumberId": OTHER})
    result = run(create(phone_props(ExistingNumber=OTHER)), client, clock)
    assert result == {"PhysicalResourceId": f"existing:{OTHER}", "Data": {"PhoneNumber": OTHER}}


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (phone_number(OTHER, product="VoiceConnector"), "set up for VoiceConnector"),
        (phone_number(OTHER, status="DeleteInProgress"), "is DeleteInProgress"),
    ],
)
def test_an_existing_number_that_cannot_serve_is_refused(client, stub, clock, answer, message):
    stub.add_response("get_phone_number", answer, None)
    with pytest.raises(cr.ProviderError, match=message):
        run(create(phone_props(ExistingNumber=OTHER)), client, clock)


def test_an_existing_number_of_another_account_is_refused(client, stub, clock):
    service_error(stub, client, "get_phone_number", "NotFoundException", "Phone number not found")
    with pytest.raises(cr.ProviderError, match="not a phone number of this account"):
        run(create(phone_props(ExistingNumber=OTHER)), client, clock)


def test_deleting_an_adopted_number_keeps_it(client, stub, clock):
    run({"RequestType": "Delete", "PhysicalResourceId": f"existing:{OTHER}", "ResourceProperties": phone_props()}, client, clock)


# ---- updates never replace the number silently ----------------------------------------------------


def test_an_update_without_changes_keeps_the_number(client, stub, clock):
    event = update(phone_props(ServiceToken="arn:new-token"), phone_props())
    assert run(event, client, clock) == {"PhysicalResourceId": NUMBER, "Data": {"PhoneNumber": NUMBER}}


def test_other_search_settings_keep_the_published_number(client, stub, clock):
    event = update(phone_props(AreaCode="217"), phone_props())
    assert run(event, client, clock) == {"PhysicalResourceId": NUMBER, "Data": {"PhoneNumber": NUMBER}}


def test_a_new_number_is_ordered_only_when_asked_for(client, stub, clock):
    stub.add_response("search_available_phone_numbers", {"E164PhoneNumbers": [OTHER]}, {**SEARCH, "AreaCode": "217"})
    stub.add_response("create_phone_number_order", order("Successful", number=OTHER, number_status="Acquired"), None)
    stub.add_response("get_phone_number", phone_number(OTHER), None)
    event = update(phone_props(AreaCode="217", NumberRequest="2026-12-06T10:00:00Z"), phone_props())
    assert run(event, client, clock)["PhysicalResourceId"] == OTHER


def test_the_same_request_token_again_keeps_the_number(client, stub, clock):
    token = "2026-12-06T10:00:00Z"
    event = update(phone_props(NumberRequest=token), phone_props(NumberRequest=token))
    assert run(event, client, clock)["PhysicalResourceId"] == NUMBER


def test_naming_an_existing_number_switches_to_it(client, stub, clock):
    stub.add_response("get_phone_number", phone_number(OTHER, status="Assigned"), {"PhoneNumberId": OTHER})
    event = update(phone_props(ExistingNumber=OTHER), phone_props())
    assert run(event, client, clock)["PhysicalResourceId"] == f"existing:{OTHER}"


def test_an_adopted_number_stays_adopted_when_no_longer_named(client, stub, clock):
    event = update(phone_props(), phone_props(ExistingNumber=OTHER), physical=f"existing:{OTHER}")
    assert run(event, client, clock) == {"PhysicalResourceId": f"existing:{OTHER}", "Data": {"PhoneNumber": OTHER}}


# ---- releasing a number ----------------------------------------------------------------------------


def test_delete_releases_the_number_retrying_while_it_is_still_associated(client, stub, clock):
    service_error(stub, client, "delete_phone_number", "BadRequestException", "Phone number is associated with a SIP rule", PhoneNumberId=NUMBER)
    stub.add_response("delete_phone_number", {}, {"PhoneNumberId": NUMBER})
    event = {"RequestType": "Delete", "PhysicalResourceId": NUMBER, "ResourceProperties": phone_props()}
    assert run(event, client, clock) == {"PhysicalResourceId": NUMBER}
    assert clock.sleeps == [2.0]


def test_delete_of_a_number_already_gone_succeeds(client, stub, clock):
    service_error(stub, client, "delete_phone_number", "NotFoundException", "Phone number not found")
    event = {"RequestType": "Delete", "PhysicalResourceId": NUMBER, "ResourceProperties": phone_props()}
    run(event, client, clock)


def test_delete_gives_up_after_repeated_refusals(client, stub, clock):
    for _ in range(cr.DELETE_ATTEMPTS):
        service_error(stub, client, "delete_phone_number", "BadRequestException", "Phone number is associated with a SIP rule")
    event = {"RequestType": "Delete", "PhysicalResourceId": NUMBER, "ResourceProperties": phone_props()}
    with pytest.raises(client.exceptions.BadRequestException):
        run(event, client, clock, deadline=10_000.0)
    assert len(clock.sleeps) == cr.DELETE_ATTEMPTS - 1


def test_delete_after_a_failed_create_calls_nothing(client, stub, clock):
    event = {"RequestType": "Delete", "PhysicalResourceId": "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED", "ResourceProperties": phone_props()}
    run(event, client, clock)


