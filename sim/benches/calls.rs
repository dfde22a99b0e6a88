//! Full simulated recording calls per second on one core: a stranger calls, the owner answers,
//! pauses, resumes and stops the recording, the caller hangs up (twelve invocations of the
//! interpreter and the whole service model per call). Baseline: the same call's events through a
//! bare serde round trip only.

#![expect(
    clippy::unwrap_used,
    reason = "a benchmark with a broken fixture has nothing to measure"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use interpreter::config::Config;
use sim::function::FlowFunction;
use sim::scenario::Scenario;
use std::hint::black_box;

const SCENARIO: &str = include_str!("../../flows/scenarios/inbound-keypad.call.yaml");

fn flow() -> interpreter::ir::Flow {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../flows");
    let text = std::fs::read_to_string(format!("{root}/recording.flow")).unwrap();
    let prompts =
        dsl::files::FolderPrompts::beside(std::path::Path::new(&format!("{root}/recording.flow")));
    dsl::compile::compile("recording.flow", &text, dsl::source::Syntax::Flow, &prompts)
        .unwrap()
        .flow
}

fn calls(c: &mut Criterion) {
    let flow = flow();
    let scenario = Scenario::parse("inbound-keypad.call.yaml", SCENARIO).unwrap();
    let config = Config::resolve(&flow, |name| scenario.config.get(name).cloned()).unwrap();
    let mut group = c.benchmark_group("simulated recording call");
    group.throughput(Throughput::Elements(1));
    group.bench_function("whole call", |b| {
        b.iter(|| {
            let mut function = FlowFunction {
                flow: &flow,
                config: &config,
            };
            let outcome = sim::drive::run(black_box(&scenario), &mut function);
            assert!(outcome.service.over);
        });
    });
    group.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
