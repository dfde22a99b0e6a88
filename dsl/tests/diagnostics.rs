//! Every front-end diagnostic code has a fixture under `tests/fixtures/` (named after the code,
//! `::` written `-`); each fixture's source and rendered diagnostic are snapshotted together.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use dsl::codes::Code;
use dsl::source::{Syntax, parse_source};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The fixture of a code, with its syntax.
fn fixture(code: Code) -> Option<(String, Syntax)> {
    let stem = code.as_str().replace("::", "-");
    ["flow", "yaml"].into_iter().find_map(|ext| {
        let name = format!("{stem}.{ext}");
        fixtures()
            .join(&name)
            .exists()
            .then(|| (name.clone(), Syntax::from_name(&name).unwrap()))
    })
}

fn render(name: &str, source: &str, syntax: Syntax) -> String {
    let report = match parse_source(name, source, syntax) {
        Ok(_) => panic!("{name} parses"),
        Err(report) => report,
    };
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(80)
        .render_report(&mut out, &report)
        .unwrap();
    out
}

#[test]
fn every_front_end_code_has_a_fixture() {
    let front_end = Code::ALL.iter().filter(|c| {
        c.as_str().starts_with("flow::parse::") || c.as_str().starts_with("flow::yaml::")
    });
    for &code in front_end {
        assert!(fixture(code).is_some(), "no fixture for {code}");
    }
}

#[test]
fn fixtures_render_their_code() {
    for &code in Code::ALL {
        let Some((name, syntax)) = fixture(code) else {
            continue;
        };
        let source = std::fs::read_to_string(fixtures().join(&name)).unwrap();
        let report = parse_source(&name, &source, syntax).err().unwrap();
        assert!(
            report.problems().iter().any(|p| p.code == code),
            "{name} reports {:?}",
            report.problems().iter().map(|p| p.code).collect::<Vec<_>>()
        );
        let rendered = render(&name, &source, syntax);
        insta::assert_snapshot!(name.clone(), format!("{source}\n-----\n{rendered}"));
    }
}
