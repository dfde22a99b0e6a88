//! What the language server takes from the verb table (`interpreter::verb`): verbs and their
//! labels for completion, their documentation and the SMA parameter's limits for hover, and the
//! words the editor grammar must highlight. Nothing about a verb is written here; this module
//! only reads the table and words it for an editor.

use interpreter::verb::{self, ArgKind};
use interpreter::wire::limits::{ParamSpec, Rule};

pub use interpreter::verb::{LISTENER, Label, VERBS, Verb};

/// The kind of value a place expects, as completion groups names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expects {
    /// A leg: `caller`, `callee` or a `leg` variable.
    Leg,
    /// A leg, or `both`.
    Legs,
    Prompt,
    /// Prompts separated by commas.
    Prompts,
    Listener,
    Text,
    Phone,
    Duration,
    Int,
    Bool,
    Keys,
    /// One of these words, written bare.
    Words(&'static [&'static str]),
    Headers,
}

/// What an argument of this kind expects.
pub fn expects(kind: ArgKind) -> Expects {
    match kind {
        ArgKind::Leg => Expects::Leg,
        ArgKind::Legs => Expects::Legs,
        ArgKind::Prompt => Expects::Prompt,
        ArgKind::Prompts => Expects::Prompts,
        ArgKind::Listener => Expects::Listener,
        ArgKind::Text | ArgKind::Literal | ArgKind::Texts | ArgKind::DigitPattern => Expects::Text,
        ArgKind::Phone => Expects::Phone,
        ArgKind::Millis | ArgKind::Seconds => Expects::Duration,
        ArgKind::Count | ArgKind::SipCode => Expects::Int,
        ArgKind::Flag => Expects::Bool,
        ArgKind::Keys => Expects::Keys,
        ArgKind::Word(words) => Expects::Words(words),
        ArgKind::Headers => Expects::Headers,
    }
}

/// The verb written as `keyword` (`listener` for the declaration's labels).
pub fn verb(keyword: &str) -> Option<&'static Verb> {
    if keyword == LISTENER.keyword {
        return Some(&LISTENER);
    }
    verb::find(keyword)
}

/// What the positional argument of `verb` expects, if it takes one.
pub fn positional(verb: &Verb) -> Option<Expects> {
    verb.subject.map(|s| expects(s.kind))
}

/// Markdown documentation of a verb: what it does, its SMA action, its arguments, an example.
pub fn markdown(verb: &'static Verb) -> String {
    let mut out = format!(
        "**{}**: {}\n\nSMA action `{}`.",
        verb.keyword,
        verb.doc,
        verb.action.as_str()
    );
    let args = verb.subject.iter().chain(verb.labels());
    let lines: Vec<String> = args
        .map(|l| {
            let name = if verb.subject.is_some_and(|s| s.name == l.name) {
                format!("*{}*", l.name)
            } else {
                format!("`{}`", l.name)
            };
            let required = if l.required { " (required)" } else { "" };
            format!("- {name}{required}: {}", l.doc)
        })
        .collect();
    if !lines.is_empty() {
        out.push_str("\n\n");
        out.push_str(&lines.join("\n"));
    }
    if !verb.example.is_empty() {
        out.push_str(&format!("\n\n```flow\n{}\n```", verb.example));
    }
    out
}

/// Markdown documentation of one label of a verb, with the protocol's limit on its parameter.
pub fn label_markdown(verb: &Verb, label: &Label) -> String {
    let required = if label.required {
        "required"
    } else {
        "optional"
    };
    let mut out = format!(
        "**{} … {}** ({required}): {}",
        verb.keyword, label.name, label.doc
    );
    if let Some(param) = label.param {
        out.push_str(&format!(
            "\n\nSMA `{}` parameter `{param}`",
            verb.action.as_str()
        ));
        if let Some(spec) = verb.limit(label) {
            out.push_str(&format!(": {}", limit(spec)));
        }
        out.push('.');
    }
    out
}

/// The protocol's limit on a parameter, in words.
fn limit(spec: &ParamSpec) -> String {
    match spec.rule {
        Rule::Int {
            min,
            max: Some(max),
        } => format!("an integer from {min} to {max}"),
        Rule::Int { min, max: None } => format!("an integer of at least {min}"),
        Rule::Text {
            min_chars,
            max_chars: Some(max),
        } => format!("{min_chars} to {max} characters"),
        Rule::Text { min_chars, .. } => format!("at least {min_chars} characters"),
        Rule::Chars {
            set,
            min_len,
            max_len,
        } => format!("{min_len} to {max_len} of {}", set.label),
        Rule::OneOf(values) => format!("one of {}", values.join(", ")),
        Rule::E164 => "an E.164 phone number".to_owned(),
        Rule::Keys { set, min_items } => format!("at least {min_items} of {}", set.label),
        Rule::Count {
            min,
            max: Some(max),
        } => format!("{min} to {max} items"),
        Rule::Ids {
            min_items,
            max_items,
        } => format!("{min_items} to {max_items} items"),
        Rule::Regex => "a regular expression".to_owned(),
        other => format!("{}", other.expects()),
    }
}

/// The longest verb written at the start of `words` (two-word verbs first), and how many words
/// it takes.
pub fn verb_at_start(words: &[&str]) -> Option<(&'static Verb, usize)> {
    if let [first, second, ..] = words
        && let Some(v) = verb::find(&format!("{first} {second}"))
    {
        return Some((v, 2));
    }
    words.first().and_then(|w| verb::find(w)).map(|v| (v, 1))
}

/// Every label of every command and of the `listener` declaration, sorted.
pub fn label_words() -> Vec<&'static str> {
    verb::all_label_names()
}
