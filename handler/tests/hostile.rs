//! Hostile input through the handler's answer path: every event of `tests/hostile/` (malformed,
//! wrong-typed, unknown, out of order, the owner's number on LEG-B, forged state and recording
//! state, values over the limits), and generated ones (truncated, a megabyte, deeply nested,
//! replayed, state moved from the owner's call, a flow version that does not exist). Each gets a
//! valid envelope, and none gets what only the owner or a call in progress may get.
//!
//! The files are a stranger's call to the recording number; `recording@0000000000000000` in them
//! stands for the built-in flow's own stamp, so that forged state names the right flow.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use handler::seal::Sealer;
use interpreter::step::stamp_of;
use serde_json::{Value, json};
use std::path::Path;
use support::app::*;
use support::call::*;

const PLACEHOLDER: &str = "recording@0000000000000000";

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let stamp = stamp_of(&flow());
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "event"))
        .map(|p| {
            let text = std::fs::read(&p).unwrap();
            let text = String::from_utf8_lossy(&text).replace(PLACEHOLDER, &stamp);
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, text.into_bytes())
        })
        .collect();
    files.sort();
    files
}

fn assert_unprivileged(name: &str, bytes: &[u8]) {
    let app = app();
    let mut call = new_call(STRANGER);
    let turn = deliver_bytes(&app, &mut call, bytes);
    let found = privileges(&turn);
    assert!(found.is_empty(), "{name}: {found:?}");
}

#[test]
fn every_file_of_the_corpus_gets_a_valid_envelope_and_no_privilege() {
    let files = corpus();
    assert!(files.len() >= 30, "the corpus is missing: {}", files.len());
    for (name, bytes) in &files {
        assert_unprivileged(name, bytes);
    }
}

#[test]
fn forged_state_in_the_corpus_is_dropped_not_obeyed() {
    // Without the seal these would bridge a stranger out through the recording number, or stop
    // and resume a recording; the note says why the state was not used.
    for (name, bytes) in corpus() {
        if !name.starts_with("forged-") {
            continue;
        }
        let answer = app().answer_bytes(&bytes);
        assert!(answer.dropped_state.is_some(), "{name}");
    }
}

fn e1() -> Vec<u8> {
    let mut call = new_call(STRANGER);
    call.event("NEW_INBOUND_CALL", None, json!({}))
        .to_string()
        .into_bytes()
}

#[test]
fn every_truncation_of_an_event_gets_a_valid_envelope() {
    let whole = e1();
    for cut in 0..whole.len() {
        assert_unprivileged(&format!("cut at {cut}"), &whole[..cut]);
    }
}

#[test]
fn a_megabyte_event_gets_a_valid_envelope() {
    let mut call = new_call(STRANGER);
    let mut event = call.event("NEW_INBOUND_CALL", None, json!({}));
    event["CallDetails"]["Participants"][0]["SipHeaders"] = json!({"X-Big": "9".repeat(1 << 20)});
    let bytes = event.to_string().into_bytes();
    assert!(bytes.len() > 1 << 20);
    assert_unprivileged("1 MB header", &bytes);
    let mut padded = e1();
    padded.extend(std::iter::repeat_n(b' ', 1 << 20));
    assert_unprivileged("1 MB of spaces", &padded);
}

#[test]
fn deeply_nested_events_get_a_valid_envelope() {
    for depth in [64, 1000, 100_000] {
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert_unprivileged("nested arrays", nested.as_bytes());
        let mut call = new_call(STRANGER);
        let mut event = call.event("NEW_INBOUND_CALL", None, json!({}));
        let deep = format!("{}{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let text = event.to_string().replacen(
            "\"SchemaVersion\"",
            &format!("\"Deep\":{deep},\"SchemaVersion\""),
            1,
        );
        assert_unprivileged("nested objects in an event", text.as_bytes());
        event["ActionData"] = json!({"Type": "PlayAudio"});
        let text = event.to_string().replacen(
            "\"PlayAudio\"",
            &format!("{}0{}", "[".repeat(depth), "]".repeat(depth)),
            1,
        );
        assert_unprivileged("nested action type", text.as_bytes());
    }
}

/// The owner's dial-out state, taken from the owner's own call and sent with a stranger's.
#[test]
fn the_owners_state_moved_to_a_strangers_call_does_not_dial_out() {
    let app = app();
    let owner = owner_at_prompt(&app);
    let stolen = owner.attributes.clone();
    assert_eq!(stolen["state"], "dial_out");

    let mut stranger = new_call(STRANGER);
    send(&app, &mut stranger, "NEW_INBOUND_CALL", None);
    stranger.attributes = stolen;
    stranger.connect_all();
    let mut event = stranger.event(
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
        json!({}),
    );
    event["CallDetails"]["TransactionId"] = json!("99999999-2222-4333-8444-555555555555");
    let answer = app.answer_bytes(event.to_string().as_bytes());
    assert_valid(&answer.turn);
    assert_eq!(privileges(&answer.turn), Vec::<String>::new());
    assert!(
        answer
            .dropped_state
            .unwrap()
            .contains("sealed for another call"),
        "the log says why"
    );
}

#[test]
fn the_owners_own_call_still_dials_out_with_its_sealed_state() {
    let app = app();
    let mut owner = owner_at_prompt(&app);
    owner.connect_all();
    let turn = send(
        &app,
        &mut owner,
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
    );
    assert_eq!(types(&turn), ["PlayAudio", "CallAndBridge"]);
    assert!(owner.attributes["seal"].as_str().unwrap().len() == 64);
}

#[test]
fn a_replayed_event_gets_the_same_answer_and_no_more() {
    let app = app();
    let mut call = new_call(STRANGER);
    send(&app, &mut call, "NEW_INBOUND_CALL", None);
    call.b = Some(
        json!({"CallId": LEG_B, "ParticipantTag": "LEG-B", "To": OWNER,
        "From": STRANGER, "Direction": "Outbound", "Status": "Connected"}),
    );
    call.connect_all();
    let data = json!({"Type": "CallAndBridge", "Parameters": {"CallTimeoutSeconds": 30,
        "CallerIdNumber": STRANGER, "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": OWNER}],
        "CallId": LEG_A}});
    let event = call.event("ACTION_SUCCESSFUL", Some(data), json!({}));
    let first = deliver(&app, &mut call, &event);
    let again = deliver(&app, &mut call, &event);
    assert_eq!(first.response, again.response);
    // The owner stops the recording; replaying that event (with the state it carried) stops
    // nothing more, and replaying it after the stop changes nothing either.
    let stop = json!({"Type": "ReceiveDigits", "Parameters": {"CallId": LEG_B,
        "InputDigitsRegex": "[5-7]"}, "ReceivedDigits": "7"});
    let stop = call.event("DIGITS_RECEIVED", Some(stop), json!({}));
    let stopped = deliver(&app, &mut call, &stop);
    assert!(types(&stopped).contains(&"StopCallRecording".to_owned()));
    let replayed = deliver(&app, &mut call, &stop);
    assert_eq!(stopped.response, replayed.response);
    let mut after = call.event("DIGITS_RECEIVED", None, json!({}));
    after["ActionData"] = stop["ActionData"].clone();
    let later = deliver(&app, &mut call, &after);
    assert!(!types(&later).contains(&"StopCallRecording".to_owned()));
}

#[test]
fn a_flow_version_that_does_not_exist_is_refused_even_when_sealed() {
    let app = app();
    let mut call = new_call(STRANGER);
    call.connect_all();
    let mut attributes = std::collections::BTreeMap::new();
    for (k, v) in [
        ("flow", "recording@ffffffffffffffff"),
        ("state", "dial_out"),
        ("rec", "idle"),
    ] {
        attributes.insert(k.to_owned(), v.to_owned());
    }
    Sealer::with_keys(KEY, None).seal(TXN, &mut attributes);
    call.attributes = serde_json::to_value(&attributes).unwrap();
    let turn = send(
        &app,
        &mut call,
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
    );
    assert_eq!(types(&turn), ["Hangup"]);
    assert!(
        turn.note
            .unwrap()
            .to_string()
            .contains("recording@ffffffffffffffff")
    );
}

#[test]
fn state_sealed_with_the_previous_key_is_accepted_after_a_rotation() {
    let before = app();
    let mut owner = owner_at_prompt(&before);
    owner.connect_all();
    let rotated = app_with(Sealer::with_keys(
        b"the next key 0123456789abcdef01234567",
        Some(KEY),
    ));
    let turn = send(
        &rotated,
        &mut owner,
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
    );
    assert_eq!(types(&turn), ["PlayAudio", "CallAndBridge"]);
    // Without the previous key, the same state is not trusted.
    let mut owner = owner_at_prompt(&before);
    owner.connect_all();
    let other = app_with(Sealer::with_keys(
        b"the next key 0123456789abcdef01234567",
        None,
    ));
    let turn = send(
        &other,
        &mut owner,
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
    );
    assert_eq!(privileges(&turn), Vec::<String>::new());
}

#[test]
fn a_stranger_cannot_forge_the_owners_state_with_the_development_key() {
    // A deployment's key is not the public one: a state sealed with the public key is dropped.
    let dev = app_with(Sealer::development());
    let owner = owner_at_prompt(&dev);
    let mut forged = new_call(STRANGER);
    forged.attributes = owner.attributes.clone();
    forged.connect_all();
    let event: Value = forged.event(
        "ACTION_SUCCESSFUL",
        Some(collected("3125550177")),
        json!({}),
    );
    let turn = deliver(&app(), &mut forged, &event);
    assert_eq!(privileges(&turn), Vec::<String>::new());
}
