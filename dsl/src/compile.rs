//! One call from flow source to compiled IR, for the build script and the `dsl` command: parse
//! (text or YAML by the file's extension), check with the prompt files, and report every finding.

use crate::check::{CheckOutcome, PromptFiles, check_flow_unverified, check_flow_with};
use crate::diagnostic::Report;
use crate::source::{Syntax, parse_source};
use interpreter::ir;

/// A compiled flow with the warnings found on the way (a report with no errors).
#[derive(Debug)]
pub struct Compiled {
    pub flow: ir::Flow,
    pub warnings: Report,
}

/// Compiles one flow source; the error holds every finding of the file.
#[expect(
    clippy::result_large_err,
    reason = "a report is made once per file, on the way to being rendered"
)]
pub fn compile(
    name: &str,
    text: &str,
    syntax: Syntax,
    files: &dyn PromptFiles,
) -> Result<Compiled, Report> {
    let ast = parse_source(name, text, syntax)?;
    finish(name, text, check_flow_with(&ast, files))
}

/// Compiles one flow source without the path analyses, to run it on simulated calls that find
/// what those analyses would (`dsl explore`); every other finding still fails it.
#[expect(
    clippy::result_large_err,
    reason = "a report is made once per file, on the way to being rendered"
)]
pub fn compile_unverified(
    name: &str,
    text: &str,
    syntax: Syntax,
    files: &dyn PromptFiles,
) -> Result<Compiled, Report> {
    let ast = parse_source(name, text, syntax)?;
    finish(name, text, check_flow_unverified(&ast, files))
}

#[expect(
    clippy::result_large_err,
    reason = "a report is made once per file, on the way to being rendered"
)]
fn finish(name: &str, text: &str, outcome: CheckOutcome) -> Result<Compiled, Report> {
    match outcome.flow {
        Some(flow) if !outcome.has_errors() => Ok(Compiled {
            flow,
            warnings: Report::new(name, text, outcome.problems)
                .with_imports(outcome.sources.clone()),
        }),
        _ => Err(Report::new(name, text, outcome.problems).with_imports(outcome.sources.clone())),
    }
}

/// Like [`compile`], but a flow that lowered whole is given even when a flow-wide analysis finds
/// errors in it, with every problem (errors too) in `warnings`: for a simulation that shows what
/// such a flow does on a call. A flow that cannot be parsed or lowered whole is an error.
///
/// # Errors
///
/// The report, when no IR could be built.
#[expect(
    clippy::result_large_err,
    reason = "a report is made once per file, on the way to being rendered"
)]
pub fn compile_unchecked(
    name: &str,
    text: &str,
    syntax: Syntax,
    files: &dyn PromptFiles,
) -> Result<Compiled, Report> {
    let ast = parse_source(name, text, syntax)?;
    let outcome = check_flow_with(&ast, files);
    match outcome.flow.or(outcome.unchecked) {
        Some(flow) => Ok(Compiled {
            flow,
            warnings: Report::new(name, text, outcome.problems)
                .with_imports(outcome.sources.clone()),
        }),
        None => {
            Err(Report::new(name, text, outcome.problems).with_imports(outcome.sources.clone()))
        }
    }
}

/// Renders a report as text for a terminal without colour, `width` columns wide.
pub fn render(report: &Report, width: usize) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(width);
    let mut out = String::new();
    if handler.render_report(&mut out, report).is_err() {
        out = report.to_string();
    }
    out
}
