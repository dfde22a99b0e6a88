//! How long the language takes: parsing and checking the shipped flow, and a generated flow of
//! 10,000 states. Run with `cargo bench -p dsl --bench check`.

#[path = "../tests/support/generated_flow.rs"]
mod generated_flow;
use criterion::{Criterion, criterion_group, criterion_main};
use generated_flow::generated_flow;
use std::hint::black_box;

fn recording(c: &mut Criterion) {
    let src = include_str!("../../flows/recording.flow");
    let ast = dsl::parse::parse_flow(src).unwrap_or_else(|_| std::process::exit(1));
    c.bench_function("recording.flow: parse", |b| {
        b.iter(|| dsl::parse::parse_flow(black_box(src)))
    });
    c.bench_function("recording.flow: check", |b| {
        b.iter(|| dsl::check::check_flow(black_box(&ast)))
    });
    let yaml = include_str!("../../flows/recording.yaml");
    c.bench_function("recording.yaml: parse", |b| {
        b.iter(|| dsl::yaml::parse_yaml(black_box(yaml)))
    });
}

fn ten_thousand_states(c: &mut Criterion) {
    let src = generated_flow(10_000);
    let ast = dsl::parse::parse_flow(&src).unwrap_or_else(|_| std::process::exit(1));
    let mut group = c.benchmark_group("10,000 states");
    group.sample_size(10);
    group.bench_function("parse", |b| {
        b.iter(|| dsl::parse::parse_flow(black_box(&src)))
    });
    group.bench_function("check", |b| {
        b.iter(|| dsl::check::check_flow(black_box(&ast)))
    });
    group.bench_function("parse and check", |b| {
        b.iter(|| dsl::parse::parse_flow(black_box(&src)).map(|a| dsl::check::check_flow(&a)))
    });
    group.finish();
}

criterion_group!(benches, recording, ten_thousand_states);
criterion_main!(benches);
