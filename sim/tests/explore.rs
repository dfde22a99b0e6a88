//! Exhaustive exploration (`sim::explore`): shipped flows keep every property, each unsafe example
//! breaks its own, and each broken property comes with a scenario that fails when replayed.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on what it did not expect"
)]

use interpreter::config::Config;
use interpreter::ir::Flow;
use sim::drive;
use sim::explore::{self, Inputs, Options, Property, Report};
use sim::function::FlowFunction;
use sim::scenario::Scenario;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn compile(path: &Path) -> Flow {
    let text = std::fs::read_to_string(path).unwrap();
    let prompts = dsl::files::FolderPrompts::beside(path);
    let name = path.display().to_string();
    match dsl::compile::compile_unverified(&name, &text, dsl::source::Syntax::Flow, &prompts) {
        Ok(c) => c.flow,
        Err(report) => panic!("{}", dsl::compile::render(&report, 100)),
    }
}

fn explore_file(rel: &str) -> (Flow, Config, Report) {
    let flow = compile(&root().join(rel));
    let inputs = Inputs::of(&flow);
    let config = Config::resolve(&flow, |n| inputs.config.get(n).cloned()).unwrap();
    let options = Options {
        flow_ref: rel.to_owned(),
        ..Options::default()
    };
    let report = explore::explore(&flow, &config, &inputs, &options);
    (flow, config, report)
}

/// The expectations a written scenario fails when the driver replays it.
fn replay(flow: &Flow, config: &Config, scenario: &str) -> Vec<String> {
    let scenario = Scenario::parse("explored.call.yaml", scenario).unwrap();
    let mut function = FlowFunction { flow, config };
    let outcome = drive::run(&scenario, &mut function);
    sim::expect::check(&scenario, &outcome)
        .into_iter()
        .map(|f| format!("{}: {}", f.expectation, f.detail))
        .collect()
}

fn summary(report: &Report) -> String {
    let covered = report.edges.iter().filter(|e| e.covered).count();
    let mut out = format!(
        "states {} transitions {} cut {} capped {} edges {covered}/{} longest {:?}\n",
        report.states,
        report.transitions,
        report.cut,
        report.capped,
        report.edges.len(),
        report.longest
    );
    for e in report.edges.iter().filter(|e| !e.covered) {
        out.push_str(&format!("  uncovered {} -> {}\n", e.from, e.to));
    }
    for v in &report.violations {
        out.push_str(&format!("  {}: {}\n{}\n", v.property.as_str(), v.message, v.scenario));
    }
    out
}

#[test]
fn debug_print() {
    for f in ["flows/recording.flow", "examples/voicemail/voicemail.flow", "examples/notification/notification.flow", "examples/unsafe/legs.flow", "examples/unsafe/hangup.flow", "examples/unsafe/listeners.flow", "examples/unsafe/loop.flow", "examples/unsafe/recording.flow", "examples/unsafe/silence.flow", "examples/unsafe/sizes.flow", "examples/unsafe/intent.flow"] {
        let t = std::time::Instant::now();
        let (flow, config, report) = explore_file(f);
        eprintln!("== {f} {:?}\n{}", t.elapsed(), summary(&report));
        for v in &report.violations {
            eprintln!("replay: {:?}", replay(&flow, &config, &v.scenario));
        }
    }
    let _ = Property::Silence;
}

#[test]
fn debug_transcript() {
    let Ok(text) = std::fs::read_to_string("/tmp/s.yaml") else {
        return;
    };
    let scenario = Scenario::parse("s.call.yaml", &text).unwrap();
    let rel = scenario.flow.clone().unwrap();
    let flow = compile(&root().join(&rel));
    let config = Config::resolve(&flow, |n| scenario.config.get(n).cloned()).unwrap();
    let mut function = FlowFunction { flow: &flow, config: &config };
    let outcome = drive::run(&scenario, &mut function);
    let failures = sim::expect::check(&scenario, &outcome);
    eprintln!("{}", sim::transcript::text(&scenario, &outcome, &failures, None));
}
