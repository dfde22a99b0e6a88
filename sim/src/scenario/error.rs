//! A located problem in a scenario file, rendered like the checker's diagnostics: the place, a
//! stable code, what is wrong, the line with a caret under it, and what to do.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScenarioError {
    pub path: String,
    /// 1-based; 0 when the place is unknown.
    pub line: u64,
    pub column: u64,
    /// `scenario::...`
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    /// The source line, for rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl ScenarioError {
    pub(crate) fn new(
        path: &str,
        source: &str,
        line: u64,
        column: u64,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let source_line = usize::try_from(line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|l| source.lines().nth(l))
            .map(str::to_owned);
        Self {
            path: path.to_owned(),
            line,
            column,
            code,
            message: message.into(),
            help: None,
            source_line,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error[{}]: {}", self.code, self.message)?;
        writeln!(f, "  --> {}:{}:{}", self.path, self.line, self.column)?;
        if let Some(text) = &self.source_line {
            let width = self.line.to_string().len();
            writeln!(f, "{:width$} |", "")?;
            writeln!(f, "{} | {text}", self.line)?;
            let pad = usize::try_from(self.column.saturating_sub(1)).unwrap_or(0);
            writeln!(f, "{:width$} | {:pad$}^", "", "")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}
