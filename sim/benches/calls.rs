//! Full simulated recording calls per second on one core: a stranger calls, the owner answers,
//! pauses, resumes and stops the recording, the caller hangs up (every invocation of the
//! interpreter and the whole service model per call).
//!
//! Baseline, measured in the same run: the same call's events (captured from one simulated run)
//! through a bare `interpreter::step` loop, with no service model around it. The ratio of the two
//! is the cost of the model itself; the figure and the command are in `sim/README.md`.
//!
//! `cargo bench -p sim --bench calls`

#![expect(
    clippy::unwrap_used,
    reason = "a benchmark with a broken fixture has nothing to measure"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use interpreter::config::Config;
use interpreter::step::step;
use interpreter::wire::Event;
use sim::function::{FlowFunction, Function, Reply};
use sim::scenario::Scenario;
use std::hint::black_box;

/// The allocator of the binaries that run the simulator (`handler`, `dsl`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// The flow function, keeping a copy of every event it was given.
struct Capture<'a> {
    inner: FlowFunction<'a>,
    events: Vec<Event>,
}

impl Function for Capture<'_> {
    fn invoke(&mut self, event: &Event) -> Reply {
        self.events.push(event.clone());
        self.inner.invoke(event)
    }

    fn at(&mut self, now_ms: u64) {
        self.inner.at(now_ms);
    }
}

fn calls(c: &mut Criterion) {
    let flow = flow();
    let scenario = Scenario::parse("inbound-keypad.call.yaml", SCENARIO).unwrap();
    let config = Config::resolve(&flow, |name| scenario.config.get(name).cloned()).unwrap();
    let mut capture = Capture {
        inner: FlowFunction::new(&flow, &config),
        events: Vec::new(),
    };
    let outcome = sim::drive::run(&scenario, &mut capture);
    assert!(outcome.service.over);
    let events = capture.events;
    let mut group = c.benchmark_group("simulated recording call");
    group.throughput(Throughput::Elements(1));
    group.bench_function("whole call", |b| {
        b.iter(|| {
            let mut function = FlowFunction::new(&flow, &config);
            let outcome = sim::drive::run(black_box(&scenario), &mut function);
            assert!(outcome.service.over);
        });
    });
    group.bench_function("baseline: the same events through step alone", |b| {
        b.iter(|| {
            for event in black_box(&events) {
                black_box(step(&flow, &config, event));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, calls);
criterion_main!(benches);
