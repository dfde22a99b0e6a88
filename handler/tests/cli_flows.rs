//! `handler flows`: the names of the built-in flows, and the JSON listing deployment tools read.
//! deploy/flows.json is that listing without the versions (a version changes with every edit of a
//! flow or of the IR, while the deployment only needs names and variables); a test keeps it in sync.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::{Value, json};
use std::process::Command;
use support::cli::*;

fn flows(args: &[&str]) -> String {
    let out = Command::new(HANDLER)
        .arg("flows")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn listing() -> Value {
    serde_json::from_str(&flows(&["--format", "json"])).unwrap()
}

#[test]
fn text_lists_one_name_a_line() {
    let text = flows(&[]);
    assert!(text.lines().any(|l| l == "recording"), "{text}");
    let json_names: Vec<String> = listing()["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(text.lines().collect::<Vec<_>>(), json_names);
}

#[test]
fn json_gives_the_recording_flows_variables_with_types_and_defaults() {
    let listed = listing();
    let recording = listed["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "recording")
        .unwrap();
    let version = handler::flows::embedded("recording").unwrap().version;
    assert!(!version.is_empty());
    assert_eq!(recording["version"], json!(version));
    assert_eq!(
        recording["config"],
        json!([
            { "env": "SOURCE_PHONE", "type": "phone", "required": true },
            { "env": "WAV_BUCKET", "type": "text", "required": true },
            { "env": "RECORDING_BUCKET", "type": "text", "required": true },
            { "env": "RECORDING_PREFIX", "type": "text", "required": false, "default": "originalAudio" },
            { "env": "OWNER_PIN", "type": "text", "required": false, "default": "" },
        ])
    );
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let out = Command::new(HANDLER)
        .args(["flows", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("yaml"));
}

/// The copy the deployment reads. `UPDATE_DEPLOY_FLOWS=1` rewrites it after a flow changed.
#[test]
fn deploy_copy_matches_the_built_in_flows() {
    let mut listed = listing();
    for flow in listed["flows"].as_array_mut().unwrap() {
        flow.as_object_mut().unwrap().remove("version");
    }
    let expected = format!("{}\n", serde_json::to_string_pretty(&listed).unwrap());
    let path = root().join("deploy/flows.json");
    if std::env::var_os("UPDATE_DEPLOY_FLOWS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "deploy/flows.json is out of date with the built-in flows; run \
         `UPDATE_DEPLOY_FLOWS=1 cargo test -p handler --test cli_flows` and commit it.\n\
         expected:\n{expected}\nfound:\n{found}"
    );
}
