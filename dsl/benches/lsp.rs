//! How long an editor waits for diagnostics after an edit: the language server's `didChange`
//! (parse, check, index, diagnostics) on the shipped flow and on a flow of 10,000 states, and a
//! completion and a hover on the large one. Run with `cargo bench -p dsl --bench lsp`.

#[path = "../tests/support/generated_flow.rs"]
mod generated_flow;

use criterion::{Criterion, criterion_group, criterion_main};
use dsl::check::{NoPromptFiles, PromptFiles};
use dsl::lsp::{LineIndex, Server, Workspace};
use generated_flow::generated_flow;
use lsp_types::Uri;
use serde_json::{Value, json};
use std::hint::black_box;

struct NoFiles;

impl Workspace for NoFiles {
    fn prompt_files(&self, _: &Uri) -> Box<dyn PromptFiles> {
        Box::new(NoPromptFiles)
    }
}

fn opened(uri: &str, text: &str) -> Server<NoFiles> {
    let mut server = Server::new(NoFiles);
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "flow", "version": 1, "text": text } }),
    );
    server
}

/// A one-character edit at `offset` (typing a space), as an incremental change.
fn keystroke(text: &str, offset: usize, version: i32, uri: &str) -> Value {
    let p = LineIndex::new(text).position(text, offset);
    let at = json!({ "line": p.line, "character": p.character });
    json!({ "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": { "start": at, "end": at }, "text": " " }] })
}

fn diagnostics_after_an_edit(c: &mut Criterion, name: &str, text: &str, samples: usize) {
    let uri = format!("file:///bench/{name}");
    let offset = text.find("goto").unwrap_or(0);
    let mut group = c.benchmark_group(name);
    group.sample_size(samples);
    group.bench_function("diagnostics after an edit", |b| {
        // Each iteration types into a fresh copy, so the text does not grow.
        b.iter_batched(
            || opened(&uri, text),
            |mut server| {
                black_box(server.notify("textDocument/didChange", keystroke(text, offset, 2, &uri)))
            },
            criterion::BatchSize::LargeInput,
        )
    });
    let mut server = opened(&uri, text);
    let end = text.rfind("goto").unwrap_or(0) + 5;
    let p = LineIndex::new(text).position(text, end);
    let at = json!({ "textDocument": { "uri": uri }, "position": { "line": p.line, "character": p.character } });
    group.bench_function("completion after goto", |b| {
        b.iter(|| black_box(server.request("textDocument/completion", at.clone())))
    });
    group.bench_function("hover", |b| {
        b.iter(|| black_box(server.request("textDocument/hover", at.clone())))
    });
    group.finish();
}

fn recording(c: &mut Criterion) {
    diagnostics_after_an_edit(
        c,
        "recording.flow",
        include_str!("../../flows/recording.flow"),
        100,
    );
}

fn ten_thousand_states(c: &mut Criterion) {
    diagnostics_after_an_edit(c, "10,000 states", &generated_flow(10_000), 10);
}

criterion_group!(benches, recording, ten_thousand_states);
criterion_main!(benches);
