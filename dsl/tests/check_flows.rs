//! The shipped flows check clean and compile.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::check_flow;
use dsl::parse::parse_flow;

#[test]
fn recording_flow_checks_clean() {
    let src = include_str!("../../flows/recording.flow");
    let ast = parse_flow(src).unwrap_or_else(|p| panic!("{p:#?}"));
    let outcome = check_flow(&ast);
    for p in &outcome.problems {
        let (l, c) = dsl::diagnostic::line_col(src, p.primary_span().start);
        eprintln!(
            "{l}:{c} {} {} {:?} {:?}",
            p.code,
            p.message,
            p.labels.first().map(|l| &l.text),
            p.help
        );
    }
    assert!(outcome.problems.is_empty());
    let flow = outcome.flow.unwrap();
    assert_eq!(flow.name, "recording");
    assert_eq!(flow.states.len(), 3);
}

#[test]
fn recording_flow_graph_shows_its_states_and_ways_out() {
    let src = include_str!("../../flows/recording.flow");
    let flow = check_flow(&parse_flow(src).unwrap()).flow.unwrap();
    let mermaid = dsl::graph::mermaid(&flow);
    for edge in [
        "[*] --> dial_out: new call",
        "[*] --> ringing: new call",
        "dial_out --> ringing: after collect",
        "dial_out --> dial_out: after collect",
        "dial_out --> [*]: after collect",
        "ringing --> talking: after bridge",
        "any_state --> [*]: hangup",
        "any_state --> [*]: failed bridge, collect",
    ] {
        assert!(mermaid.contains(edge), "missing `{edge}` in\n{mermaid}");
    }
    let dot = dsl::graph::dot(&flow);
    assert!(dot.starts_with("digraph \"recording\" {"));
    assert!(dot.contains("\"ringing\" -> \"talking\" [label=\"after bridge\"];"));
}
