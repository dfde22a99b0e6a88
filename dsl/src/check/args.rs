//! The arguments of one command, checked against the verb table: which labels the verb takes,
//! which are required, what each is written as and which wire parameter (and so which limit) it
//! fills all come from [`interpreter::verb`].

use super::Checker;
use super::limits::{ParamValue, check_limit};
use super::ty::Ty;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::{Problem, did_you_mean};
use interpreter::ir::{self, Target};
use interpreter::verb::{Label, Verb};
use interpreter::wire::ActionKind;

/// The arguments of one command, taken one by one; unknown and repeated labels are reported when
/// the set is made, missing required ones when they are taken.
pub(super) struct ArgSet<'e> {
    pub(super) verb: &'static Verb,
    pub(super) span: ast::Span,
    pub(super) positional: Option<&'e ast::Expr>,
    args: Vec<&'e ast::Arg>,
}

impl<'e> ArgSet<'e> {
    pub fn new(
        checker: &mut Checker<'_>,
        verb: &'static Verb,
        positional: Option<&'e ast::Expr>,
        args: &'e [ast::Arg],
        span: ast::Span,
    ) -> Self {
        let keyword = verb.keyword;
        let labels: Vec<&str> = verb.label_names().collect();
        let mut kept: Vec<&ast::Arg> = Vec::new();
        for arg in args {
            let label = arg.label.name.as_str();
            if !labels.contains(&label) {
                let mut p = Problem::error(
                    Code::CheckUnknownArgument,
                    format!("`{keyword}` takes no `{label}`"),
                    arg.label.span,
                    "unknown argument",
                );
                p = match did_you_mean(label, labels.iter().copied()) {
                    Some(s) => p.with_help(format!("did you mean `{s}`?")),
                    None if labels.is_empty() => {
                        p.with_help(format!("`{keyword}` takes no arguments"))
                    }
                    None => p.with_help(format!("`{keyword}` takes: {}", labels.join(", "))),
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
        if verb.subject.is_none()
            && let Some(p) = positional
        {
            let help = match verb.labels().next() {
                Some(first) => format!("arguments are labelled, such as `{} ...`", first.name),
                None => "it acts on what the call is doing".to_owned(),
            };
            checker.report(
                Problem::error(
                    Code::CheckUnknownArgument,
                    format!("`{keyword}` takes no unlabelled argument"),
                    p.span,
                    "not expected here",
                )
                .with_help(help),
            );
        }
        Self {
            verb,
            span,
            positional,
            args: kept,
        }
    }

    pub(super) fn action(&self) -> ActionKind {
        self.verb.action
    }

    pub(super) fn get(&self, label: &str) -> Option<&'e ast::Expr> {
        self.args
            .iter()
            .find(|a| a.label.name == label)
            .map(|a| &a.value)
    }

    /// The table's entry for a label of this verb.
    fn spec(&self, label: &str) -> Option<&'static Label> {
        self.verb.label(label)
    }

    /// A labelled argument; its absence is reported when the table says it is required.
    pub fn take(&self, checker: &mut Checker<'_>, label: &str) -> Option<&'e ast::Expr> {
        let found = self.get(label);
        if found.is_none()
            && let Some(spec) = self.spec(label).filter(|s| s.required)
        {
            checker.report(
                Problem::error(
                    Code::CheckMissingArgument,
                    format!("`{}` needs `{label}`", self.verb.keyword),
                    self.span,
                    format!("no `{label}` ({})", spec.kind.what()),
                )
                .with_help(format!("add `{label} ...`")),
            );
        }
        found
    }

    /// The positional argument, required when the verb takes one.
    pub fn main(&self, checker: &mut Checker<'_>) -> Option<&'e ast::Expr> {
        let subject = self.verb.subject?;
        if self.positional.is_none() {
            let what = subject.kind.what();
            checker.report(
                Problem::error(
                    Code::CheckMissingArgument,
                    format!("`{}` needs {what}", self.verb.keyword),
                    self.span,
                    format!("no {what}"),
                )
                .with_help(format!("write `{}`", self.verb.example)),
            );
        }
        self.positional
    }

    /// The wire parameter the positional argument fills.
    pub fn main_param(&self) -> Option<&'static str> {
        self.verb.subject.and_then(|s| s.param)
    }

    fn param(&self, label: &str) -> Option<&'static str> {
        self.spec(label).and_then(|s| s.param)
    }

    /// Holds a literal to the limit of the wire parameter `label` fills.
    fn limit(
        &self,
        checker: &mut Checker<'_>,
        label: &str,
        span: ast::Span,
        value: ParamValue<'_>,
    ) {
        if let Some(param) = self.param(label) {
            checker.limit(span, self.verb.action, param, value);
        }
    }

    pub fn target(&self, checker: &mut Checker<'_>, label: &str) -> Option<Target> {
        let e = self.take(checker, label)?;
        checker.target(e)
    }

    pub fn pattern(&self, checker: &mut Checker<'_>, label: &str) -> Option<String> {
        let e = self.take(checker, label)?;
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
    pub fn duration(&self, checker: &mut Checker<'_>, label: &str) -> Option<u64> {
        let e = self.take(checker, label)?;
        let ms = checker.literal_duration(e)?;
        self.limit(
            checker,
            label,
            e.span,
            ParamValue::Int(i64::try_from(ms).unwrap_or(i64::MAX)),
        );
        Some(ms)
    }

    /// A literal duration in whole seconds, checked against the wire parameter.
    pub fn seconds(&self, checker: &mut Checker<'_>, label: &str) -> Option<u32> {
        let e = self.take(checker, label)?;
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
        self.limit(
            checker,
            label,
            e.span,
            ParamValue::Int(i64::try_from(s).unwrap_or(i64::MAX)),
        );
        u32::try_from(s).ok()
    }

    pub fn int(&self, checker: &mut Checker<'_>, label: &str) -> Option<u32> {
        let e = self.take(checker, label)?;
        let n = checker.literal_int(e)?;
        self.limit(checker, label, e.span, ParamValue::Int(n));
        u32::try_from(n).ok()
    }

    /// A SIP response code, written as a whole number (`486`) or as text (`"486"`); the wire
    /// sends it as text.
    pub fn sip_code(&self, checker: &mut Checker<'_>, label: &str) -> Option<u16> {
        let e = self.take(checker, label)?;
        let text = match &e.kind {
            ast::ExprKind::Int(n) => n.to_string(),
            ast::ExprKind::Str(s) => s.clone(),
            _ => {
                checker.not_literal(e, "a whole number such as `486`");
                return None;
            }
        };
        self.limit(checker, label, e.span, ParamValue::Text(&text));
        text.parse().ok()
    }

    /// Literal text, checked against the wire parameter.
    pub fn text(&self, checker: &mut Checker<'_>, label: &str) -> Option<String> {
        let e = self.take(checker, label)?;
        let text = checker.literal_text(e)?;
        self.limit(checker, label, e.span, ParamValue::Text(&text));
        Some(text)
    }

    /// Literal text, for an argument checked by its own rule rather than the wire's.
    pub fn literal(&self, checker: &mut Checker<'_>, label: &str) -> Option<String> {
        let e = self.take(checker, label)?;
        checker.literal_text(e)
    }

    /// Terminator keys written as one string, such as `"#*"`.
    pub fn keys(&self, checker: &mut Checker<'_>, label: &str) -> Option<String> {
        let e = self.take(checker, label)?;
        let text = checker.literal_text(e)?;
        let keys: Vec<String> = text.chars().map(String::from).collect();
        self.limit(checker, label, e.span, ParamValue::List(&keys));
        Some(text)
    }

    /// `true` or `false`, written out; `false` when left out.
    pub fn flag(&self, checker: &mut Checker<'_>, label: &str) -> bool {
        match self.get(label) {
            Some(ast::Expr {
                kind: ast::ExprKind::Bool(b),
                ..
            }) => *b,
            Some(e) => {
                checker.not_literal(e, "`true` or `false`");
                false
            }
            None => false,
        }
    }

    /// An expression of type `ty`.
    pub fn value(&self, checker: &mut Checker<'_>, label: &str, ty: &Ty) -> Option<ir::Expr> {
        let e = self.take(checker, label)?;
        Some(checker.typed(e, ty))
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
