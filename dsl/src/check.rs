use crate::ast;
use crate::diagnostic::Problem;

pub struct CheckOutcome {
    pub problems: Vec<Problem>,
}

pub fn check_flow(_flow: &ast::Flow) -> CheckOutcome {
    CheckOutcome {
        problems: Vec::new(),
    }
}
