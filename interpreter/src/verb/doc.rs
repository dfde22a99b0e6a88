//! The verb table written out for people: the guide's command table (`dsl/LANGUAGE.md` holds it
//! between markers, and a test fails when the two differ) and the placeholders that hovers and
//! completions show.

use super::{ArgKind, Label, VERBS, Verb};
use std::fmt::Write as _;

/// The marker lines around the generated table in the guide.
pub const TABLE_START: &str = "<!-- generated from the verb table: start -->";
pub const TABLE_END: &str = "<!-- generated from the verb table: end -->";

impl ArgKind {
    /// What stands for a value of this kind in a usage line.
    #[must_use]
    pub fn placeholder(self) -> String {
        match self {
            ArgKind::Leg => "LEG".to_owned(),
            ArgKind::Legs => "LEG\\|both".to_owned(),
            ArgKind::Prompt => "PROMPT".to_owned(),
            ArgKind::Prompts => "PROMPT[, PROMPT...]".to_owned(),
            ArgKind::Text => "TEXT".to_owned(),
            ArgKind::Phone => "NUMBER".to_owned(),
            ArgKind::Literal => "\"TEXT\"".to_owned(),
            ArgKind::Keys => "\"KEYS\"".to_owned(),
            ArgKind::Millis | ArgKind::Seconds => "DURATION".to_owned(),
            ArgKind::Count => "N".to_owned(),
            ArgKind::Flag => "true\\|false".to_owned(),
            ArgKind::DigitPattern => "\"REGEX\"".to_owned(),
            ArgKind::Word(words) => words.join("\\|"),
            ArgKind::Headers => "[\"Name: value\"]".to_owned(),
            ArgKind::Listener => "LISTENER".to_owned(),
            ArgKind::Texts => "ID[, ID...]".to_owned(),
            ArgKind::SipCode => "CODE".to_owned(),
        }
    }
}

impl Verb {
    /// The command with its positional argument and required labels: `play PROMPT to LEG`.
    #[must_use]
    pub fn usage(&self) -> String {
        let mut out = self.keyword.to_owned();
        if let Some(subject) = &self.subject {
            out.push(' ');
            out.push_str(&subject.kind.placeholder());
        }
        for label in self.labels().filter(|l| l.required) {
            let _ = write!(out, " {} {}", label.name, label.kind.placeholder());
        }
        out
    }
}

fn optional(label: &Label) -> String {
    format!("`{} {}`", label.name, label.kind.placeholder())
}

/// The guide's command table, one row per verb.
#[must_use]
pub fn command_table() -> String {
    let mut out = String::from("| command | SMA action | optional labels | what it does |\n");
    out.push_str("|---|---|---|---|\n");
    for verb in VERBS {
        let labels: Vec<String> = verb
            .labels()
            .filter(|l| !l.required)
            .map(optional)
            .collect();
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} |",
            verb.usage(),
            verb.action.as_str(),
            labels.join(", "),
            verb.doc
        );
    }
    out
}
