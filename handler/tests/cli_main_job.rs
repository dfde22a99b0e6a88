//! The main job: the example calls under `examples/calls/` replayed through the real binary, each
//! answer as the recording behaviour says, the call records kept in the embedded store, and
//! `scripts/run` simulating every shipped scenario with the embedded store.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::Value;
use support::cli::*;

const RECORDING_NUMBER: &str = "+12065550199";
const STRANGER: &str = "+14255550142";
const CALLED: &str = "+13125550177";

/// An example call, checked for the shape the service gives its events: sequence numbers from 1
/// up by one, one transaction, LEG-A first, LEG-B only from the answered bridge on, and no
/// `TransactionAttributes` (the replay carries them).
fn example(name: &str) -> Vec<Value> {
    let events = read_json_lines(&root().join("examples/calls").join(name));
    let transaction = events[0]["CallDetails"]["TransactionId"].clone();
    let mut bridged = false;
    for (i, event) in events.iter().enumerate() {
        assert_eq!(event["SchemaVersion"], "1.0");
        assert_eq!(event["Sequence"], i + 1, "{name}: event {i}");
        let details = &event["CallDetails"];
        assert_eq!(details["TransactionId"], transaction, "{name}: event {i}");
        assert!(details.get("TransactionAttributes").is_none(), "{name}");
        let legs = details["Participants"].as_array().unwrap();
        assert_eq!(legs[0]["ParticipantTag"], "LEG-A");
        if event["InvocationEventType"] == "ACTION_SUCCESSFUL"
            && event["ActionData"]["Type"] == "CallAndBridge"
        {
            bridged = true;
        }
        assert_eq!(legs.len(), if bridged { 2 } else { 1 }, "{name}: event {i}");
        if let Some(b) = legs.get(1) {
            assert_eq!(b["ParticipantTag"], "LEG-B");
            assert_eq!(b["Direction"], "Outbound");
        }
        assert_eq!(legs[0]["To"], RECORDING_NUMBER);
    }
    assert!(bridged, "{name} reaches the bridge");
    events
}

/// Replays an example call by file name; the answers, and the directory holding its records.
fn replay_example(name: &str) -> (Vec<Value>, TempDir) {
    let dir = TempDir::new("main-job");
    let file = root().join("examples/calls").join(name);
    let output = run(handler(&dir, &["replay", file.to_str().unwrap()]), b"");
    assert_exit(&output, 0);
    (envelopes(&output), dir)
}

/// Each answer as `Type@leg` (`A`/`B` from the event's participants), prompts as `PlayAudio@A:key`.
fn summary(events: &[Value], answers: &[Value]) -> Vec<Vec<String>> {
    assert_eq!(answers.len(), events.len(), "one answer per event");
    events
        .iter()
        .zip(answers)
        .map(|(event, answer)| {
            let legs = event["CallDetails"]["Participants"].as_array().unwrap();
            let leg = |id: &Value| {
                legs.iter()
                    .find(|p| &p["CallId"] == id)
                    .map(|p| {
                        p["ParticipantTag"]
                            .as_str()
                            .unwrap()
                            .trim_start_matches("LEG-")
                    })
                    .unwrap_or("?")
                    .to_owned()
            };
            answer["Actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    let p = &a["Parameters"];
                    let mut text = a["Type"].as_str().unwrap().to_owned();
                    if p.get("CallId").is_some() {
                        text = format!("{text}@{}", leg(&p["CallId"]));
                    }
                    if let Some(key) = p["AudioSource"]["Key"].as_str() {
                        text = format!("{text}:{key}");
                    }
                    if let Some(to) = p["Endpoints"][0]["Uri"].as_str() {
                        text = format!("{text}>{to} as {}", p["CallerIdNumber"].as_str().unwrap());
                    }
                    text
                })
                .collect()
        })
        .collect()
}

fn records(dir: &TempDir) -> Vec<Value> {
    let output = run(handler(dir, &["records", "--format", "json"]), b"");
    assert_exit(&output, 0);
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn the_inbound_example_call_is_answered_as_the_behaviour_says() {
    let events = example("inbound.jsonl");
    let (answers, dir) = replay_example("inbound.jsonl");
    let none: Vec<&str> = vec![];
    let owner_bridge = format!("CallAndBridge>{OWNER} as {STRANGER}");
    assert_eq!(
        summary(&events, &answers),
        [
            // A stranger calls: told, then bridged to the owner showing the caller's number.
            vec![
                "PlayAudio@A:thisCallIsBeingRecorded.wav",
                "PlayAudio@A:connectingYou.wav",
                owner_bridge.as_str(),
            ],
            // The owner answers: record LEG-A, listen on the owner's leg (LEG-B).
            vec!["StartCallRecording@A", "ReceiveDigits@B"],
            none.clone(),
            // 5: pause, told to both legs, listen again.
            vec![
                "PlayAudio@A:recordingPaused.wav",
                "PlayAudio@B:recordingPaused.wav",
                "PauseCallRecording@A",
                "ReceiveDigits@B",
            ],
            none.clone(),
            // 6: resume.
            vec![
                "PlayAudio@A:recordingResumed.wav",
                "PlayAudio@B:recordingResumed.wav",
                "ResumeCallRecording@A",
                "ReceiveDigits@B",
            ],
            none.clone(),
            // 7: stop for good, no more listening.
            vec![
                "PlayAudio@A:recordingStopped.wav",
                "PlayAudio@B:recordingStopped.wav",
                "StopCallRecording@A",
            ],
            none.clone(),
            // The stranger hangs up: the owner's leg is hung up; then nothing is left to do.
            vec!["Hangup@B"],
            none,
        ]
    );
    let records = records(&dir);
    assert_eq!(records.len(), 1, "{records:?}");
    let record = &records[0];
    assert_eq!(record["callID"], events[0]["CallDetails"]["TransactionId"]);
    assert_eq!(record["direction"], "Inbound");
    assert_eq!(record["caller"], STRANGER);
    assert_eq!(record["callee"], OWNER);
    assert_eq!(record["status"], "ended");
    let changes: Vec<&str> = record["recording"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(changes, ["started", "paused", "resumed", "stopped"]);
}

#[test]
fn the_dial_out_example_call_is_answered_as_the_behaviour_says() {
    let events = example("dial-out.jsonl");
    assert_eq!(events[0]["CallDetails"]["Participants"][0]["From"], OWNER);
    let (answers, dir) = replay_example("dial-out.jsonl");
    let none: Vec<&str> = vec![];
    let masked_bridge = format!("CallAndBridge>{CALLED} as {RECORDING_NUMBER}");
    assert_eq!(
        summary(&events, &answers),
        [
            // The owner calls: asked for the number.
            vec!["PlayAudioAndGetDigits@A:enterNumberToDial.wav"],
            // The number is dialled behind the recording number (the owner's stays hidden).
            vec!["PlayAudio@A:connectingYou.wav", masked_bridge.as_str()],
            // The person called answers: they are told, LEG-A is recorded, the owner listened to.
            vec![
                "PlayAudio@B:thisCallIsBeingRecorded.wav",
                "StartCallRecording@A",
                "ReceiveDigits@A",
            ],
            none.clone(),
            vec![
                "PlayAudio@A:recordingPaused.wav",
                "PlayAudio@B:recordingPaused.wav",
                "PauseCallRecording@A",
                "ReceiveDigits@A",
            ],
            none.clone(),
            // The person called hangs up: the owner's leg is hung up.
            vec!["Hangup@A"],
            none,
        ]
    );
    let records = records(&dir);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["direction"], "Outbound");
    assert_eq!(records[0]["caller"], OWNER);
    assert_eq!(records[0]["callee"], CALLED);
    assert_eq!(records[0]["status"], "ended");
}

/// `scripts/run` with the binary under test, records in `dir`, nothing from the caller's shell.
fn main_job(dir: &TempDir) -> String {
    let mut command = std::process::Command::new(root().join("scripts/run"));
    for name in [
        "SOURCE_PHONE",
        "WAV_BUCKET",
        "RECORDING_BUCKET",
        "RECORDING_PREFIX",
        "OWNER_PIN",
        "STATE_KEY",
        "STATE_KEY_PREVIOUS",
        "FLOW",
        "LOG_LEVEL",
        "CALL_RECORDS_TABLE",
    ] {
        command.env_remove(name);
    }
    command
        .env("HANDLER", HANDLER)
        .env("CALL_RECORDS_PATH", dir.records());
    let output = run(command, b"");
    assert_exit(&output, 0);
    stdout(&output)
}

#[test]
fn the_main_job_simulates_every_shipped_scenario_from_first_ring_to_last_hang_up() {
    let dir = TempDir::new("main-job-twice");
    let first = main_job(&dir);
    let scenarios = std::fs::read_dir(root().join("flows/scenarios"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().to_string_lossy().ends_with(".call.yaml"))
        .count();
    assert!(scenarios >= 14);
    assert_eq!(
        first.matches("result: every expectation holds").count(),
        scenarios,
        "{first}"
    );
    // What a user sees: the call offered, the events and answers, the parties, the last hang-up.
    for shown in [
        "caller (LEG-A) offered",
        "-> #1 NEW_INBOUND_CALL on LEG-A",
        "CallAndBridge to +12065550100 caller id +13125550123",
        "callee (LEG-B) hears recordingPaused.wav",
        "recording on LEG-A: stopped",
        "callee (LEG-B) disconnected",
        "Call records",
    ] {
        assert!(first.contains(shown), "{shown:?} in:\n{first}");
    }
    let after_one = records(&dir);
    assert_eq!(after_one.len(), scenarios, "{after_one:?}");
    // The simulation is deterministic: a second run is the same calls, written once.
    let second = main_job(&dir);
    assert_eq!(
        second.matches("result: every expectation holds").count(),
        scenarios
    );
    assert_eq!(records(&dir), after_one);
}
