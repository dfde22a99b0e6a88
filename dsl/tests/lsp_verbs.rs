//! What the language server offers from the verb table agrees with what the checker accepts:
//! every verb it offers is one the checker knows, every label it offers for a verb is accepted
//! there, and every other label is refused there.

#![cfg(feature = "lsp")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::codes::Code;
use dsl::lsp::verbs::{LISTENER, VERBS, Verb, label_words};

fn codes(source: &str) -> Vec<Code> {
    let flow = dsl::parse::parse_flow(source).unwrap_or_else(|p| panic!("{source}\n{p:?}"));
    dsl::check::check_flow(&flow)
        .problems
        .iter()
        .map(|p| p.code)
        .collect()
}

/// Whether the checker takes `label` in `verb` (after a subject when the verb has one, since a
/// label is only read as one after it).
fn accepts(verb: &Verb, label: &str) -> bool {
    let source = if verb.keyword == LISTENER.keyword {
        format!("flow t\nlistener k {label} 1\n")
    } else if verb.subject.is_some() {
        format!("flow t\non new call {{ {} x {label} 1 }}\n", verb.keyword)
    } else {
        format!("flow t\non new call {{ {} {label} 1 }}\n", verb.keyword)
    };
    // A word the parser does not read as a label of this verb is refused as well.
    dsl::parse::parse_flow(&source).is_ok() && !codes(&source).contains(&Code::CheckUnknownArgument)
}

#[test]
fn every_verb_is_known_to_the_checker() {
    for verb in VERBS {
        let found = codes(&format!("flow t\non new call {{ {} }}\n", verb.keyword));
        assert!(
            !found.contains(&Code::CheckUnknownAction),
            "{}: {found:?}",
            verb.keyword
        );
    }
    let found = codes("flow t\non new call { plya }\n");
    assert!(found.contains(&Code::CheckUnknownAction), "{found:?}");
}

#[test]
fn labels_are_exactly_those_the_checker_accepts() {
    for verb in VERBS.iter().chain([&LISTENER]) {
        for label in label_words() {
            let listed = verb.label(label).is_some();
            assert_eq!(
                accepts(verb, label),
                listed,
                "`{} {label}`: listed {listed}",
                verb.keyword
            );
        }
    }
}
