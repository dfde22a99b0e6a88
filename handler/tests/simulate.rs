#![cfg(feature = "simulate")]
//! `handler simulate` on the shipped scenarios: every expectation holds and every transcript
//! matches its golden file; a copy of the recording flow with the keypad on the caller's leg fails
//! a shipped scenario; an answer over ten actions shows the service's refusal; scenario errors
//! are located.

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
        .env_remove("CALL_RECORDS_TABLE")
        .output()
        .expect("the handler runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("handler-simulate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn scenarios() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("flows/scenarios"))
        .expect("flows/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".call.yaml"))
        .map(|p| {
            format!(
                "flows/scenarios/{}",
                p.file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_shipped_scenario_passes_and_matches_its_golden_transcript() {
    let dir = scratch("golden");
    let list = scenarios();
    let mut args = vec!["--golden"];
    args.extend(list.iter().map(String::as_str));
    let out = simulate(&args, &dir.join("records.sqlite3"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches(": matches ").count(), list.len(), "{stdout}");
}

#[test]
fn the_scenarios_cover_every_rule_and_the_always_section() {
    let mut covered = String::new();
    for s in scenarios() {
        covered.push_str(&std::fs::read_to_string(root().join(&s)).unwrap());
    }
    for rule in 1..=14 {
        assert!(
            covered.contains(&format!("rule {rule},"))
                || covered.contains(&format!("rule {rule}]")),
            "rule {rule} is not covered"
        );
    }
    assert!(covered.contains("always: same answer twice"));
    assert!(covered.contains("always: envelope"));
}

#[test]
fn a_copy_listening_on_the_callers_leg_fails_a_shipped_scenario() {
    let dir = scratch("keypad");
    let flow = std::fs::read_to_string(root().join("flows/recording.flow")).unwrap();
    // The flow's own `always`/`never` properties would have the checker refuse the copy before
    // any call: without them, the scenario is what must catch the mistake.
    let wrong: String = flow
        .replace("listener keypad on owner_leg", "listener keypad on caller")
        .lines()
        .filter(|l| !l.starts_with("always ") && !l.starts_with("never "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(wrong.contains("listener keypad on caller"));
    std::fs::write(dir.join("recording.flow"), wrong).unwrap();
    let prompts = dir.join("prompts");
    std::fs::create_dir_all(&prompts).unwrap();
    for e in std::fs::read_dir(root().join("flows/prompts"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(e.path(), prompts.join(e.file_name())).unwrap();
    }
    let flow_path = dir.join("recording.flow");
    let out = simulate(
        &[
            "--flow",
            flow_path.to_str().unwrap(),
            "flows/scenarios/inbound-keypad.call.yaml",
        ],
        &dir.join("records.sqlite3"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("FAILED actions on the caller: ReceiveDigits reached the caller"),
        "{stdout}"
    );
}

#[test]
fn a_flow_whose_answer_can_exceed_ten_actions_is_refused_before_any_call() {
    // The service's refusal of such an answer (INVALID_LAMBDA_RESPONSE) is a rule of the model,
    // tested in the `sim` crate; a flow that could send one does not pass the checker.
    let dir = scratch("eleven");
    let out = simulate(
        &["handler/tests/fixtures/eleven/eleven.call.yaml"],
        &dir.join("records.sqlite3"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("flow::verify::continue_too_long"),
        "{stderr}"
    );
}

#[test]
fn json_and_mermaid_say_the_same_call() {
    let dir = scratch("formats");
    let scenario = "flows/scenarios/inbound-keypad.call.yaml";
    let out = simulate(
        &["--format", "json", scenario],
        &dir.join("records.sqlite3"),
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value["passed"], true);
    assert!(value["entries"].as_array().unwrap().len() > 20);
    let out = simulate(
        &["--format", "mermaid", scenario],
        &dir.join("records.sqlite3"),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("sequenceDiagram\n"), "{text}");
    assert!(
        text.contains("SMA->>Callee: plays recordingPaused.wav"),
        "{text}"
    );
}

#[test]
fn a_broken_scenario_is_reported_at_its_place_with_exit_code_two() {
    let dir = scratch("broken");
    let path = dir.join("broken.call.yaml");
    std::fs::write(
        &path,
        "call: { from: \"+13125550123\", to: \"+12065550199\" }\ndialled: [maybe]\n",
    )
    .unwrap();
    let out = simulate(&[path.to_str().unwrap()], &dir.join("records.sqlite3"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[scenario::dialled]"), "{stderr}");
    assert!(stderr.contains("broken.call.yaml:2:"), "{stderr}");
}
