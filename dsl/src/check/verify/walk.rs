//! One answer, path by path: a handler's statements run over the abstract call, each path
//! carrying the call as that path leaves it, the actions it sends and the conditions it took.
//! Uses of legs, recording operations, listeners and values are checked as each path meets them.

use super::facts;
use super::intent::Intents;
use super::locate::{Locator, listens};
use super::report::Findings;
use super::state::{Call, Leg, Pending};
use super::value::{AVal, Env};
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, Expr, LegRef, StateId, Stmt};
use interpreter::wire::ActionKind;
use std::cell::Cell;

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

const LEG_HELP: &str =
    "use the callee only after `after bridge`, behind `if callee.connected { ... }`";

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

    /// Checks that `target` names a connected leg; `what` says what is sent to it.
    fn leg_in_use(&mut self, legs: &[LegRef], call: &Call, span: Span, what: &str, code: Code) {
        if legs.is_empty() {
            self.findings.add(
                Problem::error(
                    code,
                    format!("{what} is sent to a leg variable that holds no leg"),
                    span,
                    "the variable is unset here",
                )
                .with_help("give the `leg` variable a value before it is used"),
            );
        }
        for leg in legs {
            let state = call.leg(*leg);
            if state == Leg::Up {
                continue;
            }
            let name = match leg {
                LegRef::A => "the caller's leg",
                LegRef::B => "the callee's leg",
            };
            self.findings.add(
                Problem::error(
                    code,
                    format!(
                        "{what} is sent to {name}, which {} on some path",
                        state.describe()
                    ),
                    span,
                    format!("{name} {} here", state.describe()),
                )
                .with_help(LEG_HELP),
            );
        }
    }

    pub(super) fn action(&mut self, site: ir::SiteId, action: &ir::ActionTemplate, p: &mut Path) {
        let span = self.flow.site_span(site);
        let kind = action.kind();
        let verb = interpreter::verb::verb_of(kind);
        if let Some(target) = facts::addressed_leg(action) {
            let legs = self.env(&p.call).target(target).legs();
            self.leg_in_use(
                &legs,
                &p.call,
                span,
                &format!("`{verb}`"),
                Code::VerifyLegNotUp,
            );
            if !self.resending {
                self.flow.intents.check_action(self, action, &legs, p, span);
            }
            if kind == ActionKind::Hangup
                && let [leg] = legs.as_slice()
                && p.call.leg(*leg) == Leg::Up
            {
                p.call.set_leg(*leg, Leg::Hanging);
            }
        } else if !self.resending {
            self.flow.intents.check_action(self, action, &[], p, span);
            if let ir::ActionTemplate::CallAndBridge { to, via: None, .. } = action
                && !super::dial::proven(to, p, super::dial::Trust::Flow)
            {
                self.findings.add(
                    Problem::error(
                        Code::VerifyDialPolicy,
                        "this bridge can dial a number outside the dial policy",
                        span,
                        "the number is not tested with `dialable(...)` on some path",
                    )
                    .with_help(
                        "test the number first: `if not dialable(n) { play sorry to caller; ... }`, so that a refused number gets a prompt; the handler refuses the bridge anyway",
                    ),
                );
            }
        }
        let before = p.call.snapshot();
        if facts::creates_leg(kind) && matches!(p.call.b, Leg::Absent | Leg::Gone) {
            p.call.b = Leg::Ringing;
        }
        let n = facts::action_count(action, p.call.connected_legs());
        p.count += n;
        p.sent.push(Pending { kind, site, before });
    }

    pub(super) fn recording(&mut self, site: ir::SiteId, op: &ir::RecordingOp, p: &mut Path) {
        let span = self.flow.site_span(site);
        let (from, to) = facts::recording_transition(op);
        let verb = facts::recording_verb(op);
        let before = p.call.snapshot();
        let mut leg = p.call.recording_leg;
        if let ir::RecordingOp::Start { on, .. } = op {
            let legs = self.env(&p.call).target(*on).legs();
            self.leg_in_use(
                &legs,
                &p.call,
                span,
                &format!("`{verb}`"),
                Code::VerifyLegNotUp,
            );
            leg = legs.first().copied();
        }
        if from.contains(&p.call.recording) {
            p.call.recording = to;
            p.call.recording_leg = leg;
        } else {
            let now = p.call.recording.as_str();
            let help = match op {
                ir::RecordingOp::Start { .. } => {
                    "a leg is recorded once: start it in one place, and guard it with `if recording is idle`"
                }
                ir::RecordingOp::Resume => "resume only from `recording is paused`",
                ir::RecordingOp::Pause => "pause only where `recording is active`",
                ir::RecordingOp::Stop => {
                    "stop only where `recording is running` (active or paused)"
                }
            };
            self.findings.add(
                Problem::error(
                    Code::VerifyRecordingState,
                    format!("`{verb}` can run while the recording is {now}"),
                    span,
                    format!("the recording is {now} on some path here"),
                )
                .with_help(help),
            );
        }
        p.count += 1;
        p.sent.push(Pending {
            kind: op.kind(),
            site,
            before,
        });
    }

    pub(super) fn listen(&mut self, site: ir::SiteId, listener: ir::ListenerId, p: &mut Path) {
        let span = self.flow.site_span(site);
        if let Some(l) = self.flow.ir.listeners.get(usize::from(listener)) {
            let legs = self.env(&p.call).target(l.leg).legs();
            let what = format!("the listener `{}`", l.name);
            self.leg_in_use(&legs, &p.call, span, &what, Code::VerifyListenerLeg);
            if !self.resending {
                self.flow.intents.check_listen(self, &legs, p, span);
            }
        }
        let before = p.call.snapshot();
        p.call.arm(listener);
        if listener < 64 {
            p.armed_here |= 1u64 << listener;
        }
        p.count += 1;
        p.sent.push(Pending {
            kind: ActionKind::ReceiveDigits,
            site,
            before,
        });
    }

    fn assign(&mut self, var: ir::VarId, value: &Expr, span: Span, p: &mut Path) {
        let env = self.env(&p.call);
        let v = env.eval(value);
        if env.unset_arithmetic.get() {
            self.findings.add(
                Problem::error(
                    Code::VerifyUnsetValue,
                    "an unset value takes part in arithmetic",
                    span,
                    "a value here may be `none` on some path",
                )
                .with_help("give the variable a starting value (`var n int = 0`) or test it with `!= none` first"),
            );
        }
        if let Some(Some(limit)) = self.flow.text_limits.get(usize::from(var)) {
            let bound = super::sizes::bound(value, &v, &p.facts);
            if bound.is_none_or(|b| b > *limit) {
                let name = self
                    .flow
                    .ir
                    .vars
                    .get(usize::from(var))
                    .map_or("?", |x| x.name.as_str());
                let what = bound.map_or("text of any length".to_owned(), |b| {
                    format!("up to {b} characters")
                });
                self.findings.add(
                    Problem::error(
                        Code::VerifyValueTooLong,
                        format!("`{name}` holds {limit} characters, but this can assign {what}"),
                        span,
                        format!("{what} into `text({limit})`"),
                    )
                    .with_help(format!(
                        "declare `{name}` longer, bound the input (`max {limit}`), or test `len(...) <= {limit}` first"
                    )),
                );
            }
        }
        let v = match (self.flow.ir.vars.get(usize::from(var)).map(|x| x.ty), v) {
            (Some(ir::ValueType::Int | ir::ValueType::Duration), AVal::Any { maybe_none, .. }) => {
                AVal::Any {
                    maybe_none,
                    max_len: Some(20),
                }
            }
            (_, v) => v,
        };
        if let Some(slot) = p.call.vars.get_mut(usize::from(var)) {
            *slot = v;
        }
        // What was known about the variable no longer holds.
        p.facts.retain(|(e, _)| !mentions(e, var));
    }

    /// `continue`: the rest of the list in which an action failed is sent again.
    fn resend(&mut self, p: &mut Path) {
        let Some((list, at)) = &self.event.failed else {
            return;
        };
        let mut last_site = None;
        self.resending = true;
        for entry in list.iter().skip(at.saturating_add(1)) {
            if Some(entry.site) == last_site {
                continue;
            }
            last_site = Some(entry.site);
            let before = p.count;
            match self.flow.locate.site(entry.site) {
                Some(Stmt::Action { site, action }) => self.action(*site, action, p),
                Some(Stmt::Recording { site, op }) => self.recording(*site, op, p),
                Some(Stmt::Listen { site, listener }) => self.listen(*site, *listener, p),
                _ => {}
            }
            p.resent += p.count.saturating_sub(before);
        }
        self.resending = false;
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

/// Whether an expression reads a variable.
fn mentions(e: &Expr, var: ir::VarId) -> bool {
    match e {
        Expr::Var(v) => *v == var,
        Expr::Leg(ir::Target::Var(v))
        | Expr::LegNumber(ir::Target::Var(v))
        | Expr::LegConnected(ir::Target::Var(v)) => *v == var,
        Expr::Area(x) | Expr::Not(x) | Expr::Neg(x) => mentions(x, var),
        Expr::Call(_, xs) => xs.iter().any(|x| mentions(x, var)),
        Expr::Binary(_, l, r) => mentions(l, var) || mentions(r, var),
        Expr::In(x, xs) => mentions(x, var) || xs.iter().any(|x| mentions(x, var)),
        _ => false,
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
