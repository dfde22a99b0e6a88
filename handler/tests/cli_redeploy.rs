//! A redeploy never drops a call: the real binary, with a changed recording flow in place of the
//! built-in one (version N+1), finishes a call that started on the built-in version N on N, starts
//! new calls on N+1, and refuses only a version it does not know.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::{Value, json};
use support::cli::*;

const TXN: &str = "44444444-2222-4333-8444-555555555555";
const LEG_A: &str = "aaaaaaaa-0000-4000-8000-00000000000a";

fn event(kind: &str, sequence: u64, attributes: &Value, data: Option<Value>) -> Vec<u8> {
    let mut event = json!({
        "SchemaVersion": "1.0", "Sequence": sequence, "InvocationEventType": kind,
        "CallDetails": {
            "TransactionId": TXN, "AwsAccountId": "123456789012", "AwsRegion": "us-east-1",
            "TransactionAttributes": attributes,
            "Participants": [{"CallId": LEG_A, "ParticipantTag": "LEG-A", "To": "+12065550199",
                "From": OWNER, "Direction": "Inbound", "Status": "Connected",
                "StartTimeInMilliseconds": "1717171717123"}]
        }
    });
    if let Some(data) = data {
        event["ActionData"] = data;
    }
    event.to_string().into_bytes()
}

fn digits() -> Value {
    json!({"Type": "PlayAudioAndGetDigits", "Parameters": {"CallId": LEG_A},
        "ReceivedDigits": "3125550177"})
}

fn invoke(dir: &TempDir, args: &[&str], input: &[u8]) -> Value {
    let output = run(handler(dir, args), input);
    assert_exit(&output, 0);
    envelope(stdout(&output).trim_end())
}

fn types(answer: &Value) -> Vec<String> {
    answer["Actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["Type"].as_str().unwrap().to_owned())
        .collect()
}

/// Version N+1: the recording flow without the "connecting" prompt before an owner's dial-out.
fn next_version(dir: &TempDir) -> String {
    let source = std::fs::read_to_string(root().join("flows/recording.flow")).unwrap();
    let cut = "    play connecting to caller\n    bridge to dialled";
    assert!(
        source.contains(cut),
        "the dial-out of recording.flow changed; update this test"
    );
    let changed = source.replace(cut, "    bridge to dialled");
    let flows = dir.path().join("next");
    std::fs::create_dir_all(flows.join("prompts")).unwrap();
    for entry in std::fs::read_dir(root().join("flows/prompts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, flows.join("prompts").join(path.file_name().unwrap())).unwrap();
    }
    let path = flows.join("recording.flow");
    std::fs::write(&path, changed).unwrap();
    path.display().to_string()
}

#[test]
fn a_call_started_on_version_n_finishes_on_n_after_n_plus_1_is_deployed() {
    let dir = TempDir::new("redeploy");
    // Version N (built in) answers the owner's call with the dial-out prompt.
    let started = invoke(
        &dir,
        &["invoke"],
        &event("NEW_INBOUND_CALL", 1, &json!({}), None),
    );
    assert_eq!(types(&started), ["PlayAudioAndGetDigits"]);
    let state = started["TransactionAttributes"].clone();
    let version_n = state["flow"].as_str().unwrap().to_owned();

    // N+1 is deployed; the digits of the call started on N arrive.
    let next = next_version(&dir);
    let finished = invoke(
        &dir,
        &["invoke", "--flow", &next],
        &event("ACTION_SUCCESSFUL", 2, &state, Some(digits())),
    );
    assert_eq!(
        types(&finished),
        ["PlayAudio", "CallAndBridge"],
        "N's answer"
    );
    assert_eq!(
        finished["TransactionAttributes"]["flow"],
        version_n.as_str()
    );

    // A new call on the same deployment runs N+1.
    let fresh = invoke(
        &dir,
        &["invoke", "--flow", &next],
        &event("NEW_INBOUND_CALL", 1, &json!({}), None),
    );
    let version_next = fresh["TransactionAttributes"]["flow"].as_str().unwrap();
    assert_ne!(version_next, version_n);
    let on_next = invoke(
        &dir,
        &["invoke", "--flow", &next],
        &event(
            "ACTION_SUCCESSFUL",
            2,
            &fresh["TransactionAttributes"],
            Some(digits()),
        ),
    );
    assert_eq!(types(&on_next), ["CallAndBridge"], "N+1's answer");
}

#[test]
fn state_of_a_version_the_binary_does_not_keep_ends_the_call_cleanly() {
    let dir = TempDir::new("redeploy-unknown");
    let started = invoke(
        &dir,
        &["invoke"],
        &event("NEW_INBOUND_CALL", 1, &json!({}), None),
    );
    let state = started["TransactionAttributes"].clone();
    // The same state, sealed, but under a flow file of another name: no version of it is kept.
    let next = next_version(&dir);
    let renamed = std::fs::read_to_string(&next).unwrap().replacen(
        "flow recording",
        "flow recording_other",
        1,
    );
    std::fs::write(&next, renamed).unwrap();
    let answer = invoke(
        &dir,
        &["invoke", "--flow", &next],
        &event("ACTION_SUCCESSFUL", 2, &state, Some(digits())),
    );
    assert_eq!(types(&answer), ["Hangup"]);
}
