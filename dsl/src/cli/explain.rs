//! `dsl explain CODE`: what a diagnostic code means, why it matters and what to do.

use super::{Outcome, emit, failure};
use dsl::codes::{Code, explain};
use dsl::diagnostic::did_you_mean;

pub(crate) fn run(name: &str) -> Outcome {
    // `parse::syntax` is accepted for `flow::parse::syntax`.
    let code = Code::parse(name).or_else(|| Code::parse(&format!("flow::{name}")));
    let Some(code) = code else {
        let names = Code::ALL.iter().map(|c| c.as_str());
        return match did_you_mean(name, names) {
            Some(near) => failure(format!("unknown code `{name}`; did you mean `{near}`?")),
            None => failure(format!(
                "unknown code `{name}`; codes look like `flow::parse::syntax`"
            )),
        };
    };
    emit(&explain(code))
}
