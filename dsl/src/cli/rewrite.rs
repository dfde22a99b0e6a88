//! `dsl fmt` and `dsl convert`: a flow parsed and written again, in its own syntax or the other.

use super::files::{self, Source};
use super::{Outcome, emit, failure, render};
use dsl::source::{Syntax, parse_source, render as render_flow};
use std::path::{Path, PathBuf};

/// Parses a file, rendering its problems if it does not parse.
fn parse(source: &Source) -> Result<dsl::ast::Flow, Outcome> {
    parse_source(&source.name, &source.text, source.syntax).map_err(|report| {
        render::human(&report);
        Outcome::Findings
    })
}

pub(crate) fn convert(path: &Path, to: Syntax, output: Option<&Path>) -> Outcome {
    let source = match files::read(path) {
        Ok(source) => source,
        Err(failed) => return failed,
    };
    if let Some(out) = output
        && let Err(e) = Syntax::from_name(&out.display().to_string())
    {
        return failure(e);
    }
    let flow = match parse(&source) {
        Ok(flow) => flow,
        Err(failed) => return failed,
    };
    if to == Syntax::Yaml && matches!(flow.items.first(), Some(dsl::ast::Item::Subflow(_))) {
        return failure(format!(
            "{}: a sub-flow file has no YAML form (sub-flow files are text only; a YAML flow \
             can still `uses:` it)",
            source.name
        ));
    }
    let text = render_flow(&flow, to);
    match output {
        Some(out) => files::write(out, &text).err().unwrap_or(Outcome::Clean),
        None => emit(&text),
    }
}

/// Rewrites each file in the canonical layout of its syntax; with `check`, only names the
/// files that would change.
pub(crate) fn fmt(paths: &[PathBuf], check: bool) -> Outcome {
    let mut outcome = Outcome::Clean;
    for path in paths {
        let source = match files::read(path) {
            Ok(source) => source,
            Err(failed) => {
                outcome = outcome.max(failed);
                continue;
            }
        };
        let flow = match parse(&source) {
            Ok(flow) => flow,
            Err(failed) => {
                outcome = outcome.max(failed);
                continue;
            }
        };
        let text = render_flow(&flow, source.syntax);
        if text == source.text {
            continue;
        }
        if check {
            eprintln!("would reformat {}", source.name);
            outcome = outcome.max(Outcome::Findings);
        } else if let Err(failed) = files::write(path, &text) {
            outcome = outcome.max(failed);
        } else {
            eprintln!("formatted {}", source.name);
        }
    }
    outcome
}
