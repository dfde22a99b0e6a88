//! Where each statement of the compiled flow came from. The checker records the span of every
//! statement it lowers, children before their parent, handler by handler; walking the compiled
//! flow in the same order pairs each statement with its span.

use super::fast::FastMap;
use crate::ast::Span;
use interpreter::ir::{self, Stmt};

pub struct Locator<'f> {
    spans: FastMap<*const Stmt, Span>,
    sites: FastMap<ir::SiteId, &'f Stmt>,
}

impl<'f> Locator<'f> {
    pub fn new(flow: &'f ir::Flow, stmt_spans: &[Span]) -> Self {
        let mut order: Vec<&'f Stmt> = Vec::new();
        for h in &flow.handlers {
            post_order(&h.body, &mut order);
        }
        for s in &flow.states {
            post_order(&s.enter, &mut order);
            for h in &s.handlers {
                post_order(&h.body, &mut order);
            }
        }
        let mut sites = FastMap::default();
        for stmt in &order {
            if let Some(site) = site_of(stmt) {
                sites.entry(site).or_insert(*stmt);
            }
        }
        let spans = order
            .into_iter()
            .zip(stmt_spans.iter().copied())
            .map(|(s, span)| (std::ptr::from_ref(s), span))
            .collect();
        Self { spans, sites }
    }

    pub fn span(&self, stmt: &Stmt) -> Option<Span> {
        self.spans.get(&std::ptr::from_ref(stmt)).copied()
    }

    /// The statement that sends the action of `site`.
    pub fn site(&self, site: ir::SiteId) -> Option<&'f Stmt> {
        self.sites.get(&site).copied()
    }
}

pub fn site_of(stmt: &Stmt) -> Option<ir::SiteId> {
    match stmt {
        Stmt::Action { site, .. } | Stmt::Recording { site, .. } | Stmt::Listen { site, .. } => {
            Some(*site)
        }
        _ => None,
    }
}

fn post_order<'f>(block: &'f ir::Block, out: &mut Vec<&'f Stmt>) {
    for stmt in &block.0 {
        match stmt {
            Stmt::If {
                then, otherwise, ..
            } => {
                post_order(then, out);
                post_order(otherwise, out);
            }
            Stmt::Match {
                arms, otherwise, ..
            } => {
                for arm in arms {
                    post_order(&arm.body, out);
                }
                post_order(otherwise, out);
            }
            _ => {}
        }
        out.push(stmt);
    }
}

/// Whether a block arms `listener` somewhere inside it.
pub fn listens(block: &ir::Block, listener: ir::ListenerId) -> bool {
    block.0.iter().any(|s| match s {
        Stmt::Listen { listener: l, .. } => *l == listener,
        Stmt::If {
            then, otherwise, ..
        } => listens(then, listener) || listens(otherwise, listener),
        Stmt::Match {
            arms, otherwise, ..
        } => arms.iter().any(|a| listens(&a.body, listener)) || listens(otherwise, listener),
        _ => false,
    })
}
