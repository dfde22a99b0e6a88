//! The protocol's limits, asked of the wire model's single table so that the checker and the
//! encoder can never disagree.

use interpreter::wire::ActionKind;
pub use interpreter::wire::limits::ParamValue;
use interpreter::wire::limits::spec;

/// Whether a literal is acceptable for an action's wire parameter; the error says why not.
pub fn check_limit(kind: ActionKind, param: &str, value: ParamValue<'_>) -> Result<(), String> {
    spec(kind)
        .check(param, value)
        .map_err(|v| format!("{} {}", v.param, v.problem))
}
