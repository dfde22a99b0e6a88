//! The `dsl` command on sample files: exit codes, messages and outputs.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/cli.rs"]
#[allow(dead_code, reason = "each test file uses part of it")]
mod support;

use std::path::Path;
use std::process::{Command, Output};
use support::{dir, dsl};

const RECORDING_FLOW: &str = include_str!("../../flows/recording.flow");
const RECORDING_YAML: &str = include_str!("../../flows/recording.yaml");

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies the shipped prompts into `dir/sub/prompts`, as a flow in `dir/sub` expects them.
fn with_prompts(dir: &Path, sub: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../flows/prompts");
    let to = dir.join(sub).join("prompts");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "wav") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

const BROKEN: &str = "flow greeting\n\non new call {\n  play hello to\n}\n";

#[test]
fn check_clean_file() {
    let d = dir(&[("ok.flow", RECORDING_FLOW)]);
    with_prompts(&d, "");
    let o = dsl(&d, &["check", "ok.flow"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("checked 1 file: 0 errors, 0 warnings"));
}

#[test]
fn check_broken_file() {
    let d = dir(&[("broken.flow", BROKEN)]);
    let o = dsl(&d, &["check", "broken.flow"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("flow::parse::syntax"), "{err}");
    assert!(err.contains("broken.flow:4:14"), "{err}");
    assert!(err.contains("`to` needs a value"), "{err}");
}

#[test]
fn check_missing_file() {
    let d = dir(&[]);
    let o = dsl(&d, &["check", "nowhere.flow"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read `nowhere.flow`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_refuses_other_extensions() {
    let d = dir(&[("flow.json", "{}")]);
    let o = dsl(&d, &["check", "flow.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`flow.json` is not a flow file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_without_files_walks_flows_and_examples() {
    let d = dir(&[
        ("flows/recording.flow", RECORDING_FLOW),
        ("flows/prompts/ignored.flow", BROKEN),
        ("examples/menu/menu.yaml", RECORDING_YAML),
        ("examples/notes.txt", "not a flow"),
    ]);
    with_prompts(&d, "flows");
    with_prompts(&d, "examples/menu");
    let o = dsl(&d, &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("checked 2 files"), "{}", stderr(&o));
    let empty = dir(&[]);
    assert_eq!(dsl(&empty, &["check"]).status.code(), Some(2));
}

#[test]
fn check_json() {
    let d = dir(&[("broken.flow", BROKEN), ("ok.yaml", RECORDING_YAML)]);
    with_prompts(&d, "");
    let o = dsl(&d, &["check", "--format", "json", "broken.flow", "ok.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["files"], 2);
    assert_eq!(doc["errors"], 1);
    let finding = &doc["findings"][0];
    assert_eq!(finding["file"], "broken.flow");
    assert_eq!(finding["code"], "flow::parse::syntax");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["message"], "`to` needs a value");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(4), Some(14))
    );
    assert_eq!(
        (finding["end_line"].as_u64(), finding["end_column"].as_u64()),
        (Some(4), Some(16))
    );
    assert_eq!(finding["labels"][0]["message"], "no value follows");
    assert!(finding["help"].as_str().unwrap().contains("`to`"));
    // The recording flow's keypad: 1 s of quiet after the key, then one SMA round trip.
    let keypad = &doc["listeners"][0];
    assert_eq!(doc["listeners"].as_array().map(Vec::len), Some(1));
    assert_eq!(keypad["file"], "ok.yaml");
    assert_eq!(keypad["listener"], "keypad");
    assert_eq!(keypad["between_ms"], 1000);
    assert_eq!(keypad["keypress_to_effect_ms"], 1500);
}

#[test]
fn fmt_check_names_files_that_would_change() {
    let d = dir(&[
        ("ok.flow", RECORDING_FLOW),
        ("ok.yaml", RECORDING_YAML),
        ("messy.flow", "flow  m\non new call {  done  }\n"),
    ]);
    let o = dsl(&d, &["fmt", "--check", "ok.flow", "ok.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = dsl(&d, &["fmt", "--check", "ok.flow", "messy.flow"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("would reformat messy.flow"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("ok.flow"));
    assert_eq!(
        std::fs::read_to_string(d.join("messy.flow")).unwrap(),
        "flow  m\non new call {  done  }\n"
    );
}

#[test]
fn fmt_rewrites_in_place() {
    let d = dir(&[("messy.flow", "flow  m\non new call {  done  }\n")]);
    let o = dsl(&d, &["fmt", "messy.flow"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("messy.flow")).unwrap(),
        "flow m\n\non new call { done }\n"
    );
    let o = dsl(&d, &["fmt", "--check", "messy.flow"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn fmt_broken_file_reports_it() {
    let d = dir(&[("broken.flow", BROKEN)]);
    let o = dsl(&d, &["fmt", "broken.flow"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("flow::parse::syntax"));
}

#[test]
fn convert_both_ways() {
    let d = dir(&[("r.flow", RECORDING_FLOW), ("r.yaml", RECORDING_YAML)]);
    let o = dsl(&d, &["convert", "r.flow", "--to", "yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), RECORDING_YAML);
    let o = dsl(&d, &["convert", "r.yaml", "--to", "flow"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), RECORDING_FLOW);
    let o = dsl(&d, &["convert", "r.yaml", "--to", "flow", "-o", "out.flow"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("out.flow")).unwrap(),
        RECORDING_FLOW
    );
    let o = dsl(&d, &["convert", "r.yaml", "--to", "flow", "-o", "out.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explain_known_and_unknown_codes() {
    let d = dir(&[]);
    let o = dsl(&d, &["explain", "flow::parse::reserved_word"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("A keyword is used as a name."), "{out}");
    assert!(
        out.contains("Why it matters") && out.contains("Example") && out.contains("What to do")
    );
    assert_eq!(dsl(&d, &["explain", "yaml::shape"]).status.code(), Some(0));
    let o = dsl(&d, &["explain", "flow::parse::sintax"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `flow::parse::syntax`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    let d = dir(&[("r.flow", RECORDING_FLOW)]);
    assert_eq!(dsl(&d, &["convert", "r.flow"]).status.code(), Some(2));
    assert_eq!(dsl(&d, &["fmt"]).status.code(), Some(2));
    assert_eq!(
        dsl(&d, &["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        dsl(&d, &["graph", "r.flow", "--format", "png"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(dsl(&d, &["graph", "nowhere.flow"]).status.code(), Some(2));
}

#[test]
fn check_reports_missing_and_unplayable_prompts() {
    let d = dir(&[("ok.flow", RECORDING_FLOW)]);
    with_prompts(&d, "");
    std::fs::remove_file(d.join("prompts/connectingYou.wav")).unwrap();
    std::fs::write(d.join("prompts/sorryIDidntGetThat.wav"), b"ID3 an mp3 file").unwrap();
    let o = dsl(&d, &["check", "ok.flow"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("flow::check::prompt_file_missing"), "{err}");
    assert!(err.contains("connectingYou.wav"), "{err}");
    assert!(err.contains("flow::check::prompt_format"), "{err}");
    assert!(err.contains("not a readable WAV file"), "{err}");
}

#[test]
fn graph_draws_mermaid_by_default_and_dot_on_request() {
    let d = dir(&[("r.flow", RECORDING_FLOW), ("broken.flow", BROKEN)]);
    with_prompts(&d, "");
    let o = dsl(&d, &["graph", "r.flow"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("stateDiagram-v2"), "{out}");
    assert!(out.contains("ringing --> talking: after bridge"), "{out}");
    assert!(
        out.contains(
            "listener keypad: key to effect up to 1500 ms (1000 ms quiet + 500 ms SMA round trip)"
        ),
        "{out}"
    );
    let o = dsl(&d, &["graph", "r.flow", "--format", "dot"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("\"ringing\" -> \"talking\""));
    let o = dsl(&d, &["graph", "broken.flow"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("flow::parse::syntax"));
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let d = dir(&[("r.flow", RECORDING_FLOW)]);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = Command::new(env!("CARGO_BIN_EXE_dsl"))
        .args(["convert", "r.flow", "--to", "yaml"])
        .current_dir(&d)
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn compile_writes_the_ir_the_handler_runs() {
    let d = dir(&[]);
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/../flows/recording.flow");
    let o = dsl(&d, &["compile", shipped, "-o", "r.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.join("r.json")).unwrap();
    let flow: interpreter::ir::Flow = serde_json::from_str(&text).unwrap();
    let expected = dsl::check::check_flow(&dsl::parse::parse_flow(RECORDING_FLOW).unwrap());
    assert_eq!(Some(flow), expected.flow);
    let o = dsl(&d, &["compile", shipped]);
    assert_eq!(stdout(&o), text);
}

#[test]
fn schema_prints_the_committed_json_schema() {
    let d = dir(&[]);
    let o = dsl(&d, &["schema"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), include_str!("../flow.schema.json"));
}
