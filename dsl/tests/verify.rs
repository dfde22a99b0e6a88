//! The path analyses: every `flow::verify::` code has a fixture flow that triggers it, rendered
//! and snapshotted like the other checker codes; every flow in `examples/unsafe/` is rejected
//! with the code its first line names, at a statement, and its corrected twin (`NAME.fixed.flow`)
//! is accepted without a finding; the shipped flows pass.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::check::{PromptFiles, PromptLookup, check_flow_with};
use dsl::codes::{Code, info};
use dsl::compile::render;
use dsl::diagnostic::Report;
use dsl::source::{Syntax, parse_source};
use std::path::{Path, PathBuf};

/// Every prompt is a good 8 kHz file: these tests are about paths, not audio.
struct GoodPrompts;

impl PromptFiles for GoodPrompts {
    fn lookup(&self, _key: &str) -> PromptLookup {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut out = std::io::Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
        for i in 0..800 {
            w.write_sample((i % 64) as i16).unwrap();
        }
        w.finalize().unwrap();
        PromptLookup::Found(out.into_inner())
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check(path: &Path) -> (String, Vec<dsl::diagnostic::Problem>) {
    let source = std::fs::read_to_string(path).unwrap();
    let name = path.display().to_string();
    let syntax = Syntax::from_name(&name).unwrap();
    let ast = parse_source(&name, &source, syntax)
        .unwrap_or_else(|e| panic!("{name} does not parse: {e:?}"));
    (source, check_flow_with(&ast, &GoodPrompts).problems)
}

fn verify_codes() -> impl Iterator<Item = (Code, &'static str)> {
    Code::ALL.iter().filter_map(|c| {
        c.as_str()
            .strip_prefix("flow::verify::")
            .map(|name| (*c, name))
    })
}

#[test]
fn every_verify_code_has_a_fixture_that_triggers_it() {
    let dir = root().join("dsl/tests/fixtures/verify");
    for (code, name) in verify_codes() {
        let path = dir.join(format!("{name}.flow"));
        assert!(
            path.exists(),
            "no fixture for {code}: add {}",
            path.display()
        );
        let (source, problems) = check(&path);
        assert!(
            problems.iter().any(|p| p.code == code),
            "{name}.flow does not trigger {code}; it gives {:?}",
            problems.iter().map(|p| p.code.as_str()).collect::<Vec<_>>()
        );
        let report = Report::new(format!("{name}.flow"), source.clone(), problems);
        insta::assert_snapshot!(
            format!("verify__{name}"),
            format!("{source}\n{}", render(&report, 80))
        );
    }
}

#[test]
fn every_verify_code_is_explained() {
    for (code, _) in verify_codes() {
        let i = info(code);
        assert!(!i.summary.is_empty() && !i.why.is_empty() && !i.example.is_empty());
        assert!(!i.fix.is_empty());
    }
}

fn unsafe_flows() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples/unsafe"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            (n.ends_with(".flow") || n.ends_with(".yaml")) && !n.contains(".fixed.")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn each_unsafe_flow_is_rejected_with_its_own_code_at_a_statement() {
    let flows = unsafe_flows();
    assert!(flows.len() >= 8, "one unsafe flow per class: {flows:?}");
    let mut codes = Vec::new();
    for path in flows {
        let (source, problems) = check(&path);
        let first = source.lines().next().unwrap();
        let named = first
            .split_whitespace()
            .find_map(|w| Code::parse(w.trim_end_matches(':')))
            .unwrap_or_else(|| panic!("{}: the first line names no code", path.display()));
        let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
        assert!(
            !errors.is_empty() && errors.iter().all(|p| p.code == named),
            "{}: expected only {named}, got {:?}",
            path.display(),
            errors.iter().map(|p| p.code.as_str()).collect::<Vec<_>>()
        );
        let span = errors[0].primary_span();
        let text = &source[span.start..span.end];
        assert!(
            !text.trim().is_empty() && !text.starts_with('#'),
            "{}: the finding points at nothing",
            path.display()
        );
        assert!(
            !codes.contains(&named),
            "{named} is used by two unsafe flows"
        );
        codes.push(named);
    }
}

#[test]
fn each_corrected_twin_is_accepted_without_findings() {
    for path in unsafe_flows() {
        let twin = path.with_extension("fixed.flow");
        assert!(twin.exists(), "{} has no corrected twin", path.display());
        let (_, problems) = check(&twin);
        assert!(
            problems.is_empty(),
            "{}: {:?}",
            twin.display(),
            problems
                .iter()
                .map(|p| (p.code.as_str(), p.message.as_str()))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_shipped_flows_pass_every_check() {
    for name in ["flows/recording.flow", "flows/recording.yaml"] {
        let (_, problems) = check(&root().join(name));
        assert!(
            problems.is_empty(),
            "{name}: {:?}",
            problems
                .iter()
                .map(|p| (p.code.as_str(), p.message.as_str()))
                .collect::<Vec<_>>()
        );
    }
}

fn check_text(source: &str) -> Vec<dsl::diagnostic::Problem> {
    let ast = dsl::parse::parse_flow(source).unwrap();
    check_flow_with(&ast, &GoodPrompts).problems
}

const GREETING: &str = "flow demo\nconfig b text = env WAV_BUCKET\nprompts in b { hello = \"hello.wav\" }\non new call {\n  ALLOW\n  play hello to caller\n}\non failed { hangup caller }\n";

#[test]
fn a_directive_with_a_reason_lowers_the_finding_of_its_statement_to_a_warning() {
    let bare = check_text(&GREETING.replace("  ALLOW\n", ""));
    assert!(
        bare.iter()
            .any(|p| p.code == Code::VerifySilence && p.is_error())
    );
    let allowed = check_text(&GREETING.replace(
        "ALLOW",
        "allow flow::verify::silence \"the caller hangs up after the greeting\"",
    ));
    assert!(allowed.iter().all(|p| !p.is_error()), "{allowed:?}");
    assert!(allowed.iter().any(|p| p.code == Code::VerifySilence));
}

#[test]
fn a_directive_without_a_reason_or_a_finding_is_an_error() {
    let empty = check_text(&GREETING.replace("ALLOW", "allow flow::verify::silence \"\""));
    assert!(empty.iter().any(|p| p.code == Code::VerifyDirective));
    assert!(
        empty
            .iter()
            .any(|p| p.code == Code::VerifySilence && p.is_error())
    );
    let elsewhere =
        check_text(&GREETING.replace("ALLOW", "allow flow::verify::leg_not_up \"no reason to\""));
    assert!(elsewhere.iter().any(|p| p.code == Code::VerifyDirective));
}

#[test]
fn properties_and_directives_survive_both_syntaxes() {
    let text = std::fs::read_to_string(root().join("flows/recording.flow")).unwrap();
    let ast = dsl::parse::parse_flow(&text).unwrap();
    let yaml = dsl::yaml::to_yaml(&ast);
    assert!(yaml.contains("- never bridge caller_id owner"), "{yaml}");
    let back = parse_source("recording.yaml", &yaml, Syntax::Yaml).unwrap();
    let (a, b) = (
        check_flow_with(&ast, &GoodPrompts).flow.unwrap(),
        check_flow_with(&back, &GoodPrompts).flow.unwrap(),
    );
    assert_eq!(a, b);
}
