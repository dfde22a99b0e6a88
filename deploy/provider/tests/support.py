"""What the provider's tests share: sample ids, the service's answers, a clock that never waits.

botocore's Stubber checks every request against the Chime SDK Voice service model, so a misspelt
parameter or a missing required one fails here rather than during a deployment.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lambda"))

import chime_resources as cr  # noqa: E402,F401  (re-exported for the tests)

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


def run(event: dict[str, Any], client: Any, clock: FakeClock, deadline: float = 600.0) -> dict[str, Any]:
    return cr.handle(event, client, deadline=deadline, clock=clock, sleep=clock.sleep)


def service_error(stub: Stubber, client: Any, operation: str, error: str, text: str, **expected: Any) -> None:
    """Queues an error the way the service reports it: only an error the operation's model lists,
    with the HTTP status the model gives it (BadRequestException 400, NotFoundException 404, ...)."""
    model = client.meta.service_model.operation_model(client.meta.method_to_api_mapping[operation])
    shapes = {shape.name: shape for shape in model.error_shapes}
    assert error in shapes, f"{model.name} never returns {error}"
    status = shapes[error].metadata["error"]["httpStatusCode"]
    stub.add_client_error(operation, error, text, status, expected_params=expected or None)


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


def phone_number(number: str = NUMBER, status: str = "Unassigned", product: str = "SipMediaApplicationDialIn") -> dict[str, Any]:
    return {"PhoneNumber": {"PhoneNumberId": number, "E164PhoneNumber": number, "ProductType": product, "Status": status}}


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




SEARCH = {"Country": "US", "PhoneNumberType": "Local", "State": "IL", "MaxResults": 10}


def order_of(number: str) -> dict[str, Any]:
    return {"ProductType": "SipMediaApplicationDialIn", "E164PhoneNumbers": [number]}


def create(props: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"RequestType": "Create", "ResourceProperties": props or phone_props()}


def update(props: dict[str, Any], old: dict[str, Any], physical: str = NUMBER) -> dict[str, Any]:
    return {"RequestType": "Update", "PhysicalResourceId": physical, "ResourceProperties": props, "OldResourceProperties": old}
