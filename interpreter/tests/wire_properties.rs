//! Properties of the wire model: the event decoder never panics and whatever it accepts
//! re-encodes to the same event; every valid action encodes to JSON that the strict decoder
//! turns back into the same action, and passes validation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/action_strategies.rs"]
mod action_strategies;
#[path = "support/event_strategies.rs"]
mod event_strategies;

use action_strategies::action;
use event_strategies::event;
use interpreter::wire::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON, biased towards the keys and values of real events.

const KEYS: &[&str] = &[
    "SchemaVersion",
    "Sequence",
    "InvocationEventType",
    "CallDetails",
    "ActionData",
    "TransactionId",
    "TransactionAttributes",
    "AwsAccountId",
    "AwsRegion",
    "SipRuleId",
    "SipMediaApplicationId",
    "SipApplicationId",
    "Participants",
    "CallId",
    "ParticipantTag",
    "To",
    "From",
    "Direction",
    "StartTimeInMilliseconds",
    "Status",
    "SipHeaders",
    "Type",
    "Parameters",
    "SipResponseCode",
    "Arguments",
    "ReceivedDigits",
    "RecordingDestination",
    "CallRecordingDestination",
    "RecordingTerminatorUsed",
    "IntentResult",
    "ErrorType",
    "ErrorMessage",
    "Error",
    "ErrorList",
    "BucketName",
    "Key",
    "Location",
];

const TEXTS: &[&str] = &[
    "1.0",
    "HANGUP",
    "NEW_INBOUND_CALL",
    "ACTION_FAILED",
    "LEG-A",
    "Leg-B",
    "Inbound",
    "Connected",
    "Disconnected",
    "PlayAudio",
    "CallUpdateRequest",
    "486",
    "-1",
    "1e3",
    "",
    "NoAccess: denied",
    "S3",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(TEXTS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let key = prop_oneof![3 => select(KEYS).prop_map(str::to_owned), 1 => "[A-Za-z]{0,8}"];
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(key, inner, 0..8).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A realistic event to start from.
fn sample_event() -> Value {
    json!({
        "SchemaVersion": "1.0",
        "Sequence": 6,
        "InvocationEventType": "HANGUP",
        "ActionData": {
            "Type": "Hangup",
            "Parameters": { "SipResponseCode": 0, "CallId": "call-a", "ParticipantTag": "LEG-A" },
            "ErrorType": "X", "ErrorList": ["e"]
        },
        "CallDetails": {
            "TransactionId": "tx", "TransactionAttributes": { "state": "bridged" },
            "AwsAccountId": "123456789012", "AwsRegion": "us-east-1", "SipRuleId": "rule",
            "SipMediaApplicationId": "sma",
            "Participants": [
                { "CallId": "call-a", "ParticipantTag": "LEG-A", "To": "+1", "From": "+2",
                  "Direction": "Inbound", "StartTimeInMilliseconds": "1717171717123",
                  "Status": "Disconnected", "SipHeaders": { "X-A": "1" } },
                { "CallId": "call-b", "ParticipantTag": "LEG-B", "To": "+3", "From": "+2",
                  "Direction": "Outbound", "Status": "Connected" }
            ]
        }
    })
}

const POINTERS: &[&str] = &[
    "",
    "/SchemaVersion",
    "/Sequence",
    "/InvocationEventType",
    "/ActionData",
    "/ActionData/Type",
    "/ActionData/Parameters",
    "/ActionData/Parameters/SipResponseCode",
    "/ActionData/Parameters/ParticipantTag",
    "/ActionData/ErrorList",
    "/CallDetails",
    "/CallDetails/TransactionAttributes",
    "/CallDetails/Participants",
    "/CallDetails/Participants/0",
    "/CallDetails/Participants/1/Status",
    "/CallDetails/Participants/0/SipHeaders",
    "/CallDetails/Participants/0/StartTimeInMilliseconds",
];

/// Whatever is accepted must survive a round trip.
fn check_decoding(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(event) = decode_event(bytes) {
        let encoded = serde_json::to_vec(&event).unwrap();
        prop_assert_eq!(decode_event(&encoded), Ok(event));
    }
    Ok(())
}

/// A number the default float parser reads back with a different last digit.
#[test]
fn an_echoed_number_survives_a_round_trip_exactly() {
    let mut event = sample_event();
    *event.pointer_mut("/ActionData/Parameters").unwrap() =
        serde_json::json!({ "SchemaVersion": -6.326487407555199e-91 });
    check_decoding(&serde_json::to_vec(&event).unwrap()).unwrap();
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_the_decoder(bytes in vec(any::<u8>(), 0..256)) {
        check_decoding(&bytes)?;
    }

    #[test]
    fn arbitrary_json_never_panics_the_decoder(value in json_value()) {
        check_decoding(&serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn a_realistic_event_with_any_part_replaced_never_panics_the_decoder(
        pointer in select(POINTERS),
        replacement in json_value(),
    ) {
        let mut event = sample_event();
        *event.pointer_mut(pointer).unwrap() = replacement;
        check_decoding(&serde_json::to_vec(&event).unwrap())?;
    }

    #[test]
    fn every_event_re_encodes_to_itself(event in event()) {
        let encoded = serde_json::to_vec(&event).unwrap();
        prop_assert_eq!(decode_event(&encoded), Ok(event));
    }

    #[test]
    fn every_valid_action_encodes_decodes_and_validates(action in action()) {
        prop_assert_eq!(action.validate(), Ok(()));
        let encoded = serde_json::to_value(&action).unwrap();
        let decoded: Action = serde_json::from_value(encoded).unwrap();
        prop_assert_eq!(decoded, action);
    }

    #[test]
    fn every_valid_response_round_trips(
        actions in vec(action(), 0..=10),
        attributes in option::of(btree_map(".{0,20}", ".{0,40}", 0..=10)),
    ) {
        let response = Response::new(actions, attributes).unwrap();
        let encoded = serde_json::to_vec(&response).unwrap();
        let decoded: Response = serde_json::from_slice(&encoded).unwrap();
        prop_assert_eq!(decoded, response);
    }
}
