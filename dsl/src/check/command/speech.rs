//! The arguments shared by several verbs: how digits are collected (`collect`, `ask`), how text is
//! said (`speak`, `ask`) and SIP headers (`bridge`).

use super::super::Checker;
use super::super::args::ArgSet;
use super::super::limits::ParamValue;
use super::super::ty::Ty;
use super::list_items;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, ActionTemplate, DigitInput, Speech, Stmt};
use interpreter::wire::Engine;

impl Checker<'_> {
    pub(super) fn speak(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let main = a.main(self);
        let text = main.map(|e| self.subject_text(a, e));
        let to = a.target(self, "to");
        let speech = self.speech(a, text);
        if speech.as_ref().is_some_and(|s| s.ssml) {
            main.into_iter().for_each(|e| self.ssml(e));
        }
        if let (Some(to), Some(speech)) = (to, speech) {
            self.send(out, a.span, ActionTemplate::Speak { to, speech });
        }
    }

    pub(super) fn ask(&mut self, a: &ArgSet<'_>, out: &mut Vec<Stmt>) {
        let main = a.main(self);
        let text = main.map(|e| self.subject_text(a, e));
        let on = a.target(self, "on");
        let failure_expr = a.take(self, "failure");
        let failure = failure_expr.map(|e| self.label_text(a, "failure", e));
        let speech = self.speech(a, text);
        // The failure text is said with the prompt's text type, so it is SSML too.
        if speech.as_ref().is_some_and(|s| s.ssml) {
            main.into_iter()
                .chain(failure_expr)
                .for_each(|e| self.ssml(e));
        }
        let digits = self.digit_input(a);
        if let (Some(on), Some(speech), Some(failure), Some(digits)) = (on, speech, failure, digits)
        {
            let action = ActionTemplate::SpeakAndGetDigits {
                on,
                speech,
                failure,
                digits,
            };
            self.send(out, a.span, action);
        }
    }

    /// A written-out SSML text: one `<speak>` element whose tags all close.
    fn ssml(&mut self, e: &ast::Expr) {
        let ast::ExprKind::Str(text) = &e.kind else {
            return;
        };
        if let Err(why) = ssml_shape(text) {
            self.report(
                Problem::error(
                    Code::CheckInvalidSsml,
                    "this SSML is not well-formed",
                    e.span,
                    why,
                )
                .with_help("wrap the text in `<speak>...</speak>` and close every tag"),
            );
        }
    }

    pub(super) fn digit_input(&mut self, a: &ArgSet<'_>) -> Option<DigitInput> {
        let min = a.int(self, "min");
        let max = a.int(self, "max");
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            let span = a.get("max").map_or(a.span, |e| e.span);
            self.report(Problem::error(
                Code::CheckArgumentOutOfRange,
                "`max` is below `min`",
                span,
                format!("{hi} < {lo}"),
            ));
        }
        let terminators = a.keys(self, "terminators");
        let repeat = a.int(self, "repeat");
        let between_ms = a.duration(self, "between");
        let wait_ms = a.duration(self, "wait");
        let pattern = a.pattern(self, "pattern");
        Some(DigitInput {
            min,
            max,
            terminators,
            repeat,
            between_ms,
            wait_ms: wait_ms?,
            pattern,
        })
    }

    /// A labelled argument of type text; written out, it is held to its wire limit.
    fn label_text(&mut self, a: &ArgSet<'_>, label: &str, e: &ast::Expr) -> ir::Expr {
        if let ast::ExprKind::Str(s) = &e.kind
            && let Some(param) = a.verb.label(label).and_then(|l| l.param)
        {
            self.limit(e.span, a.action(), param, ParamValue::Text(s));
        }
        self.typed(e, &Ty::TEXT)
    }

    fn speech(&mut self, a: &ArgSet<'_>, text: Option<ir::Expr>) -> Option<Speech> {
        let voice = a.text(self, "voice");
        let engine = a
            .literal(self, "engine")
            .and_then(|t| match Engine::parse(&t) {
                Some(e) => Some(e),
                None => {
                    let span = a.get("engine").map_or(a.span, |e| e.span);
                    self.report(
                        Problem::error(
                            Code::CheckArgumentOutOfRange,
                            format!("unknown engine `{t}`"),
                            span,
                            "not an engine",
                        )
                        .with_help("the engines are \"standard\" and \"neural\""),
                    );
                    None
                }
            });
        let language = a.text(self, "language");
        let ssml = a.flag(self, "ssml");
        Some(Speech {
            text: text?,
            voice,
            engine,
            language,
            ssml,
        })
    }

    pub(super) fn headers(&mut self, e: &ast::Expr, a: &ArgSet<'_>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let param = a.verb.label("headers").and_then(|l| l.param);
        for item in list_items(e) {
            let Some(text) = self.literal_text(item) else {
                continue;
            };
            let Some((name, value)) = text.split_once(':') else {
                self.report(
                    Problem::error(
                        Code::CheckArgumentOutOfRange,
                        "a header is written \"Name: value\"",
                        item.span,
                        "no `:`",
                    )
                    .with_help("for example \"X-Account: 42\""),
                );
                continue;
            };
            let (name, value) = (name.trim().to_owned(), value.trim().to_owned());
            let one = std::collections::BTreeMap::from([(name.clone(), value.clone())]);
            if let Some(param) = param {
                self.limit(item.span, a.action(), param, ParamValue::Map(&one));
            }
            out.push((name, value));
        }
        out
    }
}

/// Whether `text` is one `<speak>` element with balanced tags; the reason when it is not.
pub fn ssml_shape(text: &str) -> Result<(), String> {
    let text = text.trim();
    if !text.starts_with("<speak>") && !text.starts_with("<speak ") {
        return Err("it does not start with <speak>".to_owned());
    }
    let mut open: Vec<&str> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let after = rest.get(start + 1..).unwrap_or_default();
        let Some(end) = after.find('>') else {
            return Err("a tag is not closed with >".to_owned());
        };
        let tag = after.get(..end).unwrap_or_default();
        rest = after.get(end + 1..).unwrap_or_default();
        if open.is_empty() && tag != "speak" && !tag.starts_with("speak ") && !tag.is_empty() {
            return Err(format!("<{tag}> is outside <speak>"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(top) if top == name.trim() => {}
                Some(top) => return Err(format!("</{}> closes <{top}>", name.trim())),
                None => return Err(format!("</{}> closes nothing", name.trim())),
            }
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or_default();
            if name.is_empty() {
                return Err("an empty tag".to_owned());
            }
            open.push(name);
        }
        if open.is_empty() && !rest.trim().is_empty() {
            return Err("text after </speak>".to_owned());
        }
    }
    match open.last() {
        Some(tag) => Err(format!("<{tag}> is never closed")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::ssml_shape;

    #[test]
    fn well_formed_ssml_passes_and_broken_ssml_says_why() {
        assert_eq!(
            ssml_shape(
                "<speak>Call from <say-as interpret-as=\"digits\">425</say-as>.<break time=\"1s\"/></speak>"
            ),
            Ok(())
        );
        assert_eq!(
            ssml_shape("Hello"),
            Err("it does not start with <speak>".to_owned())
        );
        assert_eq!(
            ssml_shape("<speak>Hello<break/>"),
            Err("<speak> is never closed".to_owned())
        );
        assert_eq!(
            ssml_shape("<speak><emphasis>Hi</speak>"),
            Err("</speak> closes <emphasis>".to_owned())
        );
        assert_eq!(
            ssml_shape("<speak>Hi</speak> more"),
            Err("text after </speak>".to_owned())
        );
    }
}
