//! Intent: properties a flow states about itself (`always` / `never` clauses over legs, prompts,
//! caller ids and dialled numbers), checked on every path where an action could break them.

use super::walk::{Path, Walker};
use crate::ast::Span;
use interpreter::ir::{ActionTemplate, LegRef};

#[derive(Debug, Default)]
pub struct Intents {}

impl Intents {
    pub fn check_action(
        &self,
        _walker: &mut Walker<'_, '_>,
        _action: &ActionTemplate,
        _legs: &[LegRef],
        _path: &Path,
        _span: Span,
    ) {
    }
}
