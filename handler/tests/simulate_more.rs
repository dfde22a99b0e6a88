#![cfg(feature = "simulate")]
//! `handler simulate` beyond the shipped scenarios: a flow the checker refuses simulated with
//! `--unchecked` (the service's refusal of an answer over ten actions in the transcript), and a
//! capture of real events turned into a scenario that then passes.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "the helpers fail the test on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn simulate(args: &[&str], records: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handler"))
        .current_dir(root())
        .arg("simulate")
        .args(args)
        .env("CALL_RECORDS_PATH", records)
        .env("SOURCE_PHONE", "+12065550100")
        .env("WAV_BUCKET", "prompts-bucket")
        .env("RECORDING_BUCKET", "recordings-bucket")
        .env_remove("CALL_RECORDS_TABLE")
        .env_remove("FLOW")
        .output()
        .expect("the handler runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "handler-simulate-more-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn an_answer_over_ten_actions_simulated_unchecked_shows_invalid_lambda_response() {
    let dir = scratch("unchecked");
    let out = simulate(
        &[
            "--unchecked",
            "handler/tests/fixtures/eleven/eleven.call.yaml",
        ],
        &dir.join("records.sqlite3"),
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    // The checker's findings come first, as warnings.
    assert!(stderr.contains("simulated unchecked"), "{stderr}");
    assert!(
        stderr.contains("flow::verify::continue_too_long"),
        "{stderr}"
    );
    // The twelve actions reach the service, which refuses them; the flow's `on invalid response`
    // answers the refusal.
    assert!(
        stdout.contains("Too many actions specified in the response (12)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("-> #3 INVALID_LAMBDA_RESPONSE [InvalidResponse]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("caller (LEG-A) hears unableToConnect.wav"),
        "{stdout}"
    );
}

#[test]
fn without_unchecked_the_same_flow_is_refused_before_any_call() {
    let dir = scratch("checked");
    let out = simulate(
        &["handler/tests/fixtures/eleven/eleven.call.yaml"],
        &dir.join("records.sqlite3"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!text(&out.stdout).contains("INVALID_LAMBDA_RESPONSE"));
}

/// A scenario written from a capture, saved and simulated.
fn from_capture(dir: &Path, capture: &str) -> (String, Output) {
    let records = dir.join("records.sqlite3");
    let out = simulate(&["--from-capture", capture], &records);
    let scenario = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{scenario}{}",
        text(&out.stderr)
    );
    let path = dir.join("captured.call.yaml");
    std::fs::write(&path, &scenario).unwrap();
    let run = simulate(&[path.to_str().unwrap()], &records);
    (scenario, run)
}

#[test]
fn a_captured_call_becomes_a_scenario_that_passes_with_what_it_did() {
    let dir = scratch("capture");
    let (scenario, run) = from_capture(&dir, "examples/calls/inbound.jsonl");
    let stdout = text(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{scenario}\n{stdout}");
    assert!(
        stdout.contains("result: every expectation holds"),
        "{stdout}"
    );
    // The script: the caller, the bridge answered, the owner's keys and the caller's hang-up.
    assert!(scenario.contains("from: \"+14255550142\""), "{scenario}");
    assert!(scenario.contains("dialled: [answers]"), "{scenario}");
    for key in ["\"5\"", "\"6\"", "\"7\""] {
        assert!(
            scenario.contains(&format!("press: {key}, on: callee")),
            "{scenario}"
        );
    }
    assert!(scenario.contains("hangup: caller"), "{scenario}");
    // The expectations derived from the simulated run.
    assert!(
        scenario.contains(
            "caller: [\"thisCallIsBeingRecorded.wav\", \"connectingYou.wav\", \"recordingPaused.wav\", \"recordingResumed.wav\", \"recordingStopped.wav\"]"
        ),
        "{scenario}"
    );
    assert!(
        scenario.contains("callee: { includes: [ReceiveDigits, PlayAudio, Hangup] }"),
        "{scenario}"
    );
    assert!(scenario.contains("all_hung_up: true"), "{scenario}");
}

#[test]
fn a_pretty_printed_capture_gives_the_same_scenario_as_json_lines() {
    let dir = scratch("pretty");
    let lines = std::fs::read_to_string(root().join("examples/calls/dial-out.jsonl")).unwrap();
    let events: Vec<serde_json::Value> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let array = dir.join("dial-out.json");
    std::fs::write(&array, serde_json::to_string_pretty(&events).unwrap()).unwrap();
    let documents = dir.join("dial-out.jsonl");
    let pretty: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string_pretty(e).unwrap())
        .collect();
    std::fs::write(&documents, pretty.join("\n")).unwrap();
    let (from_lines, run) = from_capture(&dir, "examples/calls/dial-out.jsonl");
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stdout));
    for capture in [&array, &documents] {
        let out = simulate(
            &["--from-capture", capture.to_str().unwrap()],
            &dir.join("records.sqlite3"),
        );
        assert_eq!(
            text(&out.stdout).replace("dial-out", ""),
            from_lines.replace("dial-out", "")
        );
    }
}

#[test]
fn a_capture_without_a_new_call_is_refused_with_exit_code_two() {
    let dir = scratch("nostart");
    let capture = dir.join("rest.jsonl");
    let lines = std::fs::read_to_string(root().join("examples/calls/inbound.jsonl")).unwrap();
    std::fs::write(
        &capture,
        lines.lines().skip(1).collect::<Vec<_>>().join("\n"),
    )
    .unwrap();
    let out = simulate(
        &["--from-capture", capture.to_str().unwrap()],
        &dir.join("records.sqlite3"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("NEW_INBOUND_CALL"),
        "{}",
        text(&out.stderr)
    );
}
