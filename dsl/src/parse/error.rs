//! pest's parse failures as problems: the place, what was found there and, in words, what the
//! grammar expected; a reserved word used as a name gets its own code.

use super::place::Place;
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use crate::grammar::{FlowGrammar, Rule};
use pest::Parser;
use pest::error::{Error, ErrorVariant, InputLocation};

/// The problem for a failed parse of `text` (a whole file, or one YAML scalar placed by `place`).
pub(crate) fn from_pest(error: &Error<Rule>, text: &str, place: &Place) -> Problem {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    let found = Found::at(text, at);
    let span = place.span(at, at + found.len);
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.as_slice(),
        // pest's own guards: too deep a nesting for the stack, or too much work.
        ErrorVariant::CustomError { .. } => return nesting(span),
    };
    if let Some(problem) = reserved_word(positives, &found, span) {
        return problem;
    }
    if found.text.starts_with('"') && !found.closed_string {
        return Problem::error(
            Code::ParseSyntax,
            "unterminated string",
            span,
            "this string has no closing `\"` on its line",
        )
        .with_help(
            "close the string with `\"`; a string cannot span lines (write `\\n` for a line break)",
        );
    }
    // The literal tokens tried at the failure (`}`, `=`, `->`), known when error detail is on.
    let tokens: Vec<String> = error
        .parse_attempts()
        .map(|a| {
            a.expected_tokens()
                .iter()
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    let expected = Expected::from(positives, &tokens);
    let mut problem = Problem::error(
        Code::ParseSyntax,
        format!("unexpected {}", found.describe()),
        span,
        format!("expected {}", expected.describe()),
    );
    if let Some(help) = help(&expected, &found, text, at) {
        problem = problem.with_help(help);
    }
    if found.text.is_empty()
        && expected.close_brace
        && let Some(open) = unclosed_brace(text, at)
    {
        problem = problem
            .with_label(place.span(open, open + 1), "this `{` is not closed")
            .with_help("add the missing `}`");
    }
    problem
}

/// The problem for nesting deeper than the parser allows.
pub(crate) fn nesting(span: Span) -> Problem {
    // The nested construct may span many lines: point at where it starts.
    let span = Span::new(span.start, span.end.min(span.start + 1));
    Problem::error(
        Code::ParseNesting,
        "nested too deeply",
        span,
        "the nesting is too deep here",
    )
    .with_help("move inner statements into a `block` used with `do`, or split the expression using variables")
}

/// What the parser met at the failure position.
struct Found<'t> {
    /// The word, number or symbol found; empty at the end of a line or of the text.
    text: &'t str,
    /// Its length in bytes (a symbol is one character).
    len: usize,
    end_of_text: bool,
    /// For a string: whether it is closed on its line.
    closed_string: bool,
}

impl<'t> Found<'t> {
    fn at(text: &'t str, at: usize) -> Self {
        let rest = text.get(at..).unwrap_or("");
        let mut found = Found {
            text: "",
            len: 0,
            end_of_text: rest.is_empty(),
            closed_string: true,
        };
        let Some(first) = rest.chars().next() else {
            return found;
        };
        let len = if first == '\n' || first == '\r' {
            0
        } else if first.is_ascii_alphanumeric() || first == '_' {
            rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())
        } else if first == '"' {
            let line = rest.find(['\n', '\r']).unwrap_or(rest.len());
            found.closed_string = string_end(rest.get(..line).unwrap_or("")).is_some();
            string_end(rest.get(..line).unwrap_or("")).unwrap_or(line)
        } else {
            first.len_utf8()
        };
        found.text = rest.get(..len).unwrap_or("");
        found.len = len;
        found
    }

    fn describe(&self) -> String {
        if self.end_of_text {
            "end of file".to_owned()
        } else if self.text.is_empty() {
            "end of line".to_owned()
        } else if self.text.starts_with('"') {
            "string".to_owned()
        } else {
            format!("`{}`", self.text)
        }
    }
}

/// The length of the string literal at the start of `line`, closing quote included.
fn string_end(line: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in line.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A reserved word where the grammar wanted a name: `var match int`, `state = 1`.
fn reserved_word(positives: &[Rule], found: &Found<'_>, span: Span) -> Option<Problem> {
    let wants_name = positives
        .iter()
        .any(|r| matches!(r, Rule::ident | Rule::verb));
    let word = found.text;
    // `else` and `on` in the wrong place are misplaced, not misused as names.
    if !wants_name || word == "else" || word == "on" || !is_reserved(word) {
        return None;
    }
    let what = "a keyword";
    let help = format!(
        "`{word}` is a keyword of the flow language; choose another name, such as `{word}_`"
    );
    Some(
        Problem::error(
            Code::ParseReservedWord,
            format!("`{word}` is a reserved word"),
            span,
            format!("expected a name, found {what}"),
        )
        .with_help(help),
    )
}

/// Whether the whole word is a keyword or an argument label.
pub(crate) fn is_reserved(word: &str) -> bool {
    !word.is_empty() && FlowGrammar::parse(Rule::keyword, word).is_ok_and(|p| p.as_str() == word)
}

/// What the grammar expected, grouped into phrases a flow author knows.
#[derive(Debug, Default)]
struct Expected {
    phrases: Vec<&'static str>,
    close_brace: bool,
    top_level_item: bool,
    event: bool,
}

impl Expected {
    fn from(positives: &[Rule], tokens: &[String]) -> Self {
        let mut expected = Expected::default();
        let has = |rule: Rule| positives.contains(&rule);
        let statement = has(Rule::kw_goto) || has(Rule::kw_done);
        let item = has(Rule::kw_var) || has(Rule::kw_state);
        // Where the grammar could also end the file, the line is what ends.
        let top_level = has(Rule::EOI);
        expected.top_level_item = item;
        expected.event = has(Rule::w_new);
        for &rule in positives {
            let phrase = match rule {
                Rule::kw_config
                | Rule::kw_prompts
                | Rule::kw_var
                | Rule::kw_listener
                | Rule::kw_block
                | Rule::kw_state
                | Rule::trigger => "an item such as `var`, `state`, `block` or `on new call`",
                Rule::EOI => "more text",
                Rule::kw_if if !statement => "`if`",
                Rule::kw_if
                | Rule::kw_match
                | Rule::kw_goto
                | Rule::kw_do
                | Rule::kw_note
                | Rule::kw_continue
                | Rule::kw_done => "a statement",
                Rule::verb | Rule::ident if statement => "a statement",
                Rule::verb | Rule::verb_list => "a verb such as `play` or `bridge`",
                Rule::ident => "a name",
                Rule::label => "an argument label such as `to` or `timeout`",
                Rule::kw_in if positives.len() == 1 => "`in`",
                Rule::add_op
                | Rule::or_op
                | Rule::and_op
                | Rule::cmp_op
                | Rule::is_tail
                | Rule::field
                | Rule::kw_or
                | Rule::kw_and
                | Rule::kw_is
                | Rule::kw_in => "an operator",
                Rule::expr | Rule::not_op | Rule::neg_op | Rule::kw_not => "an expression",
                Rule::assign_op => "`=`, `+=` or `-=`",
                Rule::type_ref => "a type such as `int` or `text(64)`",
                Rule::env_name => "an environment variable name",
                Rule::string | Rule::str_inner => "a string in double quotes",
                Rule::block => "`{`",
                Rule::kw_failed
                | Rule::w_new
                | Rule::w_answered
                | Rule::w_digits
                | Rule::w_hangup
                | Rule::w_update
                | Rule::w_invalid => {
                    "an event: `new call`, `answered`, `failed`, `digits`, `hangup`, `update` or `invalid response`"
                }
                Rule::w_call => "`call`",
                Rule::w_response => "`response`",
                Rule::kw_flow | Rule::flow_header => "`flow NAME`",
                Rule::kw_env => "`env`",
                Rule::kw_else => "`else`",
                Rule::kw_enter => "`enter`",
                Rule::kw_on => "`on`",
                Rule::kw_after => "`after`",
                Rule::match_arm | Rule::pattern_list | Rule::match_else => {
                    "a match arm such as `\"5\" -> do pause`"
                }
                Rule::prompt_entry => "a prompt such as `hello = \"hello.wav\"`",
                Rule::arg => "an argument label such as `to` or `timeout`",
                Rule::int => "a whole number",
                _ => "more text",
            };
            expected.push(phrase);
        }
        for token in tokens {
            let phrase = match token.as_str() {
                "}" => {
                    expected.close_brace = true;
                    "`}`"
                }
                "{" => "`{`",
                ")" => "`)`",
                "]" => "`]`",
                "=" => "`=`",
                "->" => "`->`",
                "," => "`,`",
                "==" | "!=" | "<" | ">" | "<=" | ">=" => "an operator",
                "\"" if expected.phrases.is_empty() => "the closing `\"`",
                // `;` is only ever a statement or item separator; a line break is expected in
                // many places (inside brackets too) and says little by itself.
                ";" if item => continue,
                ";" if top_level => "the end of the line",
                ";" => "the end of the statement",
                _ => continue,
            };
            expected.push(phrase);
        }
        if expected.phrases.is_empty() {
            expected.push("something else");
        }
        expected
    }

    fn push(&mut self, phrase: &'static str) {
        if phrase != "more text" && !self.has(phrase) {
            self.phrases.push(phrase);
        }
    }

    fn has(&self, phrase: &str) -> bool {
        self.phrases.contains(&phrase)
    }

    fn describe(&self) -> String {
        match self.phrases.as_slice() {
            [] => "something else".to_owned(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} or {last}", init.join(", ")),
        }
    }
}

/// A hint with something to do, where the failure suggests one.
fn help(expected: &Expected, found: &Found<'_>, text: &str, at: usize) -> Option<String> {
    let before = text.get(..at).unwrap_or("").trim_end();
    let last_word = before
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or("");
    if expected.has("`flow NAME`") {
        return Some("a flow file starts with `flow NAME`, as in `flow recording`".to_owned());
    }
    if expected.top_level_item && !found.text.is_empty() {
        let items = [
            "config", "prompts", "var", "listener", "block", "state", "on", "after",
        ];
        if let Some(word) = did_you_mean(found.text, items) {
            return Some(format!("did you mean `{word}`?"));
        }
        return Some("each item starts on its own line with `config`, `prompts`, `var`, `listener`, `block`, `state`, `on` or `after`".to_owned());
    }
    if expected.event && !found.text.is_empty() {
        let rest = text.get(at..).unwrap_or("");
        let written: String = rest
            .split(['{', '\n'])
            .next()
            .unwrap_or("")
            .trim()
            .to_owned();
        let events = [
            "new call",
            "answered",
            "failed",
            "digits",
            "hangup",
            "update",
            "invalid response",
        ];
        if let Some(word) = did_you_mean(&written, events) {
            return Some(format!("did you mean `on {word}`?"));
        }
    }
    if expected.has("an expression") && is_label(last_word) {
        return Some(format!(
            "the argument label `{last_word}` needs a value, as in `to caller` or `timeout 30s`"
        ));
    }
    if expected.has("a type such as `int` or `text(64)`")
        || (expected.has("a name") && found.text == "=")
    {
        return Some(
            "declarations name a type: `var NAME TYPE = VALUE`, as in `var attempts int = 0`"
                .to_owned(),
        );
    }
    if found.text == "on" && expected.has("a statement") {
        return Some(
            "`on` starts a handler; a command continues on the next line only with another label, \
             so write `on ...` on the command's own line"
                .to_owned(),
        );
    }
    if found.text == "else" {
        return Some("`else` belongs right after the `}` of an `if` block".to_owned());
    }
    None
}

fn is_label(word: &str) -> bool {
    !word.is_empty() && FlowGrammar::parse(Rule::label, word).is_ok_and(|p| p.as_str() == word)
}

/// The last `{` before `at` that is not closed before it, outside strings and comments.
fn unclosed_brace(text: &str, at: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut in_comment = false;
    for (i, c) in text.get(..at).unwrap_or(text).char_indices() {
        match c {
            '\n' | '\r' => {
                in_comment = false;
                in_string = false;
            }
            _ if in_comment => {}
            _ if in_string => match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            },
            '"' => in_string = true,
            '#' => in_comment = true,
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
