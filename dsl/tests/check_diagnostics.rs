//! Every checker diagnostic code has a fixture flow that triggers it; each rendering (source and
//! diagnostic, no colour, 80 columns) is a snapshot, reviewed when it changes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::{PromptFiles, PromptLookup, check_flow_with};
use dsl::codes::Code;
use dsl::compile::render;
use dsl::diagnostic::Report;
use dsl::parse::parse_flow;
use std::path::PathBuf;

/// `hello.wav` is a good prompt, `hello-44khz.wav` one the SMA does not play, anything else is
/// missing.
struct FixturePrompts;

fn wav(rate: u32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
    for i in 0..800 {
        w.write_sample((i % 64) as i16).unwrap();
    }
    w.finalize().unwrap();
    out.into_inner()
}

impl PromptFiles for FixturePrompts {
    fn lookup(&self, key: &str) -> PromptLookup {
        match key {
            "hello.wav" => PromptLookup::Found(wav(8000)),
            "hello-44khz.wav" => PromptLookup::Found(wav(44100)),
            other => PromptLookup::Missing(format!("prompts/{other}")),
        }
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn check_codes() -> impl Iterator<Item = (Code, &'static str)> {
    Code::ALL.iter().filter_map(|c| {
        c.as_str()
            .strip_prefix("flow::check::")
            .map(|name| (*c, name))
    })
}

#[test]
fn every_check_code_has_a_fixture_that_triggers_it() {
    for (code, name) in check_codes() {
        let path = fixtures().join(format!("{name}.flow"));
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("no fixture for {code}: add {}", path.display()));
        let ast = parse_flow(&source).unwrap_or_else(|p| panic!("{name}: does not parse: {p:?}"));
        let outcome = check_flow_with(&ast, &FixturePrompts);
        assert!(
            outcome.problems.iter().any(|p| p.code == code),
            "{name}.flow does not trigger {code}; it gives {:?}",
            outcome
                .problems
                .iter()
                .map(|p| p.code.as_str())
                .collect::<Vec<_>>()
        );
        let report = Report::new(format!("{name}.flow"), source.clone(), outcome.problems);
        insta::assert_snapshot!(
            format!("check__{name}"),
            format!("{source}\n{}", render(&report, 80))
        );
    }
}

#[test]
fn every_fixture_is_for_a_known_code() {
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            check_codes().any(|(_, name)| name == stem),
            "{} names no checker code",
            path.display()
        );
    }
}
