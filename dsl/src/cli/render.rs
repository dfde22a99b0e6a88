//! Diagnostics for people (miette's graphical report on stderr) and for tools (JSON).

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
            let span = p.primary_span();
            let (line, column) = report.line_col(span.start);
            let (end_line, end_column) = report.line_col(span.end);
            let labels: Vec<Value> = p
                .labels
                .iter()
                .map(|l| {
                    let (line, column) = report.line_col(l.span.start);
                    let (end_line, end_column) = report.line_col(l.span.end);
                    json!({
                        "message": l.text,
                        "line": line,
                        "column": column,
                        "end_line": end_line,
                        "end_column": end_column,
                    })
                })
                .collect();
            json!({
                "file": report.name(),
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

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "advice",
    }
}
