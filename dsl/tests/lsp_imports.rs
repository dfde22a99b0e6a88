//! The language server on a flow that uses sub-flow files: a finding inside a used file is shown
//! at the `use` that brings it in, with its place in that file, and every request still answers.

#![cfg(feature = "lsp")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::{ImportLookup, PromptFiles, PromptLookup};
use dsl::lsp::{Server, Workspace};
use lsp_types::Uri;
use serde_json::json;

/// One sub-flow file, `lib/greet.flow`, whose state reads a name it does not have.
struct Lib;

impl PromptFiles for Lib {
    fn lookup(&self, _key: &str) -> PromptLookup {
        PromptLookup::NotChecked
    }

    fn import(&self, path: &str) -> ImportLookup {
        match path {
            "lib/greet.flow" => ImportLookup::Found(
                "subflow greet(words text(50))\nstate saying {\n  enter { speak wrods to caller }\n  after speak { return }\n}\n"
                    .to_owned(),
            ),
            other => ImportLookup::Missing(format!("no {other}")),
        }
    }
}

impl Workspace for Lib {
    fn prompt_files(&self, _: &Uri) -> Box<dyn PromptFiles> {
        Box::new(Lib)
    }
}

const FLOW: &str = "flow demo\nuse \"lib/greet.flow\"\non new call { run greet(words = \"Hello\") then bye }\nstate bye { enter { hangup caller } }\n";

#[test]
fn a_finding_in_a_used_file_is_shown_at_the_use() {
    let mut server = Server::new(Lib);
    let out = server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///w/demo.flow", "languageId": "flow", "version": 1, "text": FLOW } }),
    );
    let text: String = out.iter().map(|n| n.params.to_string()).collect();
    assert!(text.contains("lib/greet.flow:3:"), "{text}");
    assert!(text.contains("flow::check::unknown_name"), "{text}");
    // The `use` line (line 1, zero-based) carries it.
    assert!(text.contains("\"line\":1"), "{text}");
    for line in 0..5 {
        for character in [0, 5, 20] {
            let at = json!({ "textDocument": { "uri": "file:///w/demo.flow" }, "position": { "line": line, "character": character } });
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
            ] {
                let _ = server.request(method, at.clone());
            }
        }
    }
}

/// A sub-flow file open in the editor is checked on its own, from its unsaved text: its own
/// findings at their places in it, none about the flow written around it.
#[test]
fn an_open_sub_flow_file_is_checked_on_its_own() {
    let mut server = Server::new(Lib);
    let text = "subflow greet(words text(50))\nstate saying {\n  enter { speak words to caller }\n  after speak { return }\n}\n";
    let out = server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": "file:///w/lib/greet.flow", "languageId": "flow", "version": 1, "text": text } }),
    );
    let published: String = out.iter().map(|n| n.params.to_string()).collect();
    assert!(published.contains("\"diagnostics\":[]"), "{published}");
    let broken = text.replace("speak words", "speak wordz");
    let out = server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///w/lib/greet.flow", "version": 2 }, "contentChanges": [{ "text": broken }] }),
    );
    let published: String = out.iter().map(|n| n.params.to_string()).collect();
    assert!(
        published.contains("flow::check::unknown_name"),
        "{published}"
    );
    // Line 2 (zero-based), where `wordz` is; nothing about a sub-flow not running alone.
    assert!(published.contains("\"line\":2"), "{published}");
    assert!(!published.contains("not_a_subflow"), "{published}");
    assert!(!published.contains("subflow_"), "{published}");
}
