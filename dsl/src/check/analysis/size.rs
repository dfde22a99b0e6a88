//! Two flow-wide facts the analyses need besides the paths: where bridges are sent (a bridge
//! leaves a leg behind that `on hangup` must end) and how large the call's variables may grow.

use super::super::Spans;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, ActionTemplate, Stmt};
use interpreter::wire::limits::MAX_ATTRIBUTE_CHARS;

pub(super) fn collect_bridges(flow: &ir::Flow, out: &mut Vec<ir::SiteId>) {
    fn walk(block: &ir::Block, out: &mut Vec<ir::SiteId>) {
        for stmt in &block.0 {
            match stmt {
                Stmt::Action {
                    site,
                    action: ActionTemplate::CallAndBridge { .. },
                } => out.push(*site),
                Stmt::If {
                    then, otherwise, ..
                } => {
                    walk(then, out);
                    walk(otherwise, out);
                }
                Stmt::Match {
                    arms, otherwise, ..
                } => {
                    for a in arms {
                        walk(&a.body, out);
                    }
                    walk(otherwise, out);
                }
                _ => {}
            }
        }
    }
    for h in &flow.handlers {
        walk(&h.body, out);
    }
    for s in &flow.states {
        walk(&s.enter, out);
        for h in &s.handlers {
            walk(&h.body, out);
        }
    }
    out.sort_unstable();
}

/// The variables travel in one attribute as a JSON array; its longest encoding must fit.
pub(super) fn attribute_size(flow: &ir::Flow, spans: &Spans) -> Vec<Problem> {
    let total: usize = 2 + flow
        .vars
        .iter()
        .map(|v| v.max_len as usize + 1)
        .sum::<usize>();
    if total <= MAX_ATTRIBUTE_CHARS {
        return Vec::new();
    }
    let mut by_size: Vec<(usize, &ir::Var)> = flow.vars.iter().enumerate().collect();
    by_size.sort_by_key(|(_, v)| std::cmp::Reverse(v.max_len));
    let mut problem = Problem::error(
        Code::CheckAttributesTooLarge,
        format!("the variables may need {total} characters; the call's attributes hold {MAX_ATTRIBUTE_CHARS}"),
        spans.vars.first().copied().unwrap_or(spans.flow_name),
        "variables start here",
    )
    .with_help("shorten `text(N)` variables or keep fewer variables");
    for (i, v) in by_size.into_iter().take(3) {
        if let Some(span) = spans.vars.get(i) {
            problem = problem.with_label(*span, format!("`{}` takes up to {}", v.name, v.max_len));
        }
    }
    vec![problem]
}
