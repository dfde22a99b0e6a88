//! The response envelope: built only valid, encoded with `SchemaVersion` and `Actions` always
//! present, and decoded strictly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/full_actions.rs"]
mod full_actions;

use full_actions::{CALL_A, full};
use interpreter::wire::limits::MAX_ACTIONS;
use interpreter::wire::*;
use serde_json::json;

#[test]
fn the_response_envelope_is_always_valid() {
    assert_eq!(
        serde_json::to_value(Response::empty()).unwrap(),
        json!({ "SchemaVersion": "1.0", "Actions": [] })
    );
    let pause = full(ActionKind::Pause);
    let ten = vec![pause.clone(); MAX_ACTIONS];
    let response = Response::new(ten, Some(attributes(10, 1024, 1024))).unwrap();
    let encoded = serde_json::to_value(&response).unwrap();
    assert_eq!(encoded["Actions"].as_array().unwrap().len(), 10);
    assert_eq!(
        encoded["TransactionAttributes"].as_object().unwrap().len(),
        10
    );
    assert_eq!(
        serde_json::from_value::<Response>(encoded).unwrap(),
        response
    );

    let eleven = vec![pause.clone(); 11];
    assert_eq!(
        Response::new(eleven, None),
        Err(EnvelopeError::TooManyActions { count: 11 })
    );
    assert!(matches!(
        Response::new(vec![], Some(attributes(11, 1, 1))),
        Err(EnvelopeError::TooManyAttributes { count: 11 })
    ));
    assert!(matches!(
        Response::new(vec![], Some(attributes(1, 1025, 1))),
        Err(EnvelopeError::AttributeKeyTooLong { chars: 1025, .. })
    ));
    assert!(matches!(
        Response::new(vec![], Some(attributes(1, 1, 1025))),
        Err(EnvelopeError::AttributeValueTooLong { chars: 1025, .. })
    ));
    let empty_map = Response::new(vec![], Some(Default::default())).unwrap();
    assert_eq!(
        serde_json::to_value(&empty_map).unwrap()["TransactionAttributes"],
        json!({})
    );

    let broken = Action::Pause(Pause {
        target: None,
        duration_in_milliseconds: 0,
    });
    let refused = Response::new(vec![pause, broken], None).unwrap_err();
    assert!(
        matches!(&refused, EnvelopeError::InvalidAction { index: 1, kind: ActionKind::Pause, violations } if violations.len() == 1)
    );
    assert_eq!(
        refused.to_string(),
        "action 1 (Pause) is invalid: Pause: DurationInMilliseconds must be at least 1, got 0"
    );
}

fn attributes(pairs: usize, key_chars: usize, value_chars: usize) -> TransactionAttributes {
    (0..pairs)
        .map(|i| {
            let key = format!("{i:0>width$}", width = key_chars);
            (key, "é".repeat(value_chars))
        })
        .collect()
}

#[test]
fn the_response_decoder_insists_on_the_envelope() {
    let wrong_version = json!({ "SchemaVersion": "2.0", "Actions": [] });
    assert!(serde_json::from_value::<Response>(wrong_version).is_err());
    assert!(serde_json::from_value::<Response>(json!({ "SchemaVersion": "1.0" })).is_err());
    let invalid_action = json!({ "SchemaVersion": "1.0", "Actions": [
        { "Type": "Pause", "Parameters": { "DurationInMilliseconds": 0 } }] });
    assert!(serde_json::from_value::<Response>(invalid_action).is_err());
    let call = json!({ "SchemaVersion": "1.0", "Actions": [
        { "Type": "SendDigits", "Parameters": { "CallId": CALL_A, "Digits": "1" } }] });
    let response: Response = serde_json::from_value(call).unwrap();
    assert_eq!(response.actions()[0].kind(), ActionKind::SendDigits);
}
