//! Values and commands as YAML text, the reverse of `read/command.rs`: a command becomes a map of
//! its verb and labels when the verb table knows every part of it, else it keeps its one-line text
//! form, which the reader accepts too.

use super::super::quote::{Context, scalar};
use super::super::read::Form;
use super::super::template;
use crate::ast::{Arg, Command, Expr, ExprKind, TypeRef};
use crate::format::format_expr;
use interpreter::verb::{self, Verb};

/// `(key, value)` pairs of a command map, the verb first (its value empty when it has no
/// subject); `None` when the command is best left as text: an unknown verb or label, a repeated
/// label, or a value its label's kind cannot hold as written.
pub(crate) fn command(c: &Command) -> Option<Vec<(String, String)>> {
    let verb = verb::find(&c.verb.name)?;
    if c.positional.is_none() && c.args.is_empty() {
        return None;
    }
    let subject = match (&c.positional, verb.subject) {
        (None, _) => String::new(),
        (Some(p), Some(label)) => value(p, Form::of(label.kind), Context::Block)?,
        (Some(_), None) => return None,
    };
    let mut fields = vec![(verb.keyword.to_owned(), subject)];
    fields.extend(labels(verb, &c.args, Context::Block)?);
    Some(fields)
}

/// A listener's labels as `{on: caller, pattern: '[0-9]'}`; `None` as for [`command`].
pub(crate) fn listener(args: &[Arg]) -> Option<String> {
    let fields = labels(&verb::LISTENER, args, Context::Flow)?;
    Some(flow_map(&fields))
}

fn labels(verb: &Verb, args: &[Arg], context: Context) -> Option<Vec<(String, String)>> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for a in args {
        let label = verb.label(&a.label.name)?;
        if fields.iter().any(|(k, _)| *k == a.label.name) {
            return None;
        }
        fields.push((
            a.label.name.clone(),
            value(&a.value, Form::of(label.kind), context)?,
        ));
    }
    Some(fields)
}

/// A declaration's default or starting value.
pub(crate) fn declared(e: &Expr, ty: &TypeRef) -> String {
    value(e, Form::of_type(Some(ty)), Context::Flow)
        .unwrap_or_else(|| expr_scalar(e, Context::Flow))
}

/// The patterns of a case: one value, or a list.
pub(crate) fn patterns(patterns: &[Expr]) -> String {
    match patterns {
        [one] if !matches!(one.kind, ExprKind::List(_)) => {
            value(one, Form::Value, Context::Block).unwrap_or_default()
        }
        _ => {
            let items: Vec<String> = patterns
                .iter()
                .map(|p| value(p, Form::Value, Context::Flow).unwrap_or_default())
                .collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// A value in `form`, or `None` when `form` cannot hold it (a literal that is not text).
pub(crate) fn value(e: &Expr, form: Form, context: Context) -> Option<String> {
    if let ExprKind::List(items) = &e.kind {
        let items: Option<Vec<String>> = items
            .iter()
            .map(|i| value(i, form, Context::Flow))
            .collect();
        return Some(format!("[{}]", items?.join(", ")));
    }
    Some(match form {
        Form::Expr => expr_scalar(e, context),
        Form::Template => text(&template::write(e), context),
        Form::Literal => match &e.kind {
            ExprKind::Str(s) => text(s, context),
            _ => return None,
        },
        Form::Value => match &e.kind {
            ExprKind::Int(_) | ExprKind::Bool(_) => format_expr(e),
            _ => text(&template::write(e), context),
        },
    })
}

fn expr_scalar(e: &Expr, context: Context) -> String {
    scalar(&format_expr(e), context)
}

/// Text as a YAML string: quoted where a YAML reader would take it for a number, a boolean or
/// null.
fn text(s: &str, context: Context) -> String {
    if reads_as_typed(s) {
        // Numbers and words: no quote or backslash to escape.
        format!("\"{s}\"")
    } else {
        scalar(s, context)
    }
}

fn reads_as_typed(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "True", "TRUE", "false", "False", "FALSE", ".inf", ".Inf", ".INF", "-.inf",
        "+.inf", ".nan", ".NaN", ".NAN",
    ];
    WORDS.contains(&s) || s.parse::<f64>().is_ok() || s.starts_with("0x") || s.starts_with("0o")
}

/// `{key: value, ...}` of values already written for a flow collection.
pub(crate) fn flow_map(fields: &[(String, String)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("{{{}}}", parts.join(", "))
}
