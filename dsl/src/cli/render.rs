//! Diagnostics for people (miette's graphical report on stderr) and for tools (JSON).

use dsl::ast::Span;
use dsl::diagnostic::Report;
use miette::{GraphicalReportHandler, GraphicalTheme, Severity};
use serde_json::{Value, json};
use std::io::IsTerminal;

/// Renders a report on stderr, in colour on a terminal unless `NO_COLOR` is set.
pub(crate) fn human(report: &Report) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    match GraphicalReportHandler::new_themed(theme).render_report(&mut out, report) {
        Ok(()) => eprint!("{out}"),
        // The renderer only fails on a formatter error; the findings still deserve a line each.
        Err(_) => {
            for p in report.problems() {
                let (file, line, col) = report.locate(p.primary_span());
                eprintln!("{file}:{line}:{col}: {}: {}", p.code, p.message);
            }
        }
    }
}

/// The findings of a report as JSON objects.
pub(crate) fn json(report: &Report) -> Vec<Value> {
    report
        .problems()
        .iter()
        .map(|p| {
            // Each place in the file it is in: a finding in a sub-flow file the flow uses is
            // placed in that file, as the rendered report shows it.
            let span = p.primary_span();
            let (file, line, column) = report.locate(span);
            let file = shown(report, file);
            let (end_line, end_column) = end_of(report, span);
            let labels: Vec<Value> = p
                .labels
                .iter()
                .map(|l| {
                    let (label_file, line, column) = report.locate(l.span);
                    let label_file = shown(report, label_file);
                    let (end_line, end_column) = end_of(report, l.span);
                    json!({
                        "message": l.text,
                        "file": label_file,
                        "line": line,
                        "column": column,
                        "end_line": end_line,
                        "end_column": end_column,
                    })
                })
                .collect();
            json!({
                "file": file,
                "code": p.code.as_str(),
                "severity": severity(p.severity),
                "message": p.message,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "labels": labels,
                "help": p.help,
            })
        })
        .collect()
}

/// A file as the command line names it: a sub-flow file is named in its flow by a path from the
/// flow's folder, given here from where the flow's own path starts.
fn shown(report: &Report, file: String) -> String {
    if file == report.name() {
        return file;
    }
    let joined = std::path::Path::new(report.name())
        .parent()
        .unwrap_or_else(|| std::path::Path::new(""))
        .join(&file);
    let mut parts: Vec<std::path::Component<'_>> = Vec::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir
                if matches!(parts.last(), Some(std::path::Component::Normal(_))) =>
            {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts
        .iter()
        .collect::<std::path::PathBuf>()
        .display()
        .to_string()
}

/// The line and column where a span ends (a span never crosses files).
fn end_of(report: &Report, span: Span) -> (usize, usize) {
    let (_, line, column) = report.locate(Span::new(span.end, span.end));
    (line, column)
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "advice",
    }
}
