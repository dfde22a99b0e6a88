//! Assignment, inside the walk of one answer: the value's abstract form replaces the
//! variable's, a `text(N)` variable is checked against the longest value it can receive, and
//! what the path knew about the variable is forgotten.

use super::super::value::AVal;
use super::{Path, Walker};
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, Expr};

impl Walker<'_, '_> {
    pub(super) fn assign(&mut self, var: ir::VarId, value: &Expr, span: Span, p: &mut Path) {
        let env = self.env(&p.call);
        let v = env.eval(value);
        if env.unset_arithmetic.get() {
            self.findings.add(
                Problem::error(
                    Code::VerifyUnsetValue,
                    "an unset value takes part in arithmetic",
                    span,
                    "a value here may be `none` on some path",
                )
                .with_help("give the variable a starting value (`var n int = 0`) or test it with `!= none` first"),
            );
        }
        if let Some(Some(limit)) = self.flow.text_limits.get(usize::from(var)) {
            let bound = super::super::sizes::bound(value, &v, &p.facts);
            if bound.is_none_or(|b| b > *limit) {
                let name = self
                    .flow
                    .ir
                    .vars
                    .get(usize::from(var))
                    .map_or("?", |x| x.name.as_str());
                let what = bound.map_or("text of any length".to_owned(), |b| {
                    format!("up to {b} characters")
                });
                self.findings.add(
                    Problem::error(
                        Code::VerifyValueTooLong,
                        format!("`{name}` holds {limit} characters, but this can assign {what}"),
                        span,
                        format!("{what} into `text({limit})`"),
                    )
                    .with_help(format!(
                        "declare `{name}` longer, bound the input (`max {limit}`), or test `len(...) <= {limit}` first"
                    )),
                );
            }
        }
        let v = match (self.flow.ir.vars.get(usize::from(var)).map(|x| x.ty), v) {
            (Some(ir::ValueType::Int | ir::ValueType::Duration), AVal::Any { maybe_none, .. }) => {
                AVal::Any {
                    maybe_none,
                    max_len: Some(20),
                }
            }
            (_, v) => v,
        };
        if let Some(slot) = p.call.vars.get_mut(usize::from(var)) {
            *slot = v;
        }
        // What was known about the variable no longer holds.
        p.facts.retain(|(e, _)| !mentions(e, var));
    }
}

/// Whether an expression reads a variable.
fn mentions(e: &Expr, var: ir::VarId) -> bool {
    match e {
        Expr::Var(v) => *v == var,
        Expr::Leg(ir::Target::Var(v))
        | Expr::LegNumber(ir::Target::Var(v))
        | Expr::LegConnected(ir::Target::Var(v)) => *v == var,
        Expr::Area(x) | Expr::Not(x) | Expr::Neg(x) => mentions(x, var),
        Expr::Call(_, xs) => xs.iter().any(|x| mentions(x, var)),
        Expr::Binary(_, l, r) => mentions(l, var) || mentions(r, var),
        Expr::In(x, xs) => mentions(x, var) || xs.iter().any(|x| mentions(x, var)),
        _ => false,
    }
}
