//! The shipped flows check clean and compile.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/generated_flow.rs"]
mod generated_flow;
use dsl::check::check_flow;
use dsl::parse::parse_flow;
use generated_flow::generated_flow;

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
    assert_eq!(flow.states.len(), 4);
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

#[test]
fn recording_flow_and_its_yaml_twin_compile_to_the_same_ir() {
    let text = check_flow(&parse_flow(include_str!("../../flows/recording.flow")).unwrap())
        .flow
        .unwrap();
    let yaml_src = include_str!("../../flows/recording.yaml");
    let yaml = check_flow(&dsl::yaml::parse_yaml(yaml_src).unwrap_or_else(|p| panic!("{p:?}")))
        .flow
        .unwrap();
    assert_eq!(text, yaml);
    assert_eq!(text.version, yaml.version);
}

#[test]
fn a_generated_flow_of_10000_states_checks_clean() {
    let src = generated_flow(10_000);
    let ast = parse_flow(&src).unwrap_or_else(|p| panic!("{p:?}"));
    let outcome = check_flow(&ast);
    assert!(
        outcome.problems.is_empty(),
        "{:?}",
        outcome.problems.first()
    );
    assert_eq!(outcome.flow.unwrap().states.len(), 10_000);
}

#[test]
fn the_shipped_prompts_pass_the_wav_format_check() {
    let flows = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../flows");
    let ast = parse_flow(include_str!("../../flows/recording.flow")).unwrap();
    let outcome = dsl::check::check_flow_with(&ast, &dsl::files::FolderPrompts(flows.clone()));
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    let flow = outcome.flow.unwrap();
    assert_eq!(flow.prompts.len(), 10);
    for p in &flow.prompts {
        let bytes = std::fs::read(flows.join("prompts").join(&p.key)).unwrap();
        assert_eq!(dsl::check::check_wav(&bytes), Ok(()), "{}", p.key);
    }
}
