//! The stable-toolchain fallback of the fuzz targets: the same bodies over the seed corpus and over
//! mutations of it, generated from a fixed seed so that every run tries the same inputs.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::Path;

fn seeds(dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// A seed with a few bytes replaced, removed or inserted, or cut short.
fn mutated(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 0..8);
    (prop::sample::select(seeds), edits).prop_map(|(mut bytes, edits)| {
        for (at, op, byte) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.insert(i, byte),
                _ => bytes.truncate(i),
            }
        }
        bytes
    })
}

fn run(seeds: Vec<Vec<u8>>, cases: u32, body: fn(&[u8])) {
    for seed in &seeds {
        body(seed);
    }
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = prop_oneof![mutated(seeds), prop::collection::vec(any::<u8>(), 0..512)];
    runner
        .run(&strategy, |bytes| {
            body(&bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn flow_text() {
    run(seeds("corpus/flow_text", "flow"), 1000, fuzz::flow_text);
}

#[test]
fn flow_yaml() {
    run(seeds("corpus/flow_yaml", "yaml"), 1000, fuzz::flow_yaml);
}

#[test]
fn check() {
    run(seeds("corpus/check", "flow"), 500, fuzz::check);
}

#[test]
fn event_step() {
    run(seeds("corpus/event_step", "json"), 3000, fuzz::event_step);
}

#[test]
fn scenario() {
    run(seeds("corpus/scenario", "yaml"), 300, fuzz::scenario);
}
