//! A realistic event as JSON, and shorthands for decoding variations of it.
#![allow(dead_code, reason = "each test file uses a different part")]

use interpreter::wire::{Event, FieldPath, UnusableEvent, UnusableReason, decode_event};
use serde_json::{Value, json};

pub fn base() -> Value {
    json!({
        "SchemaVersion": "1.0",
        "Sequence": 4,
        "InvocationEventType": "ACTION_FAILED",
        "ActionData": {
            "Type": "PlayAudio",
            "Parameters": { "CallId": "call-a", "ParticipantTag": "LEG-A" }
        },
        "CallDetails": {
            "TransactionId": "tx-1",
            "AwsAccountId": "123456789012",
            "AwsRegion": "us-east-1",
            "SipMediaApplicationId": "sma-1",
            "Participants": [
                { "CallId": "call-a", "ParticipantTag": "LEG-A", "To": "+12065550100",
                  "From": "+14255550199", "Direction": "Inbound",
                  "StartTimeInMilliseconds": "1717171717123", "Status": "Connected" }
            ]
        }
    })
}

pub fn decode(value: &Value) -> Result<Event, UnusableEvent> {
    decode_event(&serde_json::to_vec(value).unwrap())
}

pub fn ok(value: &Value) -> Event {
    decode(value).unwrap()
}

pub fn reason(value: &Value) -> UnusableReason {
    decode(value).unwrap_err().reason
}

pub fn missing(path: &str) -> UnusableReason {
    UnusableReason::MissingField(FieldPath::new(path))
}

pub fn invalid(path: &str) -> UnusableReason {
    UnusableReason::InvalidField(FieldPath::new(path))
}
