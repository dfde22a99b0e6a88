//! The registry of diagnostic codes: each code's stable name and its explanation for `dsl explain`.
//!
//! A code is never renamed or reused once published; editors and CI match on it.

use std::fmt;

/// What `dsl explain CODE` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    pub code: Code,
    /// One line: what the finding means.
    pub summary: &'static str,
    /// Why it matters on a live call.
    pub why: &'static str,
    /// A small flow that triggers it.
    pub example: &'static str,
    /// What to do.
    pub fix: &'static str,
}

macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn parse(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == name)
            }
        }
    };
}

codes! {
    ParseSyntax => "flow::parse::syntax",
    ParseReservedWord => "flow::parse::reserved_word",
    ParseNumber => "flow::parse::number",
    ParseEscape => "flow::parse::escape",
    ParseNesting => "flow::parse::nesting",
    ParseMatchElse => "flow::parse::match_else",
    ParseDuplicateEnter => "flow::parse::duplicate_enter",
    YamlSyntax => "flow::yaml::syntax",
    YamlShape => "flow::yaml::shape",
    YamlUnknownKey => "flow::yaml::unknown_key",
    YamlDuplicateKey => "flow::yaml::duplicate_key",
}

/// The explanation of a code, for `dsl explain`.
pub fn info(code: Code) -> CodeInfo {
    let (summary, why, example, fix) = match code {
        Code::ParseSyntax => (
            "The text is not valid flow syntax.",
            "A flow that does not parse cannot be checked or deployed; nothing else about it is known.",
            "flow demo\non new call {\n  play hello to\n}",
            "Write what the label says is expected at that place; `dsl fmt` shows the canonical layout.",
        ),
        Code::ParseReservedWord => (
            "A reserved word or argument label is used as a name.",
            "Keywords (`if`, `state`, ...) and argument labels (`to`, `timeout`, ...) steer the parser, so a name \
             spelt like one would make commands ambiguous.",
            "flow demo\nvar timeout int = 30",
            "Choose another name, such as `timeout_count` instead of `timeout`.",
        ),
        Code::ParseNumber => (
            "A number or duration is too large.",
            "Numbers are 64-bit and durations are kept in milliseconds; a larger value cannot be represented.",
            "flow demo\nvar n int = 99999999999999999999",
            "Use a smaller value; the checker knows each SMA parameter's real limits.",
        ),
        Code::ParseEscape => (
            "A string holds an unknown escape sequence.",
            "Only `\\\"`, `\\\\`, `\\n` and `\\t` are escapes; guessing what another one means could change \
             a prompt name or a digit pattern silently.",
            "flow demo\nlistener keys on caller pattern \"\\d\"",
            "Double the backslash to keep it: `\"\\\\d\"` is the pattern `\\d`.",
        ),
        Code::ParseNesting => (
            "Blocks or expressions are nested too deeply.",
            "Every nested block or operator costs stack while the flow is parsed and checked; a bound keeps that \
             safe for any input.",
            "flow demo\non new call { if a { if b { if c { ... 100 levels ... } } } }",
            "Move inner parts into a `block` used with `do`, or split long expressions into variables.",
        ),
        Code::ParseMatchElse => (
            "The `else` arm of a `match` is not its last arm, or there are two.",
            "Arms are tried in order, so arms after `else` could never run.",
            "flow demo\non digits {\n  match digits { else -> done; \"5\" -> done }\n}",
            "Keep one `else` arm and put it last.",
        ),
        Code::ParseDuplicateEnter => (
            "A state has more than one `enter` block.",
            "A state runs one `enter` block when a `goto` reaches it; two would leave the order unclear.",
            "flow demo\nstate s {\n  enter { play a }\n  enter { play b }\n}",
            "Merge the statements into one `enter` block.",
        ),
        Code::YamlSyntax => (
            "The file is not valid YAML.",
            "Nothing can be read from a YAML file that does not parse.",
            "flow: demo\nhandlers:\n  new call: [play hello",
            "Fix the YAML at the place shown (an unclosed bracket or quote, or a bad indentation).",
        ),
        Code::YamlShape => (
            "A YAML value has the wrong shape for its place in a flow.",
            "The YAML form mirrors the text form: each key expects a name, a piece of flow text, a list of \
             statements or a map.",
            "flow: demo\nhandlers:\n  new call: play hello",
            "Write the shape the label asks for; `dsl convert FILE --to yaml` shows the YAML of a text flow.",
        ),
        Code::YamlUnknownKey => (
            "A YAML map has a key that the flow language does not know.",
            "An unknown key would otherwise be ignored silently, and what it was meant to say would be lost.",
            "flow: demo\nvars:\n  n: {type: int, initial: 0}",
            "Use one of the keys listed in the help (`init` here), or remove the key.",
        ),
        Code::YamlDuplicateKey => (
            "A YAML map has the same key twice.",
            "YAML requires distinct keys; most readers keep only one of the two values, silently.",
            "flow: demo\nconfig:\n  owner: {type: phone, env: OWNER, env: PHONE}",
            "Remove one of the two entries.",
        ),
    };
    CodeInfo {
        code,
        summary,
        why,
        example,
        fix,
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, info};

    #[test]
    fn every_code_is_explained_under_its_own_name() {
        for &code in Code::ALL {
            let info = info(code);
            assert_eq!(info.code, code);
            assert!(!info.summary.is_empty() && !info.why.is_empty() && !info.fix.is_empty());
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
    }
}
