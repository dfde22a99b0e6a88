//! Completion at the places a flow author types: one line each, the cursor at `|`.

#![cfg(feature = "lsp")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::{NoPromptFiles, PromptFiles};
use dsl::lsp::{LineIndex, Server, Workspace};
use lsp_types::Uri;
use serde_json::json;

struct NoFiles;

impl Workspace for NoFiles {
    fn prompt_files(&self, _: &Uri) -> Box<dyn PromptFiles> {
        Box::new(NoPromptFiles)
    }
}

const FLOW: &str = include_str!("../../flows/recording.flow");

/// What completion offers at `|` in `text` (the recording flow's names are known from opening
/// it first, as when a line is being typed into it).
fn offered(text: &str) -> Vec<String> {
    let cursor = text.find('|').unwrap();
    let text = text.replacen('|', "", 1);
    let uri = "file:///flows/recording.flow";
    let mut server = Server::new(NoFiles);
    for t in [FLOW, text.as_str()] {
        server.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "flow", "version": 1, "text": t } }),
        );
    }
    let p = LineIndex::new(&text).position(&text, cursor);
    let items = server
        .request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": p.line, "character": p.character } }),
        )
        .unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

fn has(text: &str, expected: &[&str], absent: &[&str]) {
    let got = offered(text);
    for e in expected {
        assert!(
            got.iter().any(|g| g == e),
            "`{e}` missing at {text:?}: {got:?}"
        );
    }
    for a in absent {
        assert!(
            !got.iter().any(|g| g == a),
            "`{a}` offered at {text:?}: {got:?}"
        );
    }
}

#[test]
fn top_level_and_handlers() {
    has(
        "flow f\n|",
        &["config", "state", "on", "listener"],
        &["play", "goto"],
    );
    has(
        "flow f\non |",
        &["new call", "failed", "digits", "hangup", "invalid response"],
        &["play"],
    );
    has(
        "flow f\nafter |",
        &["bridge", "collect", "start recording"],
        &["config"],
    );
    has(
        "flow f\non digits |",
        &["keypad"],
        &["owner_leg", "talking"],
    );
    has(
        "flow f\non hangup |",
        &["caller", "callee", "owner_leg"],
        &["keypad"],
    );
    has("flow f\non failed |", &["play", "bridge"], &["caller"]);
    has(
        "flow f\nstate s {\n  |",
        &["enter", "on", "after"],
        &["config", "play"],
    );
    has(
        "flow f\nvar x |",
        &["phone", "leg", "int", "text"],
        &["play"],
    );
    has(
        "flow f\nprompts in |",
        &["prompt_bucket", "owner"],
        &["being_recorded"],
    );
    has(
        "flow f\nlistener k on caller |",
        &["pattern", "between", "flush"],
        &["on", "to"],
    );
}

#[test]
fn statements_and_commands() {
    has(
        "flow f\non new call {\n  |",
        &["play", "bridge", "if", "goto", "note", "attempts"],
        &["config", "caller_id"],
    );
    has(
        "flow f\non new call { goto |",
        &["dial_out", "ringing"],
        &["rearm", "caller"],
    );
    has(
        "flow f\non new call { do |",
        &["rearm", "stop_recording"],
        &["ringing"],
    );
    has(
        "flow f\non new call { note |",
        &["inbound", "outbound", "answered", "failed"],
        &["play"],
    );
    has(
        "flow f\non new call { play |",
        &["being_recorded", "sorry"],
        &["caller", "to"],
    );
    has(
        "flow f\non new call { play sorry |",
        &["to", "repeat", "stop_on"],
        &["caller_id", "being_recorded"],
    );
    has(
        "flow f\non new call { play sorry, |",
        &["connecting"],
        &["to", "caller"],
    );
    has(
        "flow f\non new call { play sorry to |",
        &["caller", "callee", "both", "owner_leg"],
        &["attempts", "sorry"],
    );
    has(
        "flow f\non new call { bridge to |",
        &["owner", "dialled", "sma_number"],
        &["caller", "attempts"],
    );
    has(
        "flow f\non new call { collect sorry on caller failure |",
        &["sorry", "enter_number"],
        &["caller", "min"],
    );
    has(
        "flow f\non new call { collect sorry on caller min 1 |",
        &["max", "wait", "failure"],
        &["min", "on"],
    );
    has(
        "flow f\non new call { start recording on caller track |",
        &["both", "incoming", "outgoing"],
        &["caller"],
    );
    has(
        "flow f\non new call { pause recording |",
        &[],
        &["to", "on"],
    );
    has(
        "flow f\non new call { if |",
        &["attempts", "owner", "caller", "recording"],
        &["dial_out", "play"],
    );
}

#[test]
fn a_label_on_the_next_line_continues_the_command() {
    has(
        "flow f\non new call {\n  collect sorry on caller failure sorry\n    min 1 |",
        &["max", "between"],
        &["on", "failure", "min", "play"],
    );
}

#[test]
fn nothing_inside_strings_and_comments() {
    assert_eq!(
        offered("flow f\non new call { play \"|"),
        Vec::<String>::new()
    );
    assert_eq!(offered("flow f\n# play |"), Vec::<String>::new());
}

#[test]
fn a_word_being_typed_is_replaced_not_followed() {
    has("flow f\non new call { pl|", &["play", "bridge"], &["to"]);
    has(
        "flow f\non new call { play sorry to cal|",
        &["caller", "callee"],
        &["repeat"],
    );
}
