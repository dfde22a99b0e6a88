//! Every request at every byte offset of every shipped flow, and of fuzzed copies after random
//! edits, gets an answer: the server never panics on a half-typed flow.

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
use proptest::prelude::*;
use serde_json::{Value, json};

struct NoFiles;

impl Workspace for NoFiles {
    fn prompt_files(&self, _: &Uri) -> Box<dyn PromptFiles> {
        Box::new(NoPromptFiles)
    }
}

const SHIPPED: &[(&str, &str)] = &[
    ("recording.flow", include_str!("../../flows/recording.flow")),
    ("recording.yaml", include_str!("../../flows/recording.yaml")),
    ("constructs.flow", include_str!("samples/constructs.flow")),
    ("comments.flow", include_str!("samples/comments.flow")),
    (
        "comments_inside.flow",
        include_str!("samples/comments_inside.flow"),
    ),
    ("styles.yaml", include_str!("samples/styles.yaml")),
];

const ALPHABET: &[char] = &[
    '{', '}', '(', ')', '[', ']', '"', '#', '\n', ';', ',', '.', '=', '-', '>', ':', ' ', '\\',
    'a', '0', 'é', '😀', '\t',
];

fn open(server: &mut Server<NoFiles>, uri: &str, text: &str) {
    let out = server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "flow", "version": 1, "text": text } }),
    );
    assert_eq!(out.len(), 1, "one set of diagnostics after opening");
}

/// Every position request at `pos`; each must answer (a result, or a protocol error for a
/// refused rename).
fn ask_everything(server: &mut Server<NoFiles>, uri: &str, pos: Value) {
    let at = json!({ "textDocument": { "uri": uri }, "position": pos });
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
        "textDocument/prepareRename",
    ] {
        server.request(method, at.clone()).unwrap();
    }
    let mut refs = at.clone();
    refs["context"] = json!({ "includeDeclaration": true });
    server.request("textDocument/references", refs).unwrap();
    let mut rename = at;
    rename["newName"] = json!("renamed");
    let _ = server.request("textDocument/rename", rename);
}

fn ask_document(server: &mut Server<NoFiles>, uri: &str) {
    let doc = json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } });
    server
        .request("textDocument/documentSymbol", doc.clone())
        .unwrap();
    server.request("textDocument/formatting", doc).unwrap();
    let _ = server.request(
        "workspace/executeCommand",
        json!({ "command": "dsl.graph", "arguments": [uri] }),
    );
}

fn position(text: &str, offset: usize) -> Value {
    let p = LineIndex::new(text).position(text, offset);
    json!({ "line": p.line, "character": p.character })
}

#[test]
fn every_offset_of_every_shipped_flow_answers() {
    let mut server = Server::new(NoFiles);
    for (name, text) in SHIPPED {
        let uri = format!("file:///flows/{name}");
        open(&mut server, &uri, text);
        ask_document(&mut server, &uri);
        for offset in 0..=text.len() {
            ask_everything(&mut server, &uri, position(text, offset));
        }
        // Positions past a line's end and past the file's end.
        ask_everything(&mut server, &uri, json!({ "line": 0, "character": 999 }));
        ask_everything(&mut server, &uri, json!({ "line": 99_999, "character": 0 }));
    }
}

/// An edit as an editor sends it: a range (possibly past the end) and new text.
fn edits() -> impl Strategy<Value = Vec<(u32, u32, u32, u32, String)>> {
    let text = prop::collection::vec(prop::sample::select(ALPHABET), 0..5)
        .prop_map(|c| c.into_iter().collect::<String>());
    prop::collection::vec((0..120u32, 0..40u32, 0..3u32, 0..20u32, text), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn fuzzed_copies_answer_at_every_offset(
        which in 0..SHIPPED.len(),
        changes in edits(),
        probes in prop::collection::vec(any::<prop::sample::Index>(), 40),
    ) {
        let (name, text) = SHIPPED[which];
        let uri = format!("file:///fuzz/{name}");
        let mut server = Server::new(NoFiles);
        open(&mut server, &uri, text);
        for (version, (line, character, lines, width, new_text)) in changes.into_iter().enumerate() {
            let range = json!({
                "start": { "line": line, "character": character },
                "end": { "line": line + lines, "character": character + width },
            });
            let out = server.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version + 2 },
                        "contentChanges": [{ "range": range, "text": new_text }] }),
            );
            prop_assert_eq!(out.len(), 1);
        }
        let current = server
            .document(&uri.parse().unwrap())
            .map(|d| d.text.clone())
            .unwrap();
        ask_document(&mut server, &uri);
        for probe in probes {
            let offset = probe.index(current.len() + 1);
            ask_everything(&mut server, &uri, position(&current, offset));
        }
    }
}
