//! How long the language takes: parsing and checking the shipped flow, and a generated flow of
//! 10,000 states. Run with `cargo bench -p dsl --bench check`.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// A flow of `n` states chained by `after collect`, each with its own prompt and failure path.
fn generated_flow(n: usize) -> String {
    let mut src = String::from(
        "flow big\nconfig prompt_bucket text = env WAV_BUCKET\nprompts in prompt_bucket { ask = \"ask.wav\" }\nvar tries int = 0\n",
    );
    src.push_str("on new call { goto s0 }\non failed { hangup caller }\non hangup { if caller.connected { hangup caller } }\n");
    for i in 0..n {
        let next = if i + 1 < n {
            format!("goto s{}", i + 1)
        } else {
            "hangup caller".to_owned()
        };
        src.push_str(&format!(
            "state s{i} {{\n  enter {{ collect ask on caller failure ask min 1 max 2 wait 5s }}\n  after collect {{\n    tries += 1\n    if digits == \"{}\" {{ {next} }} else {{ goto s{i} }}\n  }}\n}}\n",
            i % 10
        ));
    }
    src
}

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
