//! Which front end reads a file: the syntax is chosen by the file's extension.

use crate::ast;
use crate::diagnostic::Report;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Flow,
    Yaml,
}

impl Syntax {
    /// `.flow`, or `.yaml`/`.yml`; anything else is not a flow file.
    pub fn from_path(path: &Path) -> Option<Syntax> {
        match path.extension()?.to_str()? {
            "flow" => Some(Syntax::Flow),
            "yaml" | "yml" => Some(Syntax::Yaml),
            _ => None,
        }
    }
}

/// Parses a source in the given syntax; the error holds every problem found.
pub fn parse_source(name: &str, text: &str, syntax: Syntax) -> Result<ast::Flow, Report> {
    let parsed = match syntax {
        Syntax::Flow => crate::parse::parse_flow(text),
        Syntax::Yaml => Err(Vec::new()),
    };
    parsed.map_err(|problems| Report::new(name, text, problems))
}
