//! `dsl lsp` driven over stdio as an editor drives it: the shipped flows and broken copies of
//! them, with every answer checked.

#![cfg(all(feature = "cli", feature = "lsp"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::Client;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const RECORDING_FLOW: &str = include_str!("../../flows/recording.flow");
const RECORDING_YAML: &str = include_str!("../../flows/recording.yaml");

/// What `dsl fmt` makes of a flow text.
fn formatted(text: &str) -> String {
    dsl::format::format_flow(&dsl::parse::parse_flow(text).unwrap())
}

fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../flows")
        .join(name)
        .canonicalize()
        .unwrap()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A fresh folder holding `name` with `text`, and the shipped prompts when `prompts` is set.
fn copy(name: &str, text: &str, prompts: bool) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("dsl-lsp-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("prompts")).unwrap();
    if prompts {
        for entry in std::fs::read_dir(shipped("prompts")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join("prompts").join(entry.file_name())).unwrap();
        }
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `shift` columns.
fn at(text: &str, needle: &str, nth: usize, shift: u32) -> Value {
    let offset = text.match_indices(needle).nth(nth).expect(needle).0;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": column as u32 + shift })
}

fn open(client: &mut Client, uri: &str, text: &str, language: &str) -> Vec<Value> {
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
    );
    client.diagnostics(uri)
}

fn position(uri: &str, pos: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": pos })
}

fn hover_text(client: &mut Client, uri: &str, pos: Value) -> String {
    let hover = client
        .request("textDocument/hover", position(uri, pos))
        .unwrap();
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn labels(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_shipped_flow_answers_every_request() {
    let (mut client, caps) = Client::start();
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    let path = shipped("recording.flow");
    let uri = uri(&path);
    let text = RECORDING_FLOW;
    assert_eq!(open(&mut client, &uri, text, "flow"), Vec::<Value>::new());

    // Hover: a verb, a label, a declared name, a built-in.
    let verb = hover_text(&mut client, &uri, at(text, "bridge to owner", 0, 2));
    assert!(verb.contains("CallAndBridge"), "{verb}");
    let label = hover_text(&mut client, &uri, at(text, "timeout 30s", 0, 1));
    assert!(label.contains("CallTimeoutSeconds"), "{label}");
    let name = hover_text(&mut client, &uri, at(text, "bridge to owner", 0, 11));
    assert!(name.contains("config `owner`: `phone`"), "{name}");
    assert!(
        name.contains("config owner            phone = env SOURCE_PHONE"),
        "{name}"
    );
    let builtin = hover_text(&mut client, &uri, at(text, "hangup caller", 0, 8));
    assert!(builtin.contains("built-in `caller`: `leg`"), "{builtin}");

    // Definition: `goto ringing` leads to `state ringing`.
    let def = client
        .request(
            "textDocument/definition",
            position(&uri, at(text, "goto ringing", 0, 6)),
        )
        .unwrap();
    assert_eq!(def["uri"], uri);
    assert_eq!(def["range"]["start"], at(text, "ringing {", 0, 0));

    // References: the listener is declared once, armed twice and handled once.
    let refs = client
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": uri }, "position": at(text, "listen keypad", 0, 8),
                    "context": { "includeDeclaration": true } }),
        )
        .unwrap();
    // Declared, armed in `ringing` and in `rearm`, handled in `talking` (the header comment's
    // "keypad" is prose).
    assert_eq!(refs.as_array().unwrap().len(), 4, "{refs}");

    // Rename: every use changes; a clash or a reserved word is refused.
    let rename = |client: &mut Client, new_name: &str| {
        client.request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": at(text, "do rearm", 0, 4),
                    "newName": new_name }),
        )
    };
    let edits = rename(&mut client, "rearm_keypad").unwrap();
    let edits = edits["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), text.matches("rearm").count());
    assert!(edits.iter().all(|e| e["newText"] == "rearm_keypad"));
    let clash = rename(&mut client, "stop_recording").unwrap_err();
    assert!(
        clash["message"]
            .as_str()
            .unwrap()
            .contains("already the name of a block"),
        "{clash}"
    );
    let reserved = rename(&mut client, "goto").unwrap_err();
    assert!(
        reserved["message"]
            .as_str()
            .unwrap()
            .contains("reserved word"),
        "{reserved}"
    );
    let prepared = client
        .request(
            "textDocument/prepareRename",
            position(&uri, at(text, "do rearm", 0, 4)),
        )
        .unwrap();
    assert_eq!(prepared["start"], at(text, "do rearm", 0, 3));

    // Completion: the labels `bridge` still takes, legs after `to`, states after `goto`.
    let items = client
        .request(
            "textDocument/completion",
            position(&uri, at(text, "bridge to owner caller_id", 0, 16)),
        )
        .unwrap();
    let offered = labels(&items);
    assert!(offered.contains(&"ringback".to_owned()), "{offered:?}");
    assert!(offered.contains(&"caller_id".to_owned()), "{offered:?}");
    assert!(!offered.contains(&"to".to_owned()), "{offered:?}");
    let items = client
        .request(
            "textDocument/completion",
            position(&uri, at(text, "play unavailable to owner_leg", 0, 20)),
        )
        .unwrap();
    let offered = labels(&items);
    for leg in ["caller", "callee", "owner_leg", "both"] {
        assert!(offered.contains(&leg.to_owned()), "{offered:?}");
    }
    assert!(!offered.contains(&"attempts".to_owned()), "{offered:?}");
    assert!(
        !offered.contains(&"being_recorded".to_owned()),
        "{offered:?}"
    );
    let items = client
        .request(
            "textDocument/completion",
            position(&uri, at(text, "goto talking", 0, 5)),
        )
        .unwrap();
    let offered = labels(&items);
    for state in ["dial_out", "ringing", "talking"] {
        assert!(offered.contains(&state.to_owned()), "{offered:?}");
    }
    assert!(!offered.contains(&"rearm".to_owned()), "{offered:?}");

    // Symbols, formatting (the shipped flow is formatted) and the state diagram.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        )
        .unwrap();
    let names = labels(&json!(
        symbols
            .as_array()
            .unwrap()
            .iter()
            .map(|s| json!({"label": s["name"]}))
            .collect::<Vec<_>>()
    ));
    for expected in [
        "dial_out",
        "ringing",
        "talking",
        "rearm",
        "on new call",
        "keypad",
    ] {
        assert!(names.contains(&expected.to_owned()), "{names:?}");
    }
    let formatting = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .unwrap();
    let canonical = formatted(text);
    if canonical == text {
        assert_eq!(formatting, json!([]));
    } else {
        assert_eq!(formatting[0]["newText"], canonical);
    }
    let graph = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "dsl.graph", "arguments": [uri] }),
        )
        .unwrap();
    assert!(graph.as_str().unwrap().contains("ringing"), "{graph}");

    assert!(client.shutdown().success());
}

#[test]
fn edits_bring_the_checkers_findings() {
    let (mut client, _) = Client::start();
    let path = copy("recording.flow", RECORDING_FLOW, true);
    let uri = uri(&path);
    assert_eq!(
        open(&mut client, &uri, RECORDING_FLOW, "flow"),
        Vec::<Value>::new()
    );

    // An incremental change: a misspelt state, then a second state of the same name.
    let start = at(RECORDING_FLOW, "goto ringing", 0, 5);
    let end = at(RECORDING_FLOW, "goto ringing", 0, 12);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": start, "end": end }, "text": "ringin" }] }),
    );
    let found = client.diagnostics(&uri);
    assert_eq!(codes(&found), ["flow::check::unknown_state"]);
    assert!(
        found[0]["message"].as_str().unwrap().contains("ringing"),
        "{found:?}"
    );
    assert_eq!(found[0]["range"]["start"], start);

    let doubled = format!("{RECORDING_FLOW}\nstate ringing {{ on hangup {{ done }} }}\n");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": doubled }] }),
    );
    let found = client.diagnostics(&uri);
    let duplicate = found
        .iter()
        .find(|d| d["code"] == "flow::check::duplicate_name")
        .expect("a duplicate name");
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["message"], "first defined here");
    assert_eq!(
        related["location"]["range"]["start"],
        at(&doubled, "ringing {", 0, 0)
    );

    // Hover on a finding shows its code's explanation, as `dsl explain` prints it.
    let text = hover_text(&mut client, &uri, at(&doubled, "ringing {", 1, 2));
    assert!(text.contains("flow::check::duplicate_name"), "{text}");
    assert!(text.contains("Why it matters"), "{text}");
    assert!(client.shutdown().success());
}

#[test]
fn broken_copies_still_answer() {
    let (mut client, _) = Client::start();
    // No prompt files beside this copy: the findings are relative to its own folder.
    let path = copy("recording.flow", RECORDING_FLOW, false);
    let uri = uri(&path);
    let found = open(&mut client, &uri, RECORDING_FLOW, "flow");
    let missing = codes(&found);
    assert_eq!(missing.len(), 10, "{found:?}");
    assert!(
        missing
            .iter()
            .all(|c| c == "flow::check::prompt_file_missing")
    );
    let dir = path.parent().unwrap().join("prompts").display().to_string();
    assert!(
        found[0]["message"].as_str().unwrap().contains(&dir),
        "{found:?}"
    );

    // A statement half typed: a syntax error, yet hover, completion and symbols answer.
    let broken = RECORDING_FLOW.replace(
        "  goto ringing\n}",
        "  play being_recorded, \n  goto ringing\n}",
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": broken }] }),
    );
    let found = client.diagnostics(&uri);
    assert_eq!(codes(&found), ["flow::parse::syntax"]);
    let verb = hover_text(
        &mut client,
        &uri,
        at(&broken, "play being_recorded, \n", 0, 1),
    );
    assert!(verb.contains("PlayAudio"), "{verb}");
    let items = client
        .request(
            "textDocument/completion",
            position(&uri, at(&broken, "being_recorded, \n", 0, 16)),
        )
        .unwrap();
    let offered = labels(&items);
    assert!(offered.contains(&"connecting".to_owned()), "{offered:?}");
    assert!(!offered.contains(&"caller".to_owned()), "{offered:?}");
    assert!(!offered.contains(&"dial_out".to_owned()), "{offered:?}");
    let definition = client
        .request(
            "textDocument/definition",
            position(&uri, at(&broken, "goto ringing", 0, 6)),
        )
        .unwrap();
    assert_eq!(definition, Value::Null);
    let formatting = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .unwrap();
    assert_eq!(formatting, Value::Null);
    let graph = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "dsl.graph", "arguments": [uri] }),
        )
        .unwrap_err();
    assert!(
        graph["message"].as_str().unwrap().contains("errors"),
        "{graph}"
    );

    // A badly laid out copy formats back to the shipped text.
    let messy = RECORDING_FLOW.replace("  note inbound", "      note     inbound");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "text": messy }] }),
    );
    client.diagnostics(&uri);
    let formatting = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .unwrap();
    assert_eq!(formatting[0]["newText"], formatted(RECORDING_FLOW));
    assert!(client.shutdown().success());
}

#[test]
fn the_yaml_twin_answers_too() {
    let (mut client, _) = Client::start();
    let path = shipped("recording.yaml");
    let uri = uri(&path);
    assert_eq!(
        open(&mut client, &uri, RECORDING_YAML, "yaml"),
        Vec::<Value>::new()
    );
    let def = client
        .request(
            "textDocument/definition",
            position(&uri, at(RECORDING_YAML, "goto ringing", 0, 6)),
        )
        .unwrap();
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        RECORDING_YAML
            .lines()
            .nth(line)
            .unwrap()
            .contains("ringing"),
        "{def}"
    );
    let verb = hover_text(&mut client, &uri, at(RECORDING_YAML, "- bridge:", 0, 4));
    assert!(verb.contains("CallAndBridge"), "{verb}");
    let formatting = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
        .unwrap();
    assert_eq!(formatting, json!([]));
    assert!(client.shutdown().success());
}
