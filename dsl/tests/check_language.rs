//! Language rules found by writing applications: what `note` takes, and `none` in arithmetic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::check_flow;
use dsl::parse::parse_flow;
use interpreter::ir::{Note, Stmt};

/// The codes and first label texts of `src`'s findings (the unused variable the helper declares
/// aside).
fn findings(src: &str) -> Vec<(String, String)> {
    let ast = parse_flow(src).unwrap_or_else(|p| panic!("{p:#?}"));
    check_flow(&ast)
        .problems
        .iter()
        .filter(|p| p.code.to_string() != "flow::check::unused")
        .map(|p| {
            let at = p.primary_span().start;
            (p.code.to_string(), src[at..].chars().take(12).collect())
        })
        .collect()
}

fn flow_with(body: &str) -> String {
    format!(
        "flow demo\nvar name text(20)\non new call {{\n{body}\n  hangup caller\n}}\n\
         on hangup {{ if caller.connected {{ hangup caller }} }}\n"
    )
}

#[test]
fn note_answered_takes_a_phone_number_not_text() {
    let found = findings(&flow_with("  note answered \"confirmed\""));
    assert_eq!(
        found,
        [(
            "flow::check::type_mismatch".to_owned(),
            "\"confirmed\"\n".to_owned()
        )]
    );
    assert!(findings(&flow_with("  note answered caller.number")).is_empty());
}

#[test]
fn a_note_of_another_name_with_a_value_is_a_fact_of_the_flow() {
    let src = flow_with("  note outcome \"confirmed\"\n  note choice len(\"12\")");
    assert!(findings(&src).is_empty(), "{:?}", findings(&src));
    let flow = check_flow(&parse_flow(&src).unwrap()).flow.unwrap();
    let facts: Vec<_> = flow.handlers[0]
        .body
        .0
        .iter()
        .filter_map(|s| match s {
            Stmt::Note(Note::Fact(name, _)) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(facts, ["outcome", "choice"]);
}

#[test]
fn a_misspelt_note_is_still_unknown_even_with_a_value() {
    let found = findings(&flow_with("  note answerd caller.number"));
    assert_eq!(found[0].0, "flow::check::unknown_note");
}

#[test]
fn a_fact_without_a_value_is_unknown() {
    let found = findings(&flow_with("  note outcome"));
    assert_eq!(found[0].0, "flow::check::unknown_note");
}

#[test]
fn a_prompt_is_not_a_fact() {
    let src = "flow demo\nconfig b text = env B\nprompts in b { hi = \"hello.wav\" }\n\
               on new call {\n  note outcome hi\n  hangup caller\n}\n";
    let found = findings(src);
    assert!(
        found
            .iter()
            .any(|(code, at)| code == "flow::check::type_mismatch" && at.starts_with("hi")),
        "{found:?}"
    );
}

#[test]
fn none_in_arithmetic_is_a_type_error() {
    for body in ["  name = \"Hello \" + none", "  name = none + \"x\""] {
        let found = findings(&flow_with(body));
        assert_eq!(found.len(), 1, "{body}: {found:?}");
        assert_eq!(found[0].0, "flow::check::type_mismatch");
        assert!(found[0].1.starts_with("none"), "{found:?}");
    }
    // A variable that may be unset is not the literal `none`: no type mismatch (the path
    // analyses may still find it unset).
    let found = findings(&flow_with("  name = \"Hello \" + name"));
    assert!(
        !found.iter().any(|f| f.0 == "flow::check::type_mismatch"),
        "{found:?}"
    );
}
