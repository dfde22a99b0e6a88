//! `dsl explore` on the shipped and unsafe flows: exit codes, the report, the scenarios written,
//! the state bound reported, and the explored calls of `examples/unsafe/explored/` kept current.

#![cfg(feature = "cli")]
#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on what it did not expect"
)]

#[path = "support/cli.rs"]
#[allow(dead_code, reason = "each test file uses part of it")]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn explore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsl"))
        .arg("explore")
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dsl-explore-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn the_recording_flow_keeps_every_property_and_covers_every_edge() {
    let o = explore(&["flows/recording.flow"]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    // Every edge, the owner's PIN check included (reached with the settings changed).
    let covered = text
        .split("edges covered ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default();
    let (done, all) = covered.split_once('/').unwrap_or_default();
    assert!(!all.is_empty() && done == all, "{text}");
    assert!(all.parse::<u32>().unwrap_or(0) >= 11, "{text}");
    assert!(!text.contains("edge not covered"), "{text}");
    assert!(text.contains("every property holds"), "{text}");
}

#[test]
fn an_unsafe_flow_is_reported_with_its_shortest_call_written_beside_it() {
    let out = scratch("legs");
    let shown = out.display().to_string();
    let o = explore(&["examples/unsafe/legs.flow", "--out", &shown]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[flow::explore::leg_not_up]: in state (new call), flow fault: leg B is not in the call"),
        "{text}"
    );
    let written = out.join("unsafe_legs-leg_not_up-1.call.yaml");
    let scenario = std::fs::read_to_string(&written).unwrap();
    assert!(scenario.contains("no_flow_faults: true"), "{scenario}");
    // The scenario names its flow relative to itself.
    let flow = scenario
        .lines()
        .find_map(|l| l.strip_prefix("flow: "))
        .unwrap()
        .trim_matches('"');
    let named = std::fs::canonicalize(out.join(flow)).unwrap();
    assert_eq!(
        named,
        std::fs::canonicalize(root().join("examples/unsafe/legs.flow")).unwrap()
    );
}

#[test]
fn json_gives_the_same_report() {
    let o = explore(&["examples/unsafe/listeners.flow", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["complete"], true);
    assert_eq!(doc["edges"]["covered"], doc["edges"]["total"]);
    let codes = support::codes(&doc);
    assert!(
        codes.contains(&"flow::explore::listener_not_armed"),
        "{codes:?}"
    );
    assert!(
        doc["findings"][0]["scenario"]
            .as_str()
            .unwrap()
            .contains("every_key_heard: true")
    );
}

/// Every code a kept explored call was reported under, and the state bound's, is one `dsl
/// explain` explains.
#[test]
fn every_reported_code_is_explained() {
    let mut codes = vec!["flow::explore::incomplete".to_owned()];
    for entry in std::fs::read_dir(root().join("examples/unsafe/explored")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        // FLOW-PROPERTY-N.call.yaml
        let property = name.rsplit('-').nth(1).unwrap().to_owned();
        codes.push(format!("flow::explore::{property}"));
    }
    codes.sort();
    codes.dedup();
    assert!(codes.len() > 5, "{codes:?}");
    for code in codes {
        let o = Command::new(env!("CARGO_BIN_EXE_dsl"))
            .args(["explain", &code])
            .output()
            .unwrap();
        let text = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{code}: {text}");
        assert!(
            text.starts_with(&code) && text.contains("What to do"),
            "{text}"
        );
    }
}

#[test]
fn reaching_the_state_bound_is_a_finding_that_says_how_to_raise_it() {
    let o = explore(&["flows/recording.flow", "--max-states", "40"]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("error[flow::explore::incomplete]"), "{text}");
    assert!(text.contains("--max-states"), "{text}");
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let o = explore(&["no-such.flow"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The explored calls kept in `examples/unsafe/explored/` (replayed by the handler's tests) are
/// what `dsl explore` writes today.
#[test]
fn the_kept_explored_calls_are_current() {
    let kept = root().join("examples/unsafe/explored");
    let fresh = scratch("kept");
    let shown = fresh.display().to_string();
    for entry in std::fs::read_dir(root().join("examples/unsafe")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".flow") || name.contains(".fixed.") {
            continue;
        }
        let rel = format!("examples/unsafe/{name}");
        explore(&[&rel, "--out", &shown]);
    }
    let list = |dir: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    assert_eq!(
        list(&kept),
        list(&fresh),
        "regenerate with dsl explore --out examples/unsafe/explored"
    );
    for name in list(&kept) {
        let a = std::fs::read_to_string(kept.join(&name)).unwrap();
        let b = std::fs::read_to_string(fresh.join(&name)).unwrap();
        // The fresh copies sit elsewhere, so their `flow:` line differs.
        let body = |t: &str| {
            t.lines()
                .filter(|l| !l.starts_with("flow: "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(body(&a), body(&b), "{name} changed: regenerate it");
    }
}
