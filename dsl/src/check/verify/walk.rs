//! One answer, path by path: a handler's statements run over the abstract call, each path
//! carrying the call as that path leaves it, the actions it sends and the conditions it took.
//! Uses of legs, recording operations, listeners and values are checked as each path meets them.

use super::intent::Intents;
use super::locate::{Locator, listens};
use super::report::Findings;
use super::state::{Call, Pending};
use super::value::{AVal, Env};
use crate::ast::Span;
use interpreter::ir::{self, Expr, LegRef, StateId, Stmt};
use std::cell::Cell;

mod assign;
mod send;

/// The event a handler answers, as the walk needs it.
#[derive(Debug, Clone, Default)]
pub struct EventCtx {
    pub leg: Option<LegRef>,
    pub digits: Option<u32>,
    /// For a failure: the list that was running and the index of the action that failed.
    pub failed: Option<(Vec<Pending>, usize)>,
}

/// What the walk reads about the flow.
pub struct Flow<'f> {
    pub ir: &'f ir::Flow,
    pub locate: &'f Locator<'f>,
    pub sites: &'f [Span],
    /// The declared length of each `text(N)` variable.
    pub text_limits: &'f [Option<u32>],
    pub intents: &'f Intents,
}

impl Flow<'_> {
    pub fn site_span(&self, site: ir::SiteId) -> Span {
        self.sites
            .get(usize::from(site))
            .copied()
            .unwrap_or_default()
    }
}

/// One way through a handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub call: Call,
    /// The actions of this answer, in order.
    pub sent: Vec<Pending>,
    pub count: usize,
    /// Actions sent again by `continue`.
    pub resent: usize,
    pub finished: bool,
    /// Conditions that hold on this path.
    pub facts: Vec<(Expr, bool)>,
    /// A `match` that nothing matched on this path.
    pub unmatched: Option<Span>,
    /// The last statement that ended or moved the call on.
    pub last: Option<Span>,
    /// Listeners whose `listen` sits in a branch this path did not take.
    pub declined: u64,
    /// Listeners this answer armed.
    pub armed_here: u64,
}

impl Path {
    pub fn start(call: Call) -> Self {
        Self {
            call,
            sent: Vec::new(),
            count: 0,
            resent: 0,
            finished: false,
            facts: Vec::new(),
            unmatched: None,
            last: None,
            declined: 0,
            armed_here: 0,
        }
    }
}

pub struct Walker<'a, 'f> {
    pub flow: &'a Flow<'f>,
    pub event: &'a EventCtx,
    pub findings: &'a mut Findings,
    entering: Vec<StateId>,
    /// Sending again what `continue` resends: the properties were proven where it was first
    /// sent, under that path's conditions, which this path no longer carries.
    resending: bool,
}

impl<'a, 'f> Walker<'a, 'f> {
    pub fn new(flow: &'a Flow<'f>, event: &'a EventCtx, findings: &'a mut Findings) -> Self {
        Self {
            flow,
            event,
            findings,
            entering: Vec::new(),
            resending: false,
        }
    }

    fn env<'c>(&self, call: &'c Call) -> Env<'c> {
        Env {
            call,
            event_leg: self.event.leg,
            digits: self.event.digits,
            unset_arithmetic: Cell::new(false),
        }
    }

    pub fn block(&mut self, block: &ir::Block, paths: Vec<Path>) -> Vec<Path> {
        let mut paths = paths;
        for stmt in &block.0 {
            let mut next = Vec::new();
            for p in paths {
                if p.finished {
                    next.push(p);
                } else {
                    next.extend(self.stmt(stmt, p));
                }
            }
            paths = dedup(next);
        }
        paths
    }

    fn span_of(&self, stmt: &Stmt) -> Span {
        self.flow.locate.span(stmt).unwrap_or_default()
    }

    fn stmt(&mut self, stmt: &Stmt, mut p: Path) -> Vec<Path> {
        let span = self.span_of(stmt);
        match stmt {
            Stmt::Action { site, action } => {
                self.action(*site, action, &mut p);
                vec![p]
            }
            Stmt::Recording { site, op } => {
                self.recording(*site, op, &mut p);
                vec![p]
            }
            Stmt::Listen { site, listener } => {
                self.listen(*site, *listener, &mut p);
                vec![p]
            }
            Stmt::Assign { var, value } => {
                self.assign(*var, value, span, &mut p);
                vec![p]
            }
            Stmt::If {
                cond,
                then,
                otherwise,
            } => {
                let truth = self.env(&p.call).eval(cond).truth();
                let mut out = Vec::new();
                if truth != Some(false) {
                    let mut q = p.clone();
                    if truth.is_none() {
                        assume(&mut q.facts, cond, true);
                    }
                    out.extend(self.block(then, vec![q]));
                }
                if truth != Some(true) {
                    let mut q = p;
                    if truth.is_none() {
                        assume(&mut q.facts, cond, false);
                    }
                    q.declined |= declined_in(self.flow.ir, then);
                    out.extend(self.block(otherwise, vec![q]));
                }
                out
            }
            Stmt::Match {
                scrutinee,
                arms,
                otherwise,
            } => self.matching(scrutinee, arms, otherwise, span, p),
            Stmt::Goto(id) => {
                p.last = Some(span);
                self.goto(*id, p)
            }
            Stmt::Note(_) => vec![p],
            Stmt::Continue => {
                self.resend(&mut p);
                vec![p]
            }
            Stmt::Done => {
                p.last = Some(span);
                p.finished = true;
                vec![p]
            }
        }
    }

    fn matching(
        &mut self,
        scrutinee: &Expr,
        arms: &[ir::Arm],
        otherwise: &ir::Block,
        span: Span,
        p: Path,
    ) -> Vec<Path> {
        let value = self.env(&p.call).eval(scrutinee);
        let mut out = Vec::new();
        let mut surely_matched = false;
        for arm in arms {
            let env = self.env(&p.call);
            let hits: Vec<AVal> = arm.patterns.iter().map(|x| env.eval(x)).collect();
            let exact = !matches!(value, AVal::Any { .. })
                && hits.iter().all(|h| !matches!(h, AVal::Any { .. }));
            let hit = if exact {
                Some(hits.contains(&value))
            } else {
                None
            };
            let guard = arm.guard.as_ref().map(|g| env.eval(g).truth());
            let takes = match (hit, guard) {
                (Some(false), _) | (_, Some(Some(false))) => continue,
                (Some(true), None | Some(Some(true))) => Some(true),
                _ => None,
            };
            out.extend(self.block(&arm.body, vec![p.clone()]));
            if takes == Some(true) {
                surely_matched = true;
                break;
            }
        }
        if !surely_matched {
            let mut q = p;
            if otherwise.0.is_empty() {
                q.unmatched = q.unmatched.or(Some(span));
            }
            out.extend(self.block(otherwise, vec![q]));
        }
        out
    }

    fn goto(&mut self, id: StateId, mut p: Path) -> Vec<Path> {
        p.call.state = Some(id);
        let Some(state) = self.flow.ir.state(id) else {
            p.finished = true;
            return vec![p];
        };
        // A `goto` loop that never waits is reported by the flow-wide analysis.
        if self.entering.contains(&id) {
            p.finished = true;
            return vec![p];
        }
        self.entering.push(id);
        let mut out = self.block(&state.enter, vec![p]);
        self.entering.pop();
        for q in &mut out {
            q.finished = true;
        }
        out
    }
}

/// Records that `cond` is `holds` on a path, split into the parts that must then hold.
fn assume(facts: &mut Vec<(Expr, bool)>, cond: &Expr, holds: bool) {
    match cond {
        Expr::Not(x) => assume(facts, x, !holds),
        Expr::Binary(ir::BinaryOp::And, l, r) if holds => {
            assume(facts, l, true);
            assume(facts, r, true);
        }
        Expr::Binary(ir::BinaryOp::Or, l, r) if !holds => {
            assume(facts, l, false);
            assume(facts, r, false);
        }
        _ => facts.push((cond.clone(), holds)),
    }
}

/// The listeners armed somewhere in a block not taken.
fn declined_in(flow: &ir::Flow, block: &ir::Block) -> u64 {
    (0..flow.listeners.len().min(64))
        .filter_map(|i| u16::try_from(i).ok())
        .filter(|l| listens(block, *l))
        .fold(0, |acc, l| acc | (1u64 << l))
}

fn dedup(paths: Vec<Path>) -> Vec<Path> {
    let mut out: Vec<Path> = Vec::with_capacity(paths.len());
    for p in paths {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}
