//! The bodies of the fuzz targets, shared by `cargo fuzz` (`fuzz_targets/`) and the stable
//! fallback (`tests/fallback.rs`). Each takes any bytes; a panic, an overflow or a hang is a find.
//! Beyond "no crash", each checks what must hold: a flow that checks compiles to IR that survives
//! a JSON round trip, and every answer of `step` is an envelope the strict decoder accepts.

#![forbid(unsafe_code)]

use dsl::check::check_flow;
use dsl::diagnostic::Report;
use interpreter::config::Config;
use interpreter::ir::{Flow, Value};
use interpreter::step::step;
use interpreter::wire::{Response, decode_event};
use std::sync::OnceLock;

/// The text parser alone; diagnostics are rendered, so that every span they hold is exercised.
pub fn flow_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(problems) = dsl::parse::parse_flow(text) {
        render(text, problems);
    }
}

/// The YAML reader alone, with its diagnostics rendered.
pub fn flow_yaml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(problems) = dsl::yaml::parse_yaml(text) {
        render(text, problems);
    }
}

/// Parse then check: a flow the checker accepts becomes IR that reads back unchanged.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ast = match dsl::parse::parse_flow(text) {
        Ok(ast) => ast,
        Err(problems) => return render(text, problems),
    };
    let outcome = check_flow(&ast);
    if let Some(flow) = &outcome.flow {
        let json = serde_json::to_string(flow).unwrap_or_default();
        let back: Option<Flow> = serde_json::from_str(&json).ok();
        assert_eq!(
            back.as_ref(),
            Some(flow),
            "the IR does not survive a round trip"
        );
    }
    render(text, outcome.problems);
}

/// Any bytes as an SMA event, answered by the recording flow: always a valid envelope.
pub fn event_step(data: &[u8]) {
    let Some((flow, config)) = recording() else {
        return;
    };
    let Ok(event) = decode_event(data) else {
        return;
    };
    let turn = step(flow, config, &event);
    let json = serde_json::to_value(&turn.response).unwrap_or_default();
    let strict: Result<Response, _> = serde_json::from_value(json);
    assert!(strict.is_ok(), "step answered an invalid envelope");
}

/// Any text as a scenario file: the reader locates every problem inside the text it was given,
/// and a scenario it accepts plays to its end against the recording flow on the service model
/// (bounded by the driver's step limit), with its expectations checked.
pub fn scenario(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match sim::scenario::Scenario::parse("fuzz.call.yaml", text) {
        Err(errors) => {
            let lines = u64::try_from(text.lines().count()).unwrap_or(u64::MAX);
            for error in &errors {
                assert!(
                    error.code.starts_with("scenario::"),
                    "a scenario error without its code: {error}"
                );
                assert!(
                    error.line <= lines.saturating_add(1),
                    "a scenario error placed past the end of the text: {error}"
                );
                let _ = error.to_string();
            }
        }
        Ok(scenario) => {
            let Some((flow, config)) = recording() else {
                return;
            };
            let mut function = sim::function::FlowFunction::new(flow, config);
            let outcome = sim::drive::run(&scenario, &mut function);
            let failures = sim::expect::check(&scenario, &outcome);
            let _ = sim::transcript::json(&scenario, &outcome, &failures);
            let _ = sim::transcript::mermaid(&outcome);
        }
    }
}

fn render(text: &str, problems: Vec<dsl::diagnostic::Problem>) {
    let report = Report::new("fuzz.flow", text, problems);
    let _ = dsl::compile::render(&report, 80);
}

/// The production flow, compiled once, with the values of a deployment.
fn recording() -> Option<&'static (Flow, Config)> {
    static FLOW: OnceLock<Option<(Flow, Config)>> = OnceLock::new();
    FLOW.get_or_init(|| {
        let source = include_str!("../../flows/recording.flow");
        let ast = dsl::parse::parse_flow(source).ok()?;
        let flow = check_flow(&ast).flow?;
        let values = flow
            .config
            .iter()
            .map(|item| match item.env.as_str() {
                "SOURCE_PHONE" => Some(Value::Phone("+12065550100".to_owned())),
                _ => item
                    .default
                    .clone()
                    .or_else(|| Some(Value::Text("prompts-bucket".to_owned()))),
            })
            .collect::<Option<Vec<_>>>()?;
        Some((flow, Config::from_values(values)))
    })
    .as_ref()
}
