//! The editor grammar (`editors/vscode/syntaxes/flow.tmLanguage.json`) cannot drift from the
//! language: its verbs, labels and events are exactly the language server's, which a test of
//! their own holds to the checker.

#![cfg(feature = "lsp")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::lsp::keywords::EVENTS;
use dsl::lsp::verbs::{VERBS, label_words};
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeSet;

fn grammar() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../editors/vscode/syntaxes/flow.tmLanguage.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The words of a `\b(?:a|b\s+c)\b` pattern, with `\s+` read as one space.
fn alternatives(pattern: &str) -> BTreeSet<String> {
    let inner = pattern
        .strip_prefix("\\b(?:")
        .and_then(|p| p.strip_suffix(")\\b"))
        .unwrap_or_else(|| panic!("not a word list: {pattern}"));
    inner.split('|').map(|w| w.replace("\\s+", " ")).collect()
}

#[test]
fn the_grammars_verbs_are_the_verb_tables() {
    let pattern = grammar()["repository"]["verbs"]["match"]
        .as_str()
        .unwrap()
        .to_owned();
    let verbs: BTreeSet<String> = VERBS.iter().map(|v| v.keyword.to_owned()).collect();
    assert_eq!(alternatives(&pattern), verbs);
    // Each verb is highlighted whole: two-word verbs come before their first word.
    let re = Regex::new(&pattern).unwrap();
    for v in VERBS {
        let spaced = v.keyword.replace(' ', "   ");
        assert_eq!(
            re.find(&spaced).map(|m| m.as_str()),
            Some(spaced.as_str()),
            "{}",
            v.keyword
        );
    }
}

#[test]
fn the_grammars_labels_are_the_verb_tables() {
    let pattern = grammar()["repository"]["labels"]["match"]
        .as_str()
        .unwrap()
        .to_owned();
    let labels: BTreeSet<String> = label_words().into_iter().map(str::to_owned).collect();
    assert_eq!(alternatives(&pattern), labels);
}

#[test]
fn the_grammar_knows_every_event() {
    let handler = &grammar()["repository"]["handler"]["patterns"][0]["match"];
    let re = Regex::new(handler.as_str().unwrap()).unwrap();
    for (event, _) in EVENTS {
        let line = format!("  on {event} {{");
        let caps = re.captures(&line).unwrap_or_else(|| panic!("{line}"));
        assert_eq!(&caps[2], *event);
    }
}
