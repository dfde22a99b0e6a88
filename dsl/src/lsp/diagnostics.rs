//! The checker's findings as the protocol's diagnostics: the same codes and wording as
//! `dsl check`, the first label as the range, the other labels as related locations.

use super::document::Document;
use crate::diagnostic::Problem;
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};
use miette::Severity;

pub fn diagnostics(uri: &Uri, doc: &Document) -> Vec<Diagnostic> {
    doc.problems
        .iter()
        .map(|p| diagnostic(uri, doc, p))
        .collect()
}

/// A finding inside a sub-flow file, shown at the `use` that brings the file in, with the place
/// in that file in its message.
fn imported(doc: &Document, span: crate::ast::Span) -> Option<(String, crate::ast::Span)> {
    let source = doc.sources.iter().find(|s| s.holds(span))?;
    let (line, col) = crate::diagnostic::line_col(&source.text, span.start - source.base);
    let uses: Vec<&crate::ast::UseDecl> = doc
        .flow
        .iter()
        .flat_map(|f| &f.items)
        .filter_map(|i| match i {
            crate::ast::Item::Use(u) => Some(u),
            _ => None,
        })
        .collect();
    let file = source.name.rsplit('/').next().unwrap_or_default();
    let at = uses
        .iter()
        .find(|u| u.path.value.ends_with(file))
        .or(uses.first())
        .map_or(crate::ast::Span::default(), |u| u.path.span);
    Some((format!("{}:{line}:{col}", source.name), at))
}

fn diagnostic(uri: &Uri, doc: &Document, p: &Problem) -> Diagnostic {
    let mut message = p.message.clone();
    let mut span = p.primary_span();
    if let Some((place, at)) = imported(doc, span) {
        message = format!("{place}: {message}");
        span = at;
    }
    if let Some(primary) = p.labels.first().filter(|l| !l.text.is_empty()) {
        message.push_str(&format!(": {}", primary.text));
    }
    if let Some(help) = &p.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = p
        .labels
        .iter()
        .skip(1)
        .filter(|l| imported(doc, l.span).is_none())
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), doc.range(l.span)),
            message: l.text.clone(),
        })
        .collect();
    Diagnostic {
        range: doc.range(span),
        severity: Some(match p.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Advice => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(p.code.as_str().to_owned())),
        source: Some("dsl".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}
