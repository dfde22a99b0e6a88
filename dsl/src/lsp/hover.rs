//! Hover: a verb or label shows its documentation and the SMA parameter's limits, a name its
//! declaration and type, and a finding under the cursor its code's `dsl explain` text.

use super::document::Document;
use super::index::At;
use super::{keywords, verbs};
use crate::ast::Span;
use crate::codes::explain;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

pub fn hover(doc: &Document, offset: usize) -> Option<Hover> {
    let mut parts = Vec::new();
    let mut range = None;
    match doc.index.at(offset) {
        Some(At::Name(i)) => {
            if let Some(d) = doc.index.decls.get(i) {
                let line = doc.slice(d.item).lines().next().unwrap_or_default();
                let ty =
                    d.ty.as_deref()
                        .map(|t| format!(": `{t}`"))
                        .unwrap_or_default();
                parts.push(format!(
                    "{} `{}`{ty}\n\n```flow\n{line}\n```",
                    d.kind.word(),
                    d.name
                ));
            }
        }
        Some(At::Unresolved(name, span)) => {
            if let Some((ty, doc)) = keywords::builtin(name) {
                parts.push(format!("built-in `{name}`: `{ty}`\n\n{doc}"));
                range = Some(span);
            }
        }
        Some(At::Verb(v, span)) => {
            if let Some(v) = verbs::verb(v) {
                parts.push(verbs::markdown(v));
                range = Some(span);
            }
        }
        Some(At::Label(v, l, span)) => {
            if let Some(verb) = verbs::verb(v)
                && let Some(label) = verb.label(l)
            {
                parts.push(verbs::label_markdown(verb, label));
                range = Some(span);
            }
        }
        None => {
            // No tree (the text does not parse) or nothing indexed here: read the words.
            if let Some((verb, span)) = verb_under(&doc.text, offset) {
                parts.push(verbs::markdown(verb));
                range = Some(span);
            }
        }
    }
    for p in &doc.problems {
        let s = p.primary_span();
        if s.start <= offset && offset <= s.end {
            parts.push(format!("```text\n{}```", explain(p.code)));
            range = range.or(Some(s));
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: range.map(|s| doc.range(s)),
    })
}

/// The word at `offset` and its span.
pub fn word_at(text: &str, offset: usize) -> Option<(&str, Span)> {
    let offset = offset.min(text.len());
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let after = text.get(offset..)?;
    let end = offset + after.find(|c: char| !is_word(c)).unwrap_or(after.len());
    let word = text.get(start..end)?;
    (!word.is_empty()).then_some((word, Span::new(start, end)))
}

/// A verb written around `offset`, one word or two (`start recording`).
fn verb_under(text: &str, offset: usize) -> Option<(&'static verbs::Verb, Span)> {
    let (word, span) = word_at(text, offset)?;
    let prev = text.get(..span.start).and_then(|b| {
        let t = b.trim_end_matches([' ', '\t']);
        word_at(t, t.len()).filter(|_| t.len() < b.len())
    });
    let next = text.get(span.end..).and_then(|a| {
        let skipped = a.len() - a.trim_start_matches([' ', '\t']).len();
        word_at(text, span.end + skipped).filter(|_| skipped > 0)
    });
    if let Some((p, ps)) = prev
        && let Some(v) = verbs::verb(&format!("{p} {word}"))
    {
        return Some((v, ps.to(span)));
    }
    if let Some((n, ns)) = next
        && let Some(v) = verbs::verb(&format!("{word} {n}"))
    {
        return Some((v, span.to(ns)));
    }
    verbs::verb(word).map(|v| (v, span))
}
