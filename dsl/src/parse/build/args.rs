//! A command's arguments: parts on the command's own line and labelled continuation lines ->
//! the positional argument and the labelled ones. Labels are contextual, so which part is a label
//! is decided here with the verb table: a prompt called `welcome` is a name, and `welcome` after
//! `start bot` is a label.

use super::{Builder, Built, Children};
use crate::ast::{Arg, Expr, ExprKind, Ident};
use crate::codes::Code;
use crate::diagnostic::Problem;
use crate::grammar::Rule;
use interpreter::verb::{self, Verb};

/// What the builder knows of the command whose arguments it reads.
#[derive(Clone, Copy)]
pub(crate) enum ArgsOf<'v> {
    /// A known verb or declaration.
    Verb(&'v Verb),
    /// An unknown verb (the checker reports it): any label word is taken as a label.
    Unknown,
}

impl ArgsOf<'_> {
    fn is_label(self, name: &str) -> bool {
        match self {
            ArgsOf::Verb(v) => v.label(name).is_some(),
            ArgsOf::Unknown => verb::all_label_names().contains(&name),
        }
    }

    fn takes_subject(self) -> bool {
        match self {
            ArgsOf::Verb(v) => v.subject.is_some(),
            ArgsOf::Unknown => true,
        }
    }
}

impl Builder<'_> {
    /// The `part` and `arg` children left in `c`.
    pub(crate) fn command_args(
        &mut self,
        of: ArgsOf<'_>,
        c: &mut Children<'_>,
    ) -> Built<(Option<Expr>, Vec<Arg>)> {
        let mut parts = Vec::new();
        while let Some(part) = c.take(Rule::part).or_else(|| {
            c.take(Rule::arg)?;
            c.take(Rule::part)
        }) {
            let mut word = Children::of(part.clone());
            if let Some(word) = word.take(Rule::kw_on).or_else(|| word.take(Rule::label)) {
                let ident = Ident::new(word.as_str(), self.span_of(&word));
                parts.push(Expr {
                    span: ident.span,
                    kind: ExprKind::Name(ident),
                });
                continue;
            }
            let mut p = Children::of(part);
            let mut values = Vec::new();
            while let Some(value) = p.take(Rule::expr) {
                values.push(self.expr(value)?);
            }
            parts.push(one_or_list(values));
        }
        let mut parts = parts.into_iter().peekable();
        let count = parts.len();
        // Labels come in pairs with their values, so an odd count means a positional argument;
        // an even one means none, unless the first part cannot be a label of this command.
        let first_is_label = parts
            .peek()
            .and_then(bare_name)
            .is_some_and(|n| of.is_label(&n.name));
        let positional = if count % 2 == 1 && (of.takes_subject() || !first_is_label)
            || count % 2 == 0 && count > 0 && !first_is_label
        {
            parts.next()
        } else {
            None
        };
        let mut args = Vec::new();
        while let Some(part) = parts.next() {
            let Some(label) = bare_name(&part) else {
                return Err(Problem::error(
                    Code::ParseSyntax,
                    "expected an argument label",
                    part.span,
                    "a value without a label",
                )
                .with_help("arguments after the first are labelled, such as `to caller`"));
            };
            let Some(value) = parts.next() else {
                return Err(Problem::error(
                    Code::ParseSyntax,
                    format!("`{}` needs a value", label.name),
                    label.span,
                    "no value follows",
                )
                .with_help(format!(
                    "the argument label `{}` needs a value, as in `to caller` or `timeout 30s`",
                    label.name
                )));
            };
            args.push(Arg {
                span: label.span.to(value.span),
                label,
                value,
            });
        }
        Ok((positional, args))
    }
}

/// One expression, or the comma list of several.
fn one_or_list(values: Vec<Expr>) -> Expr {
    match <[Expr; 1]>::try_from(values) {
        Ok([one]) => one,
        Err(values) => {
            let first = values.first().map(|v| v.span).unwrap_or_default();
            let span = values.iter().fold(first, |s, v| s.to(v.span));
            Expr {
                kind: ExprKind::List(values),
                span,
            }
        }
    }
}

/// The name when the part is a bare name (a possible label).
fn bare_name(part: &Expr) -> Option<Ident> {
    match &part.kind {
        ExprKind::Name(n) => Some(n.clone()),
        _ => None,
    }
}
