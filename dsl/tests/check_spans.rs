//! Findings point at the item they are about, whatever was dropped before it.

#![expect(clippy::expect_used, reason = "a failed expectation fails the test")]

use dsl::check::check_flow;
use dsl::parse::parse_flow;

fn findings(src: &str) -> Vec<(String, usize)> {
    let ast = parse_flow(src).expect("parses");
    check_flow(&ast)
        .problems
        .iter()
        .map(|p| {
            let (line, _) = dsl::diagnostic::line_col(src, p.primary_span().start);
            (p.code.to_string(), line)
        })
        .collect()
}

const SILENT_COLLECT: &str = r#"flow t
config bucket text = env B
prompts in bucket { ask = "a.wav"; sorry = "s.wav" }
on new call {
  collect ask on caller failure sorry wait 5s
}
on hangup { if caller.connected { hangup caller } }
"#;

#[test]
fn a_handler_dropped_for_an_error_moves_no_finding_onto_another() {
    let clean = findings(SILENT_COLLECT);
    assert!(!clean.is_empty(), "the silent collect is found: {clean:?}");
    let with_bad = SILENT_COLLECT.replace(
        "on new call {",
        "on digits nowhere { hangup caller }\non new call {",
    );
    let found = findings(&with_bad);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, line) = found.first().cloned().expect("one finding");
    assert_eq!((code.as_str(), line), ("flow::check::unknown_name", 4));
}

#[test]
fn analyses_label_the_handler_they_are_about() {
    let flow = SILENT_COLLECT.replace("on hangup {", "on answered { hangup caller }\non hangup {");
    let found = findings(&flow);
    assert!(found.iter().all(|(_, line)| *line != 7), "{found:?}");
}

#[test]
fn a_mistake_in_a_block_is_reported_once_at_the_block_used_or_not() {
    let used_twice = r#"flow t
block greet { speak "Hi." to nobody }
on new call { do greet; do greet; hangup caller }
on hangup { if caller.connected { hangup caller } }
"#;
    let found = findings(used_twice);
    let errors: Vec<_> = found
        .iter()
        .filter(|(c, _)| c != "flow::check::unused")
        .collect();
    assert_eq!(errors.len(), 1, "{found:?}");
    assert_eq!(errors.first().map(|(_, line)| *line), Some(2));
    let unused = used_twice.replace("do greet; do greet; ", "");
    let found = findings(&unused);
    assert!(
        found
            .iter()
            .any(|(c, l)| c == "flow::check::unused" && *l == 2),
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|(c, _)| c != "flow::check::unused")
            .count(),
        1,
        "{found:?}"
    );
}
