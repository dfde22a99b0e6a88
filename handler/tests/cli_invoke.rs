//! `handler invoke` as a user runs it: the real binary, the recording flow's environment, one event
//! on stdin, the exact answer the Lambda would return on stdout.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::cli::*;

fn sample_events() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/events"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the sample events are missing");
    files
}

fn sample(prefix: &str) -> Vec<u8> {
    let name = format!("{prefix}-");
    let path = sample_events()
        .into_iter()
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&name))
        })
        .unwrap_or_else(|| panic!("no sample event {prefix}"));
    std::fs::read(path).unwrap()
}

/// `handler invoke` on `input`: exit 0 and exactly one valid envelope on stdout.
fn invoke(dir: &TempDir, input: &[u8]) -> (Value, String) {
    let output = run(handler(dir, &["invoke"]), input);
    assert_exit(&output, 0);
    let out = stdout(&output);
    assert!(out.ends_with('\n'), "the answer ends its line: {out:?}");
    assert_eq!(out.lines().count(), 1, "one answer: {out}");
    (envelope(out.trim_end()), stderr(&output))
}

#[test]
fn every_sample_event_gets_exactly_one_valid_envelope() {
    let dir = TempDir::new("invoke-samples");
    for path in sample_events() {
        let output = run(handler(&dir, &["invoke"]), &std::fs::read(&path).unwrap());
        assert_exit(&output, 0);
        let out = stdout(&output);
        assert_eq!(out.lines().count(), 1, "{}: {out}", path.display());
        envelope(out.trim_end());
    }
}

#[test]
fn a_stranger_calling_is_told_and_bridged_to_the_owner() {
    let dir = TempDir::new("invoke-e1");
    let (answer, log) = invoke(&dir, &sample("e1"));
    assert_eq!(types(&answer), ["PlayAudio", "PlayAudio", "CallAndBridge"]);
    assert_eq!(
        prompts(&answer),
        ["thisCallIsBeingRecorded.wav", "connectingYou.wav"]
    );
    let leg_a = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    assert_eq!(action(&answer, 0)["Parameters"]["CallId"], leg_a);
    assert_eq!(
        action(&answer, 0)["Parameters"]["AudioSource"]["BucketName"],
        "prompts-bucket"
    );
    let bridge = &action(&answer, 2)["Parameters"];
    assert_eq!(bridge["CallerIdNumber"], "+14255550199");
    assert_eq!(bridge["Endpoints"][0]["Uri"], OWNER);
    assert_eq!(bridge["CallTimeoutSeconds"], 30);
    // The call state travels in the answer, for the next event of the call.
    assert!(answer["TransactionAttributes"].is_object());
    // One log line, numbers masked.
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.contains("NEW_INBOUND_CALL") && log.contains("PlayAudio,PlayAudio,CallAndBridge"));
    assert!(
        !log.contains("+14255550199") && !log.contains(OWNER),
        "{log}"
    );
}

#[test]
fn a_call_through_a_voice_connector_is_bridged_too() {
    let dir = TempDir::new("invoke-e2");
    let (answer, _) = invoke(&dir, &sample("e2"));
    assert_eq!(types(&answer), ["PlayAudio", "PlayAudio", "CallAndBridge"]);
}

#[test]
fn a_bridge_nobody_answered_apologises_and_hangs_up_the_caller() {
    let dir = TempDir::new("invoke-e8");
    let (answer, _) = invoke(&dir, &sample("e8"));
    assert_eq!(types(&answer), ["PlayAudio", "Hangup"]);
    assert_eq!(prompts(&answer), ["unableToConnect.wav"]);
    assert_eq!(
        action(&answer, 1)["Parameters"]["CallId"],
        "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    );
}

#[test]
fn the_caller_hanging_up_hangs_up_the_other_leg_and_the_last_hangup_gets_nothing() {
    let dir = TempDir::new("invoke-hangup");
    let (answer, _) = invoke(&dir, &sample("e12"));
    assert_eq!(types(&answer), ["Hangup"]);
    assert_eq!(
        action(&answer, 0)["Parameters"]["CallId"],
        "4f3e2d1c-0b9a-4887-9766-554433221100"
    );
    let output = run(handler(&dir, &["invoke"]), &sample("e13"));
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), format!("{EMPTY}\n"));
}

#[test]
fn an_invalid_response_report_ends_the_call_politely() {
    let dir = TempDir::new("invoke-e15");
    let (answer, _) = invoke(&dir, &sample("e15"));
    assert_eq!(types(&answer), ["PlayAudio", "Hangup"]);
    assert_eq!(prompts(&answer), ["unableToConnect.wav"]);
}

#[test]
fn ringing_and_new_outbound_calls_get_an_envelope_not_a_bare_list() {
    let dir = TempDir::new("invoke-ringing");
    for prefix in ["e3", "e4", "e17"] {
        let output = run(handler(&dir, &["invoke"]), &sample(prefix));
        assert_exit(&output, 0);
        // A new outbound call keeps its API arguments in the attributes for the rest of the call.
        let answer: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(answer["SchemaVersion"], "1.0", "{prefix}");
        assert_eq!(answer["Actions"], serde_json::json!([]), "{prefix}");
    }
}

/// Input that is no SMA event: exit 0, the empty envelope, one log line that says what was wrong.
fn assert_refused(input: &[u8], why: &str) {
    let dir = TempDir::new("invoke-garbage");
    let output = run(handler(&dir, &["invoke"]), input);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), format!("{EMPTY}\n"));
    let log = stderr(&output);
    assert_eq!(log.lines().count(), 1, "one log line: {log}");
    assert!(log.contains("unusable SMA event"), "{log}");
    assert!(log.contains(why), "the log says {why:?}: {log}");
}

#[test]
fn text_that_is_not_json_gets_the_empty_envelope() {
    assert_refused(b"hello, is it me you're looking for?", "not JSON");
}

#[test]
fn an_empty_array_gets_the_empty_envelope() {
    assert_refused(b"[]", "not a JSON object");
}

#[test]
fn an_empty_object_gets_the_empty_envelope() {
    assert_refused(b"{}", "missing field SchemaVersion");
}

#[test]
fn empty_input_gets_the_empty_envelope() {
    assert_refused(b"", "not JSON");
}

#[test]
fn truncated_json_gets_the_empty_envelope() {
    let event = sample("e1");
    let cut = &event[..event.len() / 2];
    assert_refused(cut, "EOF while parsing");
}

#[test]
fn a_megabyte_of_open_braces_gets_the_empty_envelope() {
    assert_refused(&vec![b'{'; 1 << 20], "not JSON");
}

#[test]
fn a_megabyte_of_open_brackets_gets_the_empty_envelope() {
    assert_refused(&vec![b'['; 1 << 20], "not JSON");
}

#[test]
fn invalid_utf8_gets_the_empty_envelope() {
    assert_refused(b"\xff\xfe{\"SchemaVersion\":\"1.0\"}", "not JSON");
    let mut event = sample("e1");
    let at = event.windows(7).position(|w| w == b"LEG-A\",").unwrap();
    event[at + 3] = 0xC3; // `LEG\xC3A`: a lone lead byte inside a string
    assert_refused(&event, "not JSON");
}

// ---- start-up errors ---------------------------------------------------------------------------

/// A start-up error: exit 2, nothing on stdout, a message on stderr that contains every `needle`.
fn assert_start_error(mut command: std::process::Command, needles: &[&str]) {
    command.stdin(std::process::Stdio::null());
    let output = run(command, &sample("e1"));
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "", "no answer is printed");
    let message = stderr(&output);
    for needle in needles {
        assert!(message.contains(needle), "{needle:?} in {message}");
    }
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn a_missing_owner_phone_is_a_start_up_error_naming_the_variable() {
    let dir = TempDir::new("invoke-start");
    let mut command = handler(&dir, &["invoke"]);
    command.env_remove("SOURCE_PHONE");
    assert_start_error(
        command,
        &["SOURCE_PHONE", "not set", "E.164", "+12065550100"],
    );
}

#[test]
fn a_malformed_owner_phone_is_a_start_up_error_naming_the_variable() {
    let dir = TempDir::new("invoke-start");
    let mut command = handler(&dir, &["invoke"]);
    command.env("SOURCE_PHONE", "555");
    assert_start_error(command, &["SOURCE_PHONE", "\"555\"", "E.164"]);
}

#[test]
fn every_missing_variable_is_named_at_once() {
    let dir = TempDir::new("invoke-start");
    assert_start_error(
        bare(&dir, &["invoke"]),
        &["SOURCE_PHONE", "WAV_BUCKET", "RECORDING_BUCKET"],
    );
}

#[test]
fn a_bad_log_level_is_a_start_up_error() {
    let dir = TempDir::new("invoke-start");
    let mut command = handler(&dir, &["invoke"]);
    command.env("LOG_LEVEL", "loud");
    assert_start_error(command, &["LOG_LEVEL", "loud", "info", "debug"]);
}

#[test]
fn an_unknown_flow_is_a_start_up_error_listing_the_built_in_ones() {
    let dir = TempDir::new("invoke-start");
    let mut command = handler(&dir, &["invoke"]);
    command.env("FLOW", "no_such_flow");
    assert_start_error(command, &["FLOW", "no_such_flow", "recording"]);
}

#[test]
fn a_malformed_prompt_bucket_is_a_start_up_error() {
    let dir = TempDir::new("invoke-start");
    let mut command = handler(&dir, &["invoke"]);
    command.env("WAV_BUCKET", "Prompts_Bucket");
    assert_start_error(command, &["WAV_BUCKET", "Prompts_Bucket", "bucket"]);
}

#[test]
fn a_malformed_recording_bucket_is_a_start_up_error() {
    let dir = TempDir::new("invoke-start");
    let mut command = handler(&dir, &["invoke"]);
    command.env("RECORDING_BUCKET", "r");
    assert_start_error(command, &["RECORDING_BUCKET", "\"r\"", "bucket"]);
}

// ---- flow files --------------------------------------------------------------------------------

#[test]
fn a_flow_file_runs_instead_of_the_built_in_flow() {
    let dir = TempDir::new("invoke-flow");
    let file = dir.path().join("reject.flow");
    std::fs::write(
        &file,
        "flow reject\n\n# Refuses every call without answering it.\non new call {\n  hangup caller\n}\n",
    )
    .unwrap();
    let output = run(
        bare(&dir, &["invoke", "--flow", file.to_str().unwrap()]),
        &sample("e1"),
    );
    assert_exit(&output, 0);
    let answer = envelope(stdout(&output).trim_end());
    assert_eq!(types(&answer), ["Hangup"]);
    assert!(
        answer["TransactionAttributes"]["flow"]
            .as_str()
            .unwrap()
            .starts_with("reject@")
    );
}

#[test]
fn the_shipped_flow_file_answers_like_the_built_in_flow() {
    let dir = TempDir::new("invoke-flow");
    let file = root().join("flows/recording.flow");
    let from_file = run(
        handler(&dir, &["invoke", "--flow", file.to_str().unwrap()]),
        &sample("e1"),
    );
    let built_in = run(handler(&dir, &["invoke"]), &sample("e1"));
    assert_exit(&from_file, 0);
    assert_exit(&built_in, 0);
    assert_eq!(stdout(&from_file), stdout(&built_in));
}

#[test]
fn a_broken_flow_file_is_refused_with_rendered_diagnostics() {
    let dir = TempDir::new("invoke-flow");
    let file = dir.path().join("broken.flow");
    std::fs::write(&file, "flow broken\n\non new call {\n  hangup calller\n}\n").unwrap();
    let output = run(
        bare(&dir, &["invoke", "--flow", file.to_str().unwrap()]),
        &sample("e1"),
    );
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    let message = stderr(&output);
    // The code, the place (file, line and column) and the source line with the offending name.
    assert!(message.contains("flow::"), "{message}");
    assert!(message.contains("broken.flow:4:"), "{message}");
    assert!(message.contains("hangup calller"), "{message}");
}

#[test]
fn a_missing_flow_file_is_a_start_up_error() {
    let dir = TempDir::new("invoke-flow");
    let output = run(
        bare(&dir, &["invoke", "--flow", "nowhere.flow"]),
        &sample("e1"),
    );
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("nowhere.flow"));
}

/// A flow that names things after argument labels, asks with written texts and hangs up with a
/// SIP code, with its prompt file beside it.
fn contextual_flow(dir: &TempDir) -> PathBuf {
    let prompts = dir.path().join("prompts");
    std::fs::create_dir_all(&prompts).unwrap();
    std::fs::copy(
        root().join("flows/prompts/connectingYou.wav"),
        prompts.join("welcome.wav"),
    )
    .unwrap();
    let file = dir.path().join("contextual.flow");
    std::fs::write(
        &file,
        r#"flow contextual
config bucket text = env WAV_BUCKET
prompts in bucket { welcome = "welcome.wav" }
var timeout int = 0
on new call {
  timeout += 1
  play welcome to caller
  ask "Press 1." on caller failure "Sorry." wait 5s
}
after ask { hangup caller code 486 }
on failed { hangup caller code 486 }
on update { speak args.to to caller }
after speak { hangup caller }
on hangup { if caller.connected { hangup caller } }
"#,
    )
    .unwrap();
    file
}

#[test]
fn names_that_are_labels_elsewhere_check_clean_and_run() {
    let dir = TempDir::new("invoke-contextual");
    let file = contextual_flow(&dir);
    let flow = file.to_str().unwrap();
    let output = run(handler(&dir, &["invoke", "--flow", flow]), &sample("e1"));
    assert_exit(&output, 0);
    let answer = envelope(stdout(&output).trim_end());
    assert_eq!(types(&answer), ["PlayAudio", "SpeakAndGetDigits"]);
    assert_eq!(
        answer["Actions"][0]["Parameters"]["AudioSource"]["Key"],
        "welcome.wav"
    );
    let ask = &answer["Actions"][1]["Parameters"];
    assert_eq!(ask["SpeechParameters"]["Text"], "Press 1.");
    assert_eq!(ask["FailureSpeechParameters"]["Text"], "Sorry.");

    let mut update: Value = serde_json::from_slice(&sample("e16")).unwrap();
    update["ActionData"]["Parameters"]["Arguments"] = serde_json::json!({"to": "the desk"});
    let output = run(
        handler(&dir, &["invoke", "--flow", flow]),
        &serde_json::to_vec(&update).unwrap(),
    );
    assert_exit(&output, 0);
    let answer = envelope(stdout(&output).trim_end());
    assert_eq!(types(&answer), ["Speak"]);
    assert_eq!(answer["Actions"][0]["Parameters"]["Text"], "the desk");
}

#[test]
fn hangup_with_a_code_sends_it_as_the_sip_response_code() {
    let dir = TempDir::new("invoke-contextual");
    let file = contextual_flow(&dir);
    let mut failed: Value = serde_json::from_slice(&sample("e9")).unwrap();
    failed["CallDetails"]["TransactionAttributes"] = serde_json::json!({});
    let output = run(
        handler(&dir, &["invoke", "--flow", file.to_str().unwrap()]),
        &serde_json::to_vec(&failed).unwrap(),
    );
    assert_exit(&output, 0);
    let answer = envelope(stdout(&output).trim_end());
    assert_eq!(types(&answer), ["Hangup"]);
    assert_eq!(answer["Actions"][0]["Parameters"]["SipResponseCode"], "486");
}
