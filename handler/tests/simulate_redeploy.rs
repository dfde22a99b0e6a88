#![cfg(feature = "simulate")]
//! A redeploy proved with the simulator: a recorded call that started on the previous version of
//! the recording flow finishes on it after the current one is deployed (`deploy:` in the
//! scenario's timeline), a new call runs the current one, a call on a version the new build does
//! not keep is ended, and a deploy step naming a flow that cannot run is a located error.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "the helpers fail the test on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PREVIOUS: &str = "c7deb7032a3aa120";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "handler-simulate-redeploy-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

fn simulate(scenario: &str, dir: &Path) -> (Option<i32>, String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_handler"))
        .current_dir(root())
        .args(["simulate", scenario])
        .env("CALL_RECORDS_PATH", dir.join("records.sqlite3"))
        .env_remove("CALL_RECORDS_TABLE")
        .env_remove("FLOW")
        .output()
        .expect("the handler runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// The version named on each answer line of a transcript (`{state talking, version X}`).
fn answer_versions(transcript: &str) -> Vec<String> {
    transcript
        .lines()
        .filter(|l| l.contains(" <- "))
        .filter_map(|l| l.split(", version ").nth(1))
        .map(|v| v.trim_end_matches('}').to_owned())
        .collect()
}

/// The version the deploy line says now answers new calls.
fn deployed_version(transcript: &str) -> String {
    let line = transcript
        .lines()
        .find(|l| l.contains("service: deployed"))
        .expect("a deploy line");
    let after = line.split(": version ").nth(1).expect("a version");
    after.split_whitespace().next().unwrap().to_owned()
}

#[test]
fn a_call_started_on_the_previous_version_finishes_on_it_after_the_current_one_is_deployed() {
    let dir = scratch("mid-call");
    let (code, stdout, stderr) = simulate("flows/scenarios/redeploy-mid-call.call.yaml", &dir);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let current = deployed_version(&stdout);
    assert_ne!(current, PREVIOUS);
    // Every answer after the deployment (the owner's keys, the hang-ups) came from the version
    // the call started on.
    let versions = answer_versions(&stdout);
    assert!(versions.len() >= 4, "{stdout}");
    assert!(versions.iter().all(|v| v == PREVIOUS), "{versions:?}");
    assert!(
        stdout.contains("result: every expectation holds"),
        "{stdout}"
    );
}

#[test]
fn a_call_after_the_deployment_runs_the_current_version() {
    let dir = scratch("new-call");
    let (code, stdout, stderr) = simulate("flows/scenarios/redeploy-new-call.call.yaml", &dir);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let current = deployed_version(&stdout);
    let versions = answer_versions(&stdout);
    assert!(versions.len() >= 4, "{stdout}");
    assert!(versions.iter().all(|v| *v == current), "{versions:?}");
}

#[test]
fn a_call_on_a_version_the_new_build_does_not_keep_is_ended_and_the_scenario_fails() {
    // The previous version under another version stamp: no build keeps it, so the deployment
    // ends the call in progress, and the scenario's expectations catch it.
    let dir = scratch("not-kept");
    let kept = root().join(format!("flows/versions/recording@{PREVIOUS}.json"));
    let ir = std::fs::read_to_string(kept).unwrap();
    let renamed = ir.replacen(PREVIOUS, "0123456789abcdef", 1);
    assert_ne!(ir, renamed);
    std::fs::write(dir.join("unkept.json"), renamed).unwrap();
    let scenario =
        std::fs::read_to_string(root().join("flows/scenarios/redeploy-mid-call.call.yaml"))
            .unwrap()
            .replace(
                &format!("../versions/recording@{PREVIOUS}.json"),
                "unkept.json",
            )
            .replace(
                "../recording.flow",
                &root().join("flows/recording.flow").display().to_string(),
            );
    let path = dir.join("unkept.call.yaml");
    std::fs::write(&path, scenario).unwrap();
    let (code, stdout, stderr) = simulate(path.to_str().unwrap(), &dir);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("FAILED"), "{stdout}");
    assert!(
        stdout.contains("0123456789abcdef"),
        "the refusal names the version: {stdout}"
    );
}

#[test]
fn a_deploy_step_naming_a_flow_that_cannot_run_is_a_located_error() {
    let dir = scratch("bad-deploy");
    let path = dir.join("bad.call.yaml");
    std::fs::write(
        &path,
        "call: { from: \"+13125550123\", to: \"+12065550199\" }\ntimeline:\n  - { at: 5s, deploy: missing.flow }\n",
    )
    .unwrap();
    let (code, stdout, stderr) = simulate(path.to_str().unwrap(), &dir);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("error[scenario::deploy]"), "{stderr}");
    assert!(stderr.contains("bad.call.yaml:3:23"), "{stderr}");
    assert!(
        stderr.contains("missing.flow cannot be deployed"),
        "{stderr}"
    );
}
