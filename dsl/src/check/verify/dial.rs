//! The dial policy on every path: a bridge to the public network dials a number the deployment
//! trusts (a phone setting, the application's number, a number written in the flow) or one the
//! flow has tested with `dialable(...)` on that path. A number typed by the caller, taken from a
//! leg or from call arguments reaches the bridge only through that test; otherwise the flow is
//! rejected (`flow::verify::dial_policy`) at the bridge. The runtime refuses such a bridge too
//! (`interpreter::policy`); the checker makes the flow say so first, with its own prompt.
//!
//! `always bridge to dialable` states the same as a property, literals included.

use super::walk::Path;
use interpreter::ir::{Builtin, Expr, Func};

/// Who the number of a bridge comes from, for the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// Settings and the application's number only.
    Deployment,
    /// Also numbers written in the flow.
    Flow,
}

/// Whether `to` is proven inside the dial policy on this path.
pub fn proven(to: &Expr, path: &Path, trust: Trust) -> bool {
    match to {
        Expr::Config(_) | Expr::Builtin(Builtin::SmaNumber) => return true,
        Expr::Lit(_) if trust == Trust::Flow => return true,
        _ => {}
    }
    path.facts.iter().any(|(fact, holds)| {
        *holds && matches!(fact, Expr::Call(Func::Dialable, args) if args.first() == Some(to))
    })
}
