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

fn diagnostic(uri: &Uri, doc: &Document, p: &Problem) -> Diagnostic {
    let mut message = p.message.clone();
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
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), doc.range(l.span)),
            message: l.text.clone(),
        })
        .collect();
    Diagnostic {
        range: doc.range(p.primary_span()),
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
