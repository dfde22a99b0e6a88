//! `allow CODE "reason"`: the one way to lower a path-analysis finding to a warning. The
//! directive sits on the line before the statement the finding points at (or last in a handler,
//! for a finding about the whole handler), and says why; one that names no such finding, or
//! gives no reason, is itself an error, so every exception stays visible and explained.

use crate::ast::{self, Span, StmtKind};
use crate::codes::Code;
use crate::diagnostic::Problem;
use miette::Severity;

struct Directive {
    code: String,
    reason: String,
    span: Span,
    /// Where the findings it lowers are.
    region: Span,
    used: bool,
}

/// Lowers the findings that a directive covers, and reports directives that are wrong.
pub fn apply(source: &ast::Flow, problems: &mut Vec<Problem>) {
    let mut directives = Vec::new();
    for item in &source.items {
        match item {
            ast::Item::Handler(h) => collect(&h.body, h.trigger.span, &mut directives),
            ast::Item::Block(b) => collect(&b.body, b.name.span, &mut directives),
            ast::Item::State(s) => {
                if let Some(e) = &s.enter {
                    collect(e, s.name.span, &mut directives);
                }
                for h in &s.handlers {
                    collect(&h.body, h.trigger.span, &mut directives);
                }
            }
            _ => {}
        }
    }
    for p in problems.iter_mut() {
        if !p.code.as_str().starts_with("flow::verify::") || !p.is_error() {
            continue;
        }
        let at = p.primary_span();
        if let Some(d) = directives.iter_mut().find(|d| {
            d.code == p.code.as_str()
                && !d.reason.trim().is_empty()
                && d.region.start <= at.start
                && at.end <= d.region.end
        }) {
            d.used = true;
            p.severity = Severity::Warning;
            p.labels.push(crate::diagnostic::Label {
                span: d.span,
                text: format!("lowered to a warning: {}", d.reason),
            });
        }
    }
    for d in directives {
        let known = Code::parse(&d.code).is_some_and(|c| c.as_str().starts_with("flow::verify::"));
        let problem = if !known {
            Some((
                format!("`{}` is not a finding that can be allowed", d.code),
                "only `flow::verify::...` findings can be lowered",
            ))
        } else if d.reason.trim().is_empty() {
            Some(("an `allow` must say why".to_owned(), "the reason is empty"))
        } else if !d.used {
            Some((
                format!("nothing here is found as `{}`", d.code),
                "this directive lowers nothing",
            ))
        } else {
            None
        };
        if let Some((message, label)) = problem {
            problems.push(
                Problem::error(Code::VerifyDirective, message, d.span, label).with_help(
                    "write `allow CODE \"why\"` on the line before the statement the finding points at",
                ),
            );
        }
    }
}

fn collect(block: &ast::Block, owner: Span, out: &mut Vec<Directive>) {
    for (i, stmt) in block.stmts.iter().enumerate() {
        match &stmt.kind {
            StmtKind::Allow { code, reason } => {
                let region = block.stmts.get(i + 1).map_or(owner, |next| next.span);
                out.push(Directive {
                    code: code.name.clone(),
                    reason: reason.value.clone(),
                    span: stmt.span,
                    region,
                    used: false,
                });
            }
            StmtKind::If {
                then, otherwise, ..
            } => {
                collect(then, owner, out);
                if let Some(o) = otherwise {
                    collect(o, owner, out);
                }
            }
            StmtKind::Match {
                arms, otherwise, ..
            } => {
                for a in arms {
                    collect(&a.body, owner, out);
                }
                if let Some(o) = otherwise {
                    collect(o, owner, out);
                }
            }
            _ => {}
        }
    }
}
