//! The arguments of one command: labels checked against what the verb takes, literals held to
//! the protocol's limits through the wire model's single table.

use super::Checker;
use super::limits::{ParamValue, check_limit};
use super::ty::Ty;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir::{self, Target};
use interpreter::wire::ActionKind;

/// The arguments of one command, taken one by one; unknown and repeated labels are reported when
/// the set is made, missing required ones when they are taken.
pub(super) struct ArgSet<'e> {
    verb: String,
    pub(super) span: ast::Span,
    positional: Option<&'e ast::Expr>,
    args: Vec<&'e ast::Arg>,
}

impl<'e> ArgSet<'e> {
    pub fn new(
        checker: &mut Checker<'_>,
        verb: &str,
        positional: Option<&'e ast::Expr>,
        args: &'e [ast::Arg],
        span: ast::Span,
        labels: &[&str],
    ) -> Self {
        let mut kept: Vec<&ast::Arg> = Vec::new();
        for arg in args {
            let label = arg.label.name.as_str();
            if !labels.contains(&label) {
                let mut p = Problem::error(
                    Code::CheckUnknownArgument,
                    format!("`{verb}` takes no `{label}`"),
                    arg.label.span,
                    "unknown argument",
                );
                p = match did_you_mean(label, labels.iter().copied()) {
                    Some(s) => p.with_help(format!("did you mean `{s}`?")),
                    None if labels.is_empty() => {
                        p.with_help(format!("`{verb}` takes no arguments"))
                    }
                    None => p.with_help(format!("`{verb}` takes: {}", labels.join(", "))),
                };
                checker.report(p);
            } else if let Some(first) = kept.iter().find(|a| a.label.name == label) {
                checker.report(
                    Problem::error(
                        Code::CheckDuplicateArgument,
                        format!("`{label}` is given twice"),
                        arg.label.span,
                        "given again here",
                    )
                    .with_label(first.label.span, "first given here")
                    .with_help("keep one of them: only one value can be sent"),
                );
            } else {
                kept.push(arg);
            }
        }
        Self {
            verb: verb.to_owned(),
            span,
            positional,
            args: kept,
        }
    }

    pub(super) fn get(&self, label: &str) -> Option<&'e ast::Expr> {
        self.args
            .iter()
            .find(|a| a.label.name == label)
            .map(|a| &a.value)
    }

    /// A labelled argument; when `required`, its absence is reported.
    fn pick(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        required: bool,
        what: &str,
    ) -> Option<&'e ast::Expr> {
        if required {
            self.require(checker, label, what)
        } else {
            self.get(label)
        }
    }

    /// A required labelled argument.
    pub fn require(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        what: &str,
    ) -> Option<&'e ast::Expr> {
        let found = self.get(label);
        if found.is_none() {
            checker.report(
                Problem::error(
                    Code::CheckMissingArgument,
                    format!("`{}` needs `{label}`", self.verb),
                    self.span,
                    format!("no `{label}` ({what})"),
                )
                .with_help(format!("add `{label} ...`")),
            );
        }
        found
    }

    /// The positional argument, required.
    pub fn main(&self, checker: &mut Checker<'_>, what: &str) -> Option<&'e ast::Expr> {
        if self.positional.is_none() {
            checker.report(
                Problem::error(
                    Code::CheckMissingArgument,
                    format!("`{}` needs {what}", self.verb),
                    self.span,
                    format!("no {what}"),
                )
                .with_help(format!(
                    "write `{} {what_example}`",
                    self.verb,
                    what_example = example(what)
                )),
            );
        }
        self.positional
    }

    pub fn target(&self, checker: &mut Checker<'_>, label: &str) -> Option<Target> {
        let e = self.require(checker, label, "a leg")?;
        checker.target(e)
    }

    pub fn pattern(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        required: bool,
    ) -> Option<String> {
        let e = self.pick(checker, label, required, "a regular expression")?;
        let text = checker.literal_text(e)?;
        if let Err(err) = regex::Regex::new(&text) {
            let detail = err.to_string();
            let last = detail.lines().last().unwrap_or("invalid").trim().to_owned();
            checker.report(
                Problem::error(
                    Code::CheckInvalidRegex,
                    format!("`{text}` is not a valid regular expression"),
                    e.span,
                    last,
                )
                .with_help("digit patterns are regular expressions over the characters 0-9, * and #, such as \"^[0-9]{4}#$\""),
            );
            return None;
        }
        Some(text)
    }

    /// A literal duration in milliseconds, checked against the wire parameter.
    pub fn duration(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
        required: bool,
    ) -> Option<u64> {
        let e = self.pick(checker, label, required, "a duration")?;
        let ms = checker.literal_duration(e)?;
        checker.limit(
            e.span,
            kind,
            param,
            ParamValue::Int(i64::try_from(ms).unwrap_or(i64::MAX)),
        );
        Some(ms)
    }

    /// A literal duration in whole seconds, checked against the wire parameter.
    pub fn seconds(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
    ) -> Option<u32> {
        let e = self.get(label)?;
        let ms = checker.literal_duration(e)?;
        if ms % 1000 != 0 {
            checker.report(Problem::error(
                Code::CheckArgumentOutOfRange,
                format!("`{label}` is counted in whole seconds"),
                e.span,
                format!("{ms} ms is not a whole number of seconds"),
            ));
            return None;
        }
        let s = ms / 1000;
        checker.limit(
            e.span,
            kind,
            param,
            ParamValue::Int(i64::try_from(s).unwrap_or(i64::MAX)),
        );
        u32::try_from(s).ok()
    }

    pub fn int(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
    ) -> Option<u32> {
        let e = self.get(label)?;
        let n = checker.literal_int(e)?;
        checker.limit(e.span, kind, param, ParamValue::Int(n));
        u32::try_from(n).ok()
    }

    /// Literal text, checked against the wire parameter when one is named.
    pub fn text(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: Option<&str>,
    ) -> Option<String> {
        let e = self.get(label)?;
        let text = checker.literal_text(e)?;
        if let Some(param) = param {
            checker.limit(e.span, kind, param, ParamValue::Text(&text));
        }
        Some(text)
    }

    /// Terminator keys written as one string, such as `"#*"`.
    pub fn keys(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        kind: ActionKind,
        param: &str,
        required: bool,
    ) -> Option<String> {
        let e = self.pick(checker, label, required, "keys such as \"#\"")?;
        let text = checker.literal_text(e)?;
        let keys: Vec<String> = text.chars().map(String::from).collect();
        checker.limit(e.span, kind, param, ParamValue::List(&keys));
        Some(text)
    }

    pub fn value(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        ty: &Ty,
        required: bool,
    ) -> Option<ir::Expr> {
        let e = self.pick(checker, label, required, &ty.to_string())?;
        Some(checker.typed(e, ty))
    }

    pub fn has(&self, label: &str) -> bool {
        self.get(label).is_some()
    }

    pub fn finish(self, _checker: &mut Checker<'_>) {}
}

fn example(what: &str) -> &'static str {
    match what {
        "a prompt" => "greeting to caller",
        "a leg" => "caller",
        "a listener" => "keypad",
        "a duration" => "1s on caller",
        _ => "...",
    }
}

impl Checker<'_> {
    pub(super) fn limit(
        &mut self,
        span: ast::Span,
        kind: ActionKind,
        param: &str,
        value: ParamValue<'_>,
    ) {
        if let Err(why) = check_limit(kind, param, value) {
            self.report(
                Problem::error(
                    Code::CheckArgumentOutOfRange,
                    format!("this value is not accepted by `{}`", kind.as_str()),
                    span,
                    why,
                )
                .with_help(format!(
                    "the SMA rejects the whole answer when `{param}` is outside its limits"
                )),
            );
        }
    }

    pub(super) fn literal_text(&mut self, e: &ast::Expr) -> Option<String> {
        match &e.kind {
            ast::ExprKind::Str(s) => Some(s.clone()),
            _ => {
                self.not_literal(e, "text in quotes");
                None
            }
        }
    }

    pub(super) fn literal_duration(&mut self, e: &ast::Expr) -> Option<u64> {
        match &e.kind {
            ast::ExprKind::Duration(ms) => Some(*ms),
            ast::ExprKind::Int(_) => {
                self.report(
                    Problem::error(
                        Code::CheckTypeMismatch,
                        "expected a duration, found int",
                        e.span,
                        "no unit",
                    )
                    .with_help("add a unit: `ms`, `s` or `m`"),
                );
                None
            }
            _ => {
                self.not_literal(e, "a duration such as `30s`");
                None
            }
        }
    }

    pub(super) fn literal_int(&mut self, e: &ast::Expr) -> Option<i64> {
        match &e.kind {
            ast::ExprKind::Int(n) => Some(*n),
            _ => {
                self.not_literal(e, "a whole number");
                None
            }
        }
    }

    pub(super) fn not_literal(&mut self, e: &ast::Expr, what: &str) {
        // Resolve its names anyway: a misspelling there is worth reporting too, and the names it
        // uses are used.
        let _ = self.expr(e);
        self.report(
            Problem::error(Code::CheckNotConstant, format!("expected {what}"), e.span, "must be written out here")
                .with_help("this argument is fixed when the flow is checked, so that its limits can be verified"),
        );
    }
}
