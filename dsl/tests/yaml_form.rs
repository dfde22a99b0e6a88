//! The structured YAML form: every shipped and example flow converts to YAML and back to the same
//! IR, the generated JSON Schema accepts every YAML flow and rejects wrong labels and types, the
//! committed schema is the generated one, and mistakes in a command map are located.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::check_flow;
use dsl::yaml::{parse_yaml, schema::schema, to_yaml};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.flow` file under `flows/` and `examples/`.
fn text_flows() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dirs = vec![root().join("flows"), root().join("examples")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "flow") {
                // A sub-flow file has no YAML form; the flows that use it are converted.
                let text = std::fs::read_to_string(&path).unwrap();
                if !dsl::subflow::is_subflow_source(&text) {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    assert!(out.len() > 10, "{out:?}");
    out
}

/// What checking gives: the IR as JSON, and the codes found.
fn outcome(flow: &dsl::ast::Flow) -> (Value, Vec<String>) {
    let checked = check_flow(flow);
    let codes = checked
        .problems
        .iter()
        .map(|p| p.code.as_str().to_owned())
        .collect();
    (serde_json::to_value(&checked.flow).unwrap(), codes)
}

#[test]
fn every_flow_converts_to_yaml_and_back_to_the_same_ir() {
    for path in text_flows() {
        let source = std::fs::read_to_string(&path).unwrap();
        let Ok(flow) = dsl::parse::parse_flow(&source) else {
            continue;
        };
        let yaml = to_yaml(&flow);
        let back =
            parse_yaml(&yaml).unwrap_or_else(|p| panic!("{}: {p:#?}\n{yaml}", path.display()));
        assert_eq!(outcome(&back), outcome(&flow), "{}\n{yaml}", path.display());
    }
}

fn yaml_value(source: &str) -> Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options(source, options).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).unwrap()
}

fn errors(validator: &jsonschema::Validator, source: &str) -> Vec<String> {
    validator
        .iter_errors(&yaml_value(source))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_accepts_every_yaml_flow() {
    let validator = validator();
    let mut yamls = vec![
        (
            "recording.yaml".to_owned(),
            include_str!("../../flows/recording.yaml").to_owned(),
        ),
        (
            "styles.yaml".to_owned(),
            include_str!("samples/styles.yaml").to_owned(),
        ),
    ];
    for path in text_flows() {
        let source = std::fs::read_to_string(&path).unwrap();
        if let Ok(flow) = dsl::parse::parse_flow(&source) {
            yamls.push((path.display().to_string(), to_yaml(&flow)));
        }
    }
    for (name, yaml) in yamls {
        let found = errors(&validator, &yaml);
        assert!(found.is_empty(), "{name}: {found:#?}\n{yaml}");
    }
}

#[test]
fn the_schema_rejects_a_wrong_label_and_a_wrong_type() {
    let validator = validator();
    let flow = |stmt: &str| format!("flow: f\nhandlers:\n  new call:\n    - {stmt}\n");
    assert!(errors(&validator, &flow("play: hello\n      to: caller")).is_empty());
    assert!(!errors(&validator, &flow("play: hello\n      too: caller")).is_empty());
    assert!(
        !errors(
            &validator,
            &flow("collect: p\n      on: caller\n      failure: f\n      wait: 5s\n      min: ten")
        )
        .is_empty()
    );
    assert!(
        !errors(
            &validator,
            &flow("start recording:\n      on: caller\n      track: all\n      to: b")
        )
        .is_empty()
    );
    assert!(!errors(&validator, &flow("hangup: caller\n      code: \"486\"")).is_empty());
    assert!(errors(&validator, &flow("hangup: caller\n      code: 486")).is_empty());
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = include_str!("../flow.schema.json");
    let generated = serde_json::to_string_pretty(&schema()).unwrap() + "\n";
    assert_eq!(
        committed, generated,
        "dsl/flow.schema.json is out of date: run `dsl schema > dsl/flow.schema.json`"
    );
}

#[test]
fn text_values_are_plain_yaml_strings() {
    let yaml = include_str!("../../flows/recording.yaml");
    assert!(yaml.contains("default: originalAudio}"));
    assert!(yaml.contains("to: ${recording_bucket}/${recording_prefix}"));
    assert!(yaml.contains("- play: [being_recorded, connecting]\n      to: caller"));
    assert!(
        !yaml.contains("'\""),
        "a text value still in flow quotes:\n{yaml}"
    );
}

fn render(source: &str) -> String {
    use miette::{GraphicalReportHandler, GraphicalTheme};
    let report = dsl::source::parse_source("f.yaml", source, dsl::source::Syntax::Yaml)
        .err()
        .unwrap();
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, &report)
        .unwrap();
    format!("{source}\n-----\n{out}")
}

#[test]
fn mistakes_in_a_command_map_are_located() {
    let head = "flow: f\nhandlers:\n  new call:\n";
    insta::assert_snapshot!(
        "unknown_label",
        render(&format!("{head}    - play: hello\n      too: caller\n"))
    );
    insta::assert_snapshot!(
        "unknown_verb",
        render(&format!("{head}    - plya: hello\n      to: caller\n"))
    );
    insta::assert_snapshot!(
        "repeated_label",
        render(&format!(
            "{head}    - play: hello\n      to: caller\n      to: callee\n"
        ))
    );
    insta::assert_snapshot!(
        "bad_value",
        render(&format!(
            "{head}    - bridge:\n      to: owner +\n      timeout: 30s\n"
        ))
    );
    insta::assert_snapshot!(
        "unclosed_insert",
        render(&format!(
            "{head}    - speak: hello ${{name\n      to: caller\n"
        ))
    );
    insta::assert_snapshot!(
        "subject_on_a_verb_without_one",
        render(&format!("{head}    - stop recording: now\n"))
    );
}
