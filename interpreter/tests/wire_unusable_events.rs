//! Invocations the decoder cannot use: why, named precisely, and what is salvaged for the log.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/base_event.rs"]
mod base_event;

use base_event::{base, decode, invalid, missing, reason};
use interpreter::wire::{EventType, Salvage, UnusableReason, decode_event};
use serde_json::json;

#[test]
fn garbage_is_refused_with_the_reason() {
    for bytes in [
        &b""[..],
        b"not json",
        b"{\"a\":",
        b"{} trailing",
        b"\xff\xfe",
    ] {
        let refused = decode_event(bytes).unwrap_err();
        assert!(
            matches!(refused.reason, UnusableReason::NotJson { .. }),
            "{bytes:?}: {refused}"
        );
        assert_eq!(refused.salvage, Salvage::default());
    }
    for bytes in [
        &b"[]"[..],
        b"[{\"Sequence\":1}]",
        b"null",
        b"\"HANGUP\"",
        b"42",
        b"true",
    ] {
        assert_eq!(
            decode_event(bytes).unwrap_err().reason,
            UnusableReason::NotAnObject,
            "{bytes:?}"
        );
    }
    let duplicated = decode_event(br#"{"Sequence":1,"Sequence":2}"#).unwrap_err();
    assert!(
        matches!(duplicated.reason, UnusableReason::Malformed { .. }),
        "{duplicated}"
    );
}

#[test]
fn deep_nesting_neither_overflows_nor_passes_unnoticed() {
    let nest = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // Skipped values are drained without recursion: the event is judged on its fields.
    let mut event = base();
    event["CallDetails"] = json!("placeholder");
    let text = serde_json::to_string(&event)
        .unwrap()
        .replace("\"placeholder\"", &nest(100_000));
    assert_eq!(
        decode_event(text.as_bytes()).unwrap_err().reason,
        invalid("CallDetails")
    );
    // Values that are kept are built with the parser's depth limit.
    let mut attributes = base();
    attributes["CallDetails"]["TransactionAttributes"] = json!({ "deep": "placeholder" });
    let mut intent = base();
    intent["ActionData"]["IntentResult"] = json!("placeholder");
    for event in [attributes, intent] {
        let text = serde_json::to_string(&event)
            .unwrap()
            .replace("\"placeholder\"", &nest(10_000));
        let refused = decode_event(text.as_bytes()).unwrap_err();
        assert!(
            matches!(refused.reason, UnusableReason::NotJson { .. }),
            "{refused}"
        );
    }
}

#[test]
fn each_required_field_is_named_when_missing() {
    let cases: [(&[&str], &str); 11] = [
        (&["SchemaVersion"], "SchemaVersion"),
        (&["Sequence"], "Sequence"),
        (&["InvocationEventType"], "InvocationEventType"),
        (&["CallDetails"], "CallDetails"),
        (
            &["CallDetails", "TransactionId"],
            "CallDetails.TransactionId",
        ),
        (&["CallDetails", "AwsAccountId"], "CallDetails.AwsAccountId"),
        (&["CallDetails", "AwsRegion"], "CallDetails.AwsRegion"),
        (&["CallDetails", "Participants"], "CallDetails.Participants"),
        (&["ActionData", "Type"], "ActionData.Type"),
        (
            &["CallDetails", "Participants", "0", "CallId"],
            "CallDetails.Participants[0].CallId",
        ),
        (
            &["CallDetails", "Participants", "0", "ParticipantTag"],
            "CallDetails.Participants[0].ParticipantTag",
        ),
    ];
    for (pointer, path) in cases {
        let mut event = base();
        let (last, parents) = pointer.split_last().unwrap();
        let mut target = &mut event;
        for key in parents {
            target = match key.parse::<usize>() {
                Ok(index) => &mut target[index],
                Err(_) => &mut target[*key],
            };
        }
        target.as_object_mut().unwrap().remove(*last);
        assert_eq!(reason(&event), missing(path), "{path}");
    }
}

#[test]
fn each_required_field_is_named_when_unusable() {
    let cases = [
        ("/SchemaVersion", json!({"v": 1}), "SchemaVersion"),
        ("/Sequence", json!("four"), "Sequence"),
        ("/Sequence", json!(-4), "Sequence"),
        ("/InvocationEventType", json!(7), "InvocationEventType"),
        ("/CallDetails", json!([]), "CallDetails"),
        (
            "/CallDetails/TransactionId",
            json!(["tx"]),
            "CallDetails.TransactionId",
        ),
        (
            "/CallDetails/Participants",
            json!({}),
            "CallDetails.Participants",
        ),
        (
            "/CallDetails/Participants/0",
            json!("leg"),
            "CallDetails.Participants[0]",
        ),
        (
            "/CallDetails/Participants/0/To",
            json!(true),
            "CallDetails.Participants[0].To",
        ),
        ("/ActionData", json!("PlayAudio"), "ActionData"),
        ("/ActionData/Type", json!({}), "ActionData.Type"),
    ];
    for (pointer, value, path) in cases {
        let mut event = base();
        *event.pointer_mut(pointer).unwrap() = value;
        assert_eq!(reason(&event), invalid(path), "{path}");
    }
}

#[test]
fn a_second_participant_is_named_by_its_index() {
    let mut event = base();
    event["CallDetails"]["Participants"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "ParticipantTag": "LEG-B", "To": "+1", "From": "+2" }));
    assert_eq!(
        reason(&event),
        missing("CallDetails.Participants[1].CallId")
    );
}

#[test]
fn what_can_be_read_of_an_unusable_event_is_salvaged() {
    let mut event = base();
    event["CallDetails"]["Participants"] = json!("nobody");
    let refused = decode(&event).unwrap_err();
    assert_eq!(refused.reason, invalid("CallDetails.Participants"));
    assert_eq!(
        refused.salvage,
        Salvage {
            transaction_id: Some("tx-1".into()),
            sequence: Some(4),
            event_type: Some(EventType::ActionFailed),
        }
    );
    let line = refused.to_string();
    assert!(
        line.contains("invalid field CallDetails.Participants"),
        "{line}"
    );
    assert!(
        line.contains("transaction tx-1") && line.contains("sequence 4"),
        "{line}"
    );

    let mut bare = base();
    bare.as_object_mut().unwrap().remove("CallDetails");
    bare["Sequence"] = json!("x");
    let refused = decode(&bare).unwrap_err();
    assert_eq!(refused.reason, invalid("Sequence"));
    assert_eq!(refused.salvage.transaction_id, None);
    assert_eq!(refused.salvage.event_type, Some(EventType::ActionFailed));
}
