//! Path analyses on the compiled flow, after it resolved and typed cleanly: every event the
//! service can send is answered over an abstract call (legs, recording, listeners, variables),
//! so that a flow which checks clean does not hang up a live call, leave a party in silence,
//! address a leg that is not there, misuse the recording or loop until the service gives up.
//!
//! Findings are errors; one can be lowered to a warning only by an `allow` directive placed on
//! the statement, with its reason.

mod allow;
mod bounded;
mod dial;
mod explore;
mod facts;
mod fast;
mod intent;
mod locate;
mod report;
mod sizes;
mod state;
mod value;
mod walk;

use super::Spans;
use crate::ast;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir;

/// Adds the path analyses' findings to `problems`.
pub(super) fn verify(
    flow: &ir::Flow,
    source: &ast::Flow,
    spans: &Spans,
    mut problems: Vec<Problem>,
) -> Vec<Problem> {
    let locate = locate::Locator::new(flow, &spans.stmts);
    let text_limits = text_limits(source, flow);
    let intents = intent::Intents::resolve(source, flow, &mut problems);
    let view = walk::Flow {
        ir: flow,
        locate: &locate,
        sites: &spans.sites,
        text_limits: &text_limits,
        intents: &intents,
    };
    let mut explorer = explore::Explorer::new(&view, spans);
    explorer.run();
    for site in bounded::unbounded(&explorer.graph) {
        explorer.findings.add(
            Problem::error(
                Code::VerifyUnboundedLoop,
                "this action can be sent again and again with nothing to stop it",
                view.site_span(site),
                "its result leads back here on some path",
            )
            .with_help(format!(
                "count the attempts in a variable set once (not in an `enter` block) and end the call after a few; the SMA stops a call after {} invocations",
                facts::MAX_INVOCATIONS
            )),
        );
    }
    problems.extend(explorer.findings.into_problems());
    allow::apply(source, &mut problems);
    problems
}

/// The declared `N` of each `text(N)` variable, by variable id.
fn text_limits(source: &ast::Flow, flow: &ir::Flow) -> Vec<Option<u32>> {
    let declared: Vec<&ast::VarDecl> = source
        .items
        .iter()
        .filter_map(|i| match i {
            ast::Item::Var(v) => Some(v),
            _ => None,
        })
        .collect();
    flow.vars
        .iter()
        .map(|v| {
            let decl = declared.iter().find(|d| d.name.name == v.name)?;
            if decl.ty.name.name != "text" {
                return None;
            }
            decl.ty.max_len.and_then(|n| u32::try_from(n).ok())
        })
        .collect()
}
