//! `dsl check`: parse and check flows, report every finding.

use super::files::{self, Source};
use super::{Outcome, emit, failure, render};
use dsl::diagnostic::Report;
use serde_json::json;
use std::path::PathBuf;

pub(crate) fn run(named: &[PathBuf], as_json: bool) -> Outcome {
    let paths = if named.is_empty() {
        files::discover()
    } else {
        named.to_vec()
    };
    if paths.is_empty() {
        return failure(
            "no flow files: name some, or run where `flows/` or `examples/` holds `.flow` or `.yaml` files",
        );
    }
    let mut outcome = Outcome::Clean;
    let mut findings = Vec::new();
    let mut listeners = Vec::new();
    let (mut errors, mut warnings, mut checked) = (0, 0, 0);
    for path in &paths {
        let source = match files::read(path) {
            Ok(source) => source,
            Err(failed) => {
                outcome = outcome.max(failed);
                continue;
            }
        };
        checked += 1;
        let (report, flow) = check(&source);
        if let Some(flow) = &flow {
            listeners.extend(flow.listeners.iter().map(|l| {
                json!({
                    "file": source.name,
                    "listener": l.name,
                    "between_ms": l.between_ms,
                    "round_trip_ms": interpreter::ir::SMA_ROUND_TRIP_MS,
                    "keypress_to_effect_ms": l.keypress_to_effect_ms(),
                })
            }));
        }
        let file_errors = report.problems().iter().filter(|p| p.is_error()).count();
        errors += file_errors;
        warnings += report.problems().len() - file_errors;
        if report.has_errors() {
            outcome = outcome.max(Outcome::Findings);
        }
        if as_json {
            findings.extend(render::json(&report));
        } else if !report.problems().is_empty() {
            render::human(&report);
        }
    }
    if as_json {
        let document = json!({
            "files": checked,
            "errors": errors,
            "warnings": warnings,
            "findings": findings,
            // Each digit listener's worst case from keypress to effect: its in-between interval
            // of quiet, then one SMA round trip.
            "listeners": listeners,
        });
        if emit(&format!("{document:#}\n")) == Outcome::Failure {
            return Outcome::Failure;
        }
    } else {
        eprintln!(
            "checked {}: {}, {}",
            plural(checked, "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    outcome
}

/// All findings of one file: its parse problems, or the checker's; and the compiled flow when it
/// checks.
fn check(source: &Source) -> (Report, Option<interpreter::ir::Flow>) {
    match dsl::source::parse_source(&source.name, &source.text, source.syntax) {
        Err(report) => (report, None),
        Ok(flow) => {
            let prompts = dsl::files::FolderPrompts::beside(&source.path);
            // A sub-flow file on its own: checked as a flow that runs it once would check it.
            let file_name = source.path.file_name().map(|n| n.to_string_lossy());
            if let Some(name) = file_name
                && let Some(mut alone) =
                    dsl::subflow::check_alone(&flow, &source.text, &name, &prompts)
            {
                // The file itself under the name it was given on the command line.
                for file in &mut alone.sources {
                    if file.name == name {
                        file.name.clone_from(&source.name);
                    }
                }
                let report = Report::new(&source.name, alone.host, alone.problems)
                    .with_imports(alone.sources);
                return (report, None);
            }
            let outcome = dsl::check::check_flow_with(&flow, &prompts);
            let compiled = outcome.flow;
            (
                Report::new(&source.name, source.text.clone(), outcome.problems)
                    .with_imports(outcome.sources),
                compiled,
            )
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
