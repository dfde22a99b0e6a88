//! Findings about a flow file, as miette diagnostics.
//!
//! Every front end (text, YAML) and the checker report `Problem`s with a stable code from the
//! registry in [`crate::codes`]. A `Report` holds the source and all problems of one file, so that a
//! single run shows every finding. Only the CLI (and the build script) render them.

use crate::ast::Span;
use crate::codes::Code;
use crate::subflow::Source;
use miette::{Diagnostic, LabeledSpan, NamedSource, Severity, SourceCode};
use std::fmt;

/// A labelled place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One finding: what is wrong, where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub message: String,
    /// The first label is the primary one: it says what is wrong at that place.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub severity: Severity,
}

/// Adds a finding unless the same one (code, message and place) is there already: a block or a
/// sub-flow copied to several places finds what is wrong inside it at each copy.
pub fn push_once(problems: &mut Vec<Problem>, problem: Problem) {
    let seen = problems.iter().any(|p| {
        p.code == problem.code
            && p.message == problem.message
            && p.primary_span() == problem.primary_span()
    });
    if !seen {
        problems.push(problem);
    }
}

impl Problem {
    /// An error at `span`, labelled `label`.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self {
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                text: label.into(),
            }],
            help: None,
            severity: Severity::Error,
        }
    }

    /// The same, as a warning: reported, but the flow still compiles.
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message, span, label)
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the finding is, for sorting and for `file:line:col` output.
    pub fn primary_span(&self) -> Span {
        self.labels.first().map(|l| l.span).unwrap_or_default()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().enumerate().map(|(i, l)| {
            let span = miette::SourceSpan::from(l.span);
            if i == 0 {
                LabeledSpan::new_primary_with_span(Some(l.text.clone()), span)
            } else {
                LabeledSpan::new_with_span(Some(l.text.clone()), span)
            }
        })))
    }
}

/// All findings of one file, with its source, ready to render.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {summary}")]
pub struct Report {
    name: String,
    summary: String,
    src: NamedSource<String>,
    problems: Vec<Problem>,
    /// The sub-flow files the flow uses, where spans past its own text point.
    imports: Vec<Source>,
    /// Each problem as rendered: in the file it points into.
    views: Vec<FileProblem>,
}

/// A problem with its spans moved into the file they point into, rendered with that file.
#[derive(Debug)]
struct FileProblem {
    problem: Problem,
    src: Option<NamedSource<String>>,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problem.fmt(f)
    }
}

impl std::error::Error for FileProblem {}

impl Diagnostic for FileProblem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.problem.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.problem.labels()
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }
}

impl Report {
    /// Sorts the problems by position so that output is stable.
    pub fn new(
        name: impl Into<String>,
        source: impl Into<String>,
        mut problems: Vec<Problem>,
    ) -> Self {
        let name = name.into();
        problems.sort_by_key(|p| (p.primary_span().start, p.primary_span().end));
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems.len() - errors;
        let summary = match (errors, warnings) {
            (0, 0) => "no problems".to_owned(),
            (e, 0) => plural(e, "error"),
            (0, w) => plural(w, "warning"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        };
        let views = problems
            .iter()
            .map(|p| FileProblem {
                problem: p.clone(),
                src: None,
            })
            .collect();
        Self {
            src: NamedSource::new(name.clone(), source.into()),
            name,
            summary,
            problems,
            imports: Vec::new(),
            views,
        }
    }

    /// The same report, knowing the sub-flow files its flow uses: a finding in one of them is
    /// shown in that file, and a label in another file than the finding's is named in its help.
    #[must_use]
    pub fn with_imports(mut self, imports: Vec<Source>) -> Self {
        if imports.is_empty() {
            return self;
        }
        self.imports = imports;
        self.views = self.problems.iter().map(|p| self.view(p)).collect();
        self
    }

    fn view(&self, p: &Problem) -> FileProblem {
        let home = self.file_of(p.primary_span());
        let mut problem = p.clone();
        let mut elsewhere = Vec::new();
        problem.labels.clear();
        for label in &p.labels {
            let file = self.file_of(label.span);
            if file == home {
                let base = file.map_or(0, |f| f.base);
                problem.labels.push(Label {
                    span: Span::new(label.span.start - base, label.span.end.saturating_sub(base)),
                    text: label.text.clone(),
                });
            } else {
                let (name, line, col) = self.locate(label.span);
                elsewhere.push(format!("{}: {name}:{line}:{col}", label.text));
            }
        }
        if !elsewhere.is_empty() {
            let mut help = problem.help.take().unwrap_or_default();
            for e in elsewhere {
                if !help.is_empty() {
                    help.push('\n');
                }
                help.push_str(&e);
            }
            problem.help = Some(help);
        }
        let src = home.map(|f| NamedSource::new(f.name.clone(), f.text.clone()));
        FileProblem { problem, src }
    }

    /// The imported file a span is in; `None` for the flow's own file.
    fn file_of(&self, span: Span) -> Option<&Source> {
        self.imports.iter().find(|f| f.holds(span))
    }

    /// The file, 1-based line and column of a span's start, in whichever file it is.
    pub fn locate(&self, span: Span) -> (String, usize, usize) {
        match self.file_of(span) {
            Some(f) => {
                let (line, col) = line_col(&f.text, span.start - f.base);
                (f.name.clone(), line, col)
            }
            None => {
                let (line, col) = self.line_col(span.start);
                (self.name.clone(), line, col)
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    pub fn source_text(&self) -> &str {
        self.src.inner()
    }

    /// 1-based line and column of a byte offset, for `file:line:col` output.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(self.src.inner(), offset)
    }
}

impl Diagnostic for Report {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.views.iter().map(|p| p as &dyn Diagnostic)))
    }

    fn severity(&self) -> Option<Severity> {
        Some(if self.has_errors() {
            Severity::Error
        } else {
            Severity::Warning
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// 1-based line and column (in characters) of a byte offset; offsets past the end clamp to it.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The closest of `candidates` to `name`, if close enough to be a likely misspelling.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let old = row.get(j + 1).copied().unwrap_or(0);
            let del = old + 1;
            let ins = row.get(j).copied().unwrap_or(0) + 1;
            let sub = prev + usize::from(ca != *cb);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = del.min(ins).min(sub);
            }
            prev = old;
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("owner_lge", ["owner_leg", "dialled"]),
            Some("owner_leg")
        );
        assert_eq!(did_you_mean("xyz", ["owner_leg", "dialled"]), None);
    }

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab\ncd", 99), (2, 3));
    }
}
