//! The formatter and the converter keep meaning: parse(format(ast)) is ast, formatting is
//! idempotent, and text -> YAML -> text and YAML -> text -> YAML give the same tree back.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/shape.rs"]
mod shape;

use dsl::format::format_flow;
use dsl::yaml::to_yaml;
use shape::{
    RECORDING_FLOW, RECORDING_YAML, grouped, parse_flow, parse_yaml, shape, shape_without_comments,
};

const SAMPLES: &[(&str, &str)] = &[
    ("recording.flow", RECORDING_FLOW),
    ("constructs.flow", include_str!("samples/constructs.flow")),
    ("comments.flow", include_str!("samples/comments.flow")),
];

#[test]
fn the_recording_flow_is_in_canonical_layout() {
    assert_eq!(format_flow(&parse_flow(RECORDING_FLOW)), RECORDING_FLOW);
    let non_comment = RECORDING_FLOW
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .count();
    // The flow stays short enough to read in one sitting, owner PIN included.
    assert!(non_comment < 130, "{non_comment} lines");
}

#[test]
fn the_yaml_twin_is_the_converters_output() {
    assert_eq!(to_yaml(&parse_flow(RECORDING_FLOW)), RECORDING_YAML);
}

#[test]
fn the_yaml_twin_means_the_same_flow() {
    let text = parse_flow(RECORDING_FLOW);
    let yaml = parse_yaml(RECORDING_YAML);
    assert_eq!(shape_without_comments(&yaml), shape_without_comments(&text));
    // The converter keeps the comments too.
    assert_eq!(shape(&yaml), shape(&text));
}

#[test]
fn formatting_keeps_the_tree_and_is_idempotent() {
    for (name, source) in SAMPLES {
        let flow = parse_flow(source);
        let formatted = format_flow(&flow);
        let again = parse_flow(&formatted);
        assert_eq!(shape(&again), shape(&flow), "{name}:\n{formatted}");
        assert_eq!(format_flow(&again), formatted, "{name}");
    }
}

#[test]
fn comments_between_arguments_stay_there() {
    let source = include_str!("samples/comments_inside.flow");
    let flow = parse_flow(source);
    let formatted = format_flow(&flow);
    insta::assert_snapshot!(formatted);
    assert_eq!(format_flow(&parse_flow(&formatted)), formatted);
    // Comments inside an expression or a command's positional part move before the command;
    // every comment is kept.
    let texts = |f: &dsl::ast::Flow| {
        f.comments
            .iter()
            .map(|c| c.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&parse_flow(&formatted)), texts(&flow));
}

#[test]
fn text_to_yaml_to_text_keeps_the_tree() {
    for (name, source) in SAMPLES {
        let flow = parse_flow(source);
        let yaml = to_yaml(&flow);
        let back = parse_yaml(&yaml);
        // YAML has one section per kind of item: items come back grouped by kind.
        let expected = grouped(&flow);
        assert_eq!(
            shape_without_comments(&back),
            shape_without_comments(&expected),
            "{name}:\n{yaml}"
        );
        // Every comment comes back, in order. YAML has no closing brace, so a comment after a
        // `}` that follows a comment line takes a line of its own: the sample has one.
        assert_eq!(
            comment_texts(&back),
            comment_texts(&expected),
            "{name}:\n{yaml}"
        );
        if *name != "comments.flow" {
            assert_eq!(shape(&back), shape(&expected), "{name}:\n{yaml}");
        }
        let text = format_flow(&back);
        assert_eq!(shape(&parse_flow(&text)), shape(&back), "{name}:\n{text}");
    }
}

fn comment_texts(flow: &dsl::ast::Flow) -> Vec<&str> {
    flow.comments.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn yaml_to_text_to_yaml_keeps_the_tree() {
    for (name, source) in [
        ("recording.yaml", RECORDING_YAML),
        ("styles.yaml", include_str!("samples/styles.yaml")),
    ] {
        let flow = parse_yaml(source);
        let text = format_flow(&flow);
        let back = parse_flow(&text);
        assert_eq!(shape(&back), shape(&flow), "{name}:\n{text}");
        let yaml = to_yaml(&back);
        assert_eq!(shape(&parse_yaml(&yaml)), shape(&flow), "{name}:\n{yaml}");
        assert_eq!(
            to_yaml(&parse_yaml(&yaml)),
            yaml,
            "{name}: converting is idempotent"
        );
    }
}

#[test]
fn comments_stay_where_they_were() {
    let formatted = format_flow(&parse_flow(include_str!("samples/comments.flow")));
    insta::assert_snapshot!(formatted);
    let yaml = to_yaml(&parse_flow(include_str!("samples/comments.flow")));
    insta::assert_snapshot!(yaml);
}

#[test]
fn yaml_styles_read_as_flow_text() {
    insta::assert_snapshot!(format_flow(&parse_yaml(include_str!(
        "samples/styles.yaml"
    ))));
}

#[test]
fn yaml_spans_point_into_the_yaml_source() {
    use dsl::ast::{ExprKind, Item, StmtKind};
    let source = include_str!("samples/styles.yaml");
    let flow = parse_yaml(source);
    let text = |s: dsl::ast::Span| &source[s.start..s.end];
    assert_eq!(text(flow.name.span), "styles");
    let Some(Item::Config(quoted)) = flow.items.get(1) else {
        panic!("{:?}", flow.items)
    };
    assert_eq!(text(quoted.name.span), "quoted_key");
    assert_eq!(quoted.default.as_ref().map(|d| text(d.span)), Some("it's"));
    let Some(Item::Block(b)) = flow.items.iter().find(|i| matches!(i, Item::Block(_))) else {
        panic!()
    };
    assert_eq!(text(b.body.stmts[0].span), "x = 1");
    let StmtKind::Command(play) = &b.body.stmts[1].kind else {
        panic!()
    };
    assert_eq!(text(play.verb.span), "play");
    // The same command as a map: the verb is its key, a label's value its own scalar.
    let StmtKind::Command(map) = &b.body.stmts[2].kind else {
        panic!()
    };
    assert_eq!(text(map.verb.span), "play");
    assert_eq!(text(map.args[0].label.span), "to");
    assert_eq!(text(map.args[0].value.span), "caller");
    let StmtKind::If { cond, .. } = &b.body.stmts[3].kind else {
        panic!()
    };
    let ExprKind::Binary(_, left, _) = &cond.kind else {
        panic!()
    };
    assert_eq!(text(left.span), "n");
    assert_eq!(text(cond.span), "n > 1");
}

/// A label the grammar does not know (the checker reports it) reads back as a name: the text
/// must neither start a continuation line with it nor leave a sign apart from its value after it.
#[test]
fn unknown_labels_keep_their_arguments() {
    // The YAML edit the robustness test found: a long command broken before `betaween`.
    let yaml = "flow: f\nhandlers:\n  new call:\n    - 'collect enter_number on caller failure sorry min 10 max 11 terminators \"#\" repeat 3 betaween 2500ms wait 5s'\n";
    let flow = parse_yaml(yaml);
    let text = format_flow(&flow);
    assert_eq!(
        shape_without_comments(&parse_flow(&text)),
        shape_without_comments(&flow),
        "{text}"
    );
    // A signed value after an unknown label.
    for value in ["(-1)", "(+15550100)", "(-x)"] {
        let source = RECORDING_FLOW.replacen("between 2500ms", &format!("betaween {value}"), 1);
        assert_ne!(source, RECORDING_FLOW);
        let flow = parse_flow(&source);
        let text = format_flow(&flow);
        assert_eq!(shape(&parse_flow(&text)), shape(&flow), "{text}");
        assert_eq!(format_flow(&parse_flow(&text)), text);
    }
}
