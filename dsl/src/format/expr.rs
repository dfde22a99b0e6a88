//! Expressions and small pieces as canonical text: operators spaced, parentheses only where the
//! grammar's precedence needs them, durations in their largest exact unit.

use crate::ast::{Arg, BinaryOp, Expr, ExprKind, Ident, TriggerKind, TypeRef, UnaryOp};
use std::fmt::Write;

/// Binding strength, loosest first; a child weaker than its place needs parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    /// `if C then A else B`: its `else` takes all that follows, so it is bracketed everywhere.
    Cond,
    Or,
    And,
    Not,
    Cmp,
    Add,
    Neg,
    Postfix,
}

/// The canonical text of an expression.
pub fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(&mut out, e, Prec::Or);
    out
}

fn prec(e: &Expr) -> Prec {
    match &e.kind {
        ExprKind::Binary(op, ..) => match op {
            BinaryOp::Or => Prec::Or,
            BinaryOp::And => Prec::And,
            BinaryOp::Add | BinaryOp::Sub => Prec::Add,
            _ => Prec::Cmp,
        },
        ExprKind::Is { .. } => Prec::Cmp,
        ExprKind::Unary(UnaryOp::Not, _) => Prec::Not,
        ExprKind::Unary(UnaryOp::Neg, _) => Prec::Neg,
        ExprKind::Cond { .. } => Prec::Cond,
        _ => Prec::Postfix,
    }
}

/// Writes `e` where the grammar accepts nothing looser than `min`.
fn write_expr(out: &mut String, e: &Expr, min: Prec) {
    if prec(e) < min {
        out.push('(');
        write_expr(out, e, Prec::Cond);
        out.push(')');
        return;
    }
    match &e.kind {
        ExprKind::Str(s) => string(out, s),
        ExprKind::Int(n) => {
            let _ = write!(out, "{n}");
        }
        ExprKind::Duration(ms) => out.push_str(&duration(*ms)),
        ExprKind::Phone(p) => {
            if !p.starts_with('+') {
                out.push('+');
            }
            out.push_str(p);
        }
        ExprKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ExprKind::None => out.push_str("none"),
        ExprKind::List(items) => {
            out.push('[');
            list(out, items);
            out.push(']');
        }
        ExprKind::Name(name) => out.push_str(&name.name),
        ExprKind::Field(base, field) => {
            write_expr(out, base, Prec::Postfix);
            out.push('.');
            out.push_str(&field.name);
        }
        ExprKind::Call(callee, args) => {
            out.push_str(&callee.name);
            out.push('(');
            list(out, args);
            out.push(')');
        }
        ExprKind::Unary(UnaryOp::Not, operand) => {
            out.push_str("not ");
            write_expr(out, operand, Prec::Not);
        }
        ExprKind::Unary(UnaryOp::Neg, operand) => {
            out.push('-');
            write_expr(out, operand, Prec::Neg);
        }
        ExprKind::Binary(op, left, right) => {
            // Chains are left-associative; comparisons do not chain at all.
            let (l, r) = match op {
                BinaryOp::Or => (Prec::Or, Prec::And),
                BinaryOp::And => (Prec::And, Prec::Not),
                BinaryOp::Add | BinaryOp::Sub => (Prec::Add, Prec::Neg),
                _ => (Prec::Add, Prec::Add),
            };
            write_expr(out, left, l);
            out.push(' ');
            out.push_str(binary_op(*op));
            out.push(' ');
            write_expr(out, right, r);
        }
        ExprKind::Cond {
            cond,
            then,
            otherwise,
        } => {
            out.push_str("if ");
            write_expr(out, cond, Prec::Or);
            out.push_str(" then ");
            write_expr(out, then, Prec::Or);
            out.push_str(" else ");
            write_expr(out, otherwise, Prec::Or);
        }
        ExprKind::Is {
            subject,
            negated,
            word,
        } => {
            write_expr(out, subject, Prec::Add);
            out.push_str(if *negated { " is not " } else { " is " });
            out.push_str(&word.name);
        }
    }
}

/// A string literal as written in a flow.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::new();
    string(&mut out, text);
    out
}

fn list(out: &mut String, items: &[Expr]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(out, item, Prec::Or);
    }
}

fn binary_op(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "or",
        BinaryOp::And => "and",
        BinaryOp::Eq => "==",
        BinaryOp::Ne => "!=",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::In => "in",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
    }
}

/// A string literal with the escapes the grammar knows.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Milliseconds in the largest unit that holds them exactly: `2m`, `30s`, `2500ms`.
pub fn duration(ms: u64) -> String {
    if ms != 0 && ms.is_multiple_of(60_000) {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1_000) {
        format!("{}s", ms / 1_000)
    } else {
        format!("{ms}ms")
    }
}

/// A command's positional value: several values are written as the list they make.
pub fn positional(e: &Expr) -> String {
    match &e.kind {
        ExprKind::List(items) if items.len() > 1 => {
            let mut out = String::new();
            list(&mut out, items);
            out
        }
        _ => expr(e),
    }
}

/// `LABEL VALUE`. A word the grammar does not know as a label (an unknown label, which the
/// checker reports) reads back as a name, so a sign after it would make a sum or a difference:
/// such a value is parenthesised, `tone (-1)`.
pub fn arg(a: &Arg) -> String {
    let value = expr(&a.value);
    if !is_grammar_label(&a.label.name) && value.starts_with(['-', '+']) {
        format!("{} ({value})", a.label.name)
    } else {
        format!("{} {value}", a.label.name)
    }
}

/// Whether the grammar reads `word` as an argument label wherever a label may stand: only such a
/// word may start a continuation line or stand apart from a sign that touches its value.
pub fn is_grammar_label(word: &str) -> bool {
    interpreter::verb::all_label_names().contains(&word)
}

pub fn type_ref(t: &TypeRef) -> String {
    match t.max_len {
        Some(n) => format!("{}({n})", t.name.name),
        None => t.name.name.clone(),
    }
}

/// A trigger without `on`, as the YAML form's handler keys write it: `new call`, `after bridge`.
pub fn event(kind: &TriggerKind) -> String {
    let names = |ids: &[Ident]| {
        ids.iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let optional = |word: &str, id: &Option<Ident>| match id {
        Some(id) => format!("{word} {}", id.name),
        None => word.to_owned(),
    };
    match kind {
        TriggerKind::NewCall => "new call".to_owned(),
        TriggerKind::Answered => "answered".to_owned(),
        TriggerKind::Update => "update".to_owned(),
        TriggerKind::InvalidResponse => "invalid response".to_owned(),
        TriggerKind::After(verbs) => format!("after {}", names(verbs)),
        TriggerKind::Failed(verbs) if verbs.is_empty() => "failed".to_owned(),
        TriggerKind::Failed(verbs) => format!("failed {}", names(verbs)),
        TriggerKind::Digits(listener) => optional("digits", listener),
        TriggerKind::Hangup(leg) => optional("hangup", leg),
    }
}

/// A trigger as the text form writes it: `on new call`, `after bridge`.
pub fn trigger(kind: &TriggerKind) -> String {
    match kind {
        TriggerKind::After(_) => event(kind),
        _ => format!("on {}", event(kind)),
    }
}
