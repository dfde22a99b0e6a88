//! No input panics a front end; whatever parses formats and converts without changing meaning.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/shape.rs"]
mod shape;

use dsl::format::format_flow;
use dsl::yaml::{parse_yaml, to_yaml};
use proptest::prelude::*;
use shape::{RECORDING_FLOW, RECORDING_YAML, grouped, shape};

/// Characters that matter to the grammars, so that mutations reach interesting places.
const ALPHABET: &[char] = &[
    '{', '}', '(', ')', '[', ']', '"', '\'', '#', '\n', ';', ',', '.', '=', '-', '+', '>', ':',
    ' ', '\\', 'a', '0', '|', '&', '*', '!', '\t', 'é',
];

/// An edit of a source: at a fraction of its length, delete some characters and insert others.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, String)>> {
    let insert = prop::collection::vec(prop::sample::select(ALPHABET), 0..4)
        .prop_map(|c| c.into_iter().collect());
    prop::collection::vec((0.0..1.0f64, 0..6usize, insert), 1..4)
}

fn mutate(source: &str, edits: &[(f64, usize, String)]) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for (at, delete, insert) in edits {
        let start = ((chars.len() as f64) * at) as usize;
        let end = (start + delete).min(chars.len());
        chars.splice(start..end, insert.chars());
    }
    chars.into_iter().collect()
}

/// Whatever parses keeps its tree through the formatter and through YAML.
fn check_text(source: &str) {
    let Ok(flow) = dsl::parse::parse_flow(source) else {
        return;
    };
    let formatted = format_flow(&flow);
    let again = dsl::parse::parse_flow(&formatted).unwrap_or_else(|p| panic!("{p:?}\n{formatted}"));
    assert_eq!(
        shape(&shape::without_comment_flags(&again)),
        shape(&shape::without_comment_flags(&flow))
    );
    assert_eq!(format_flow(&again), formatted);
    let yaml = to_yaml(&flow);
    let back = parse_yaml(&yaml).unwrap_or_else(|p| panic!("{p:?}\n{yaml}"));
    let expected = grouped(&flow);
    assert_eq!(
        shape::shape_without_comments(&back),
        shape::shape_without_comments(&expected),
        "{yaml}"
    );
}

fn check_yaml(source: &str) {
    let Ok(flow) = parse_yaml(source) else {
        return;
    };
    let text = format_flow(&flow);
    let back = dsl::parse::parse_flow(&text).unwrap_or_else(|p| panic!("{p:?}\n{text}"));
    assert_eq!(
        shape::shape_without_comments(&back),
        shape::shape_without_comments(&flow),
        "{text}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_is_parsed_or_refused(source in "\\PC{0,200}") {
        let _ = dsl::parse::parse_flow(&source);
        let _ = parse_yaml(&source);
    }

    #[test]
    fn flow_like_text_is_parsed_or_refused(source in "(flow [a-z]{1,3}\n)?[a-z{}()\\[\\]\"#;,.=+\\- \n0-9]{0,120}") {
        check_text(&source);
    }

    #[test]
    fn edited_recording_flow_never_panics(edits in edits()) {
        check_text(&mutate(RECORDING_FLOW, &edits));
    }

    #[test]
    fn edited_recording_yaml_never_panics(edits in edits()) {
        check_yaml(&mutate(RECORDING_YAML, &edits));
    }
}
