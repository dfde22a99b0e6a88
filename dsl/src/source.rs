//! The front ends' entry point: a file's syntax from its name, and its text to an AST or to a
//! report holding every problem found.

use crate::ast::Flow;
use crate::diagnostic::Report;
use std::fmt;

/// The two syntaxes of the flow language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `.flow`: the text form.
    Flow,
    /// `.yaml` or `.yml`.
    Yaml,
}

/// A file name whose extension names neither syntax.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{name}` is not a flow file: its name must end in `.flow`, `.yaml` or `.yml`")]
pub struct UnknownSyntax {
    pub name: String,
}

impl Syntax {
    /// The syntax of a file, from its extension.
    pub fn from_name(name: &str) -> Result<Syntax, UnknownSyntax> {
        let extension = name.rsplit_once('.').map(|(_, e)| e);
        match extension {
            Some("flow") => Ok(Syntax::Flow),
            Some("yaml" | "yml") => Ok(Syntax::Yaml),
            _ => Err(UnknownSyntax {
                name: name.to_owned(),
            }),
        }
    }
}

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Syntax::Flow => "flow",
            Syntax::Yaml => "yaml",
        })
    }
}

/// Parses one file's text in the given syntax; `name` is what the report calls the file.
#[expect(
    clippy::result_large_err,
    reason = "a report is made once per file, on the way to being rendered"
)]
pub fn parse_source(name: &str, text: &str, syntax: Syntax) -> Result<Flow, Report> {
    let parsed = match syntax {
        Syntax::Flow => crate::parse::parse_flow(text),
        Syntax::Yaml => crate::yaml::parse_yaml(text),
    };
    parsed.map_err(|problems| Report::new(name, text, problems))
}

/// The text of a flow in the given syntax: the formatter's or the YAML writer's.
pub fn render(flow: &Flow, syntax: Syntax) -> String {
    match syntax {
        Syntax::Flow => crate::format::format_flow(flow),
        Syntax::Yaml => crate::yaml::to_yaml(flow),
    }
}

#[cfg(test)]
mod tests {
    use super::Syntax;

    #[test]
    fn syntax_follows_the_extension() {
        assert_eq!(Syntax::from_name("flows/recording.flow"), Ok(Syntax::Flow));
        assert_eq!(Syntax::from_name("a.yaml"), Ok(Syntax::Yaml));
        assert_eq!(Syntax::from_name("a.yml"), Ok(Syntax::Yaml));
        assert!(Syntax::from_name("a.json").is_err());
        assert!(Syntax::from_name("flow").is_err());
    }
}
