//! How long a text value can be where it is assigned: from its abstract value (literals, collected
//! digits, numbers), or from a `len(...)` test that holds on the path.

use super::value::AVal;
use interpreter::ir::{BinaryOp, Expr, Func, Value};

/// The most characters `expr` can hold here, when something bounds it.
pub fn bound(expr: &Expr, value: &AVal, facts: &[(Expr, bool)]) -> Option<u32> {
    let guarded = facts
        .iter()
        .filter_map(|(fact, holds)| guard_bound(fact, *holds, expr))
        .min();
    match (value.max_len(), guarded) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The bound a condition `len(expr) OP k` (holding or not) puts on `expr`.
fn guard_bound(fact: &Expr, holds: bool, expr: &Expr) -> Option<u32> {
    let Expr::Binary(op, l, r) = fact else {
        return None;
    };
    let (Expr::Call(Func::Len, args), Expr::Lit(Value::Int(k))) = (l.as_ref(), r.as_ref()) else {
        return None;
    };
    if args.first() != Some(expr) {
        return None;
    }
    let limit = match (op, holds) {
        (BinaryOp::Le, true) | (BinaryOp::Gt, false) => *k,
        (BinaryOp::Lt, true) | (BinaryOp::Ge, false) => k.saturating_sub(1),
        (BinaryOp::Eq, true) => *k,
        _ => return None,
    };
    u32::try_from(limit).ok()
}
