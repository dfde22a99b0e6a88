//! Every event the service can send, at every point a call can be in: the abstract calls
//! reachable from a new call, each answered by the handler the runtime would pick, walked path by
//! path. What an answer leaves behind is checked here (silence, a hang-up left half done, a
//! listener not armed again); loops driven only by results are found on the graph afterwards.

use super::facts;
use super::fast::FastMap;
use super::report::Findings;
use super::state::{Call, Leg};
use super::walk::{EventCtx, Flow, Path, Walker};
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, LegRef, ListenerId, RecordingState, SiteId, Trigger};
use interpreter::wire::ActionKind;
use interpreter::wire::limits::MAX_ACTIONS;

/// Exploration stops here; a flow this large is reported as far as it was explored.
const MAX_NODES: usize = 20_000;

/// An event the service sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ev {
    NewCall,
    Answered,
    Succeeded(ActionKind, SiteId),
    /// The action at this index of the running list failed.
    Failed(usize, ActionKind),
    Digits(ListenerId, LegRef),
    Hangup(LegRef),
    Update,
}

impl Ev {
    /// Events that follow from what the flow sent, not from a party's choice.
    pub fn driven_by_results(self) -> bool {
        matches!(self, Ev::Succeeded(..) | Ev::Failed(..))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub ev: Ev,
    /// The action whose result the event is.
    pub site: Option<SiteId>,
}

#[derive(Default)]
pub struct Graph {
    pub nodes: Vec<Call>,
    pub edges: Vec<Edge>,
    index: FastMap<Call, usize>,
}

impl Graph {
    fn node(&mut self, call: Call, queue: &mut Vec<usize>) -> usize {
        // One hash per call met, whether new or not.
        match self.index.entry(call) {
            std::collections::hash_map::Entry::Occupied(e) => *e.get(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let i = self.nodes.len();
                self.nodes.push(e.key().clone());
                e.insert(i);
                queue.push(i);
                i
            }
        }
    }
}

/// A fresh call, before its first event.
pub fn fresh(flow: &ir::Flow) -> Call {
    Call {
        state: None,
        a: Leg::Up,
        b: Leg::Absent,
        recording: RecordingState::Idle,
        recording_leg: None,
        armed: 0,
        vars: flow
            .vars
            .iter()
            .map(|v| super::value::AVal::of(&v.init))
            .collect(),
        pending: Vec::new(),
    }
}

pub struct Explorer<'a, 'f> {
    pub flow: &'a Flow<'f>,
    pub spans: &'a crate::check::Spans,
    pub findings: Findings,
    pub graph: Graph,
}

impl<'a, 'f> Explorer<'a, 'f> {
    pub fn new(flow: &'a Flow<'f>, spans: &'a crate::check::Spans) -> Self {
        Self {
            flow,
            spans,
            findings: Findings::default(),
            graph: Graph::default(),
        }
    }

    pub fn run(&mut self) {
        let mut queue = Vec::new();
        let start = fresh(self.flow.ir);
        let root = self.graph.node(start.clone(), &mut Vec::new());
        for ev in [Ev::NewCall, Ev::Answered] {
            self.step(root, &start, ev, &mut queue);
        }
        while let Some(i) = queue.pop() {
            if self.graph.nodes.len() > MAX_NODES {
                break;
            }
            let Some(call) = self.graph.nodes.get(i).cloned() else {
                continue;
            };
            for ev in self.events(&call) {
                self.step(i, &call, ev, &mut queue);
            }
        }
    }

    fn events(&self, call: &Call) -> Vec<Ev> {
        let mut out = Vec::new();
        if let Some(last) = call.pending.last() {
            out.push(Ev::Succeeded(last.kind, last.site));
        }
        let mut seen = Vec::new();
        for (i, p) in call.pending.iter().enumerate() {
            if facts::can_fail(p.kind) && !seen.contains(&p.site) {
                seen.push(p.site);
                out.push(Ev::Failed(i, p.kind));
            }
        }
        for leg in [LegRef::A, LegRef::B] {
            if matches!(call.leg(leg), Leg::Up | Leg::Hanging) {
                out.push(Ev::Hangup(leg));
            }
        }
        for (i, _) in self.flow.ir.listeners.iter().enumerate() {
            let Ok(id) = ListenerId::try_from(i) else {
                continue;
            };
            if call.is_armed(id)
                && let Some(leg) = listener_leg(self.flow.ir, call, id)
                && call.leg(leg) == Leg::Up
            {
                out.push(Ev::Digits(id, leg));
            }
        }
        out.push(Ev::Update);
        out
    }

    fn step(&mut self, from: usize, call: &Call, ev: Ev, queue: &mut Vec<usize>) {
        // Silence already there before the event is reported where it began.
        let was_silent = !matches!(ev, Ev::NewCall | Ev::Answered) && self.silent(call);
        let mut pre = call.clone();
        let mut ctx = EventCtx::default();
        let mut site = None;
        let sync = match ev {
            Ev::NewCall | Ev::Answered => true,
            Ev::Succeeded(kind, s) => {
                site = Some(s);
                pre.pending.clear();
                if facts::creates_leg(kind) && pre.b == Leg::Ringing {
                    pre.b = Leg::Up;
                }
                ctx.digits = match self.flow.locate.site(s) {
                    Some(ir::Stmt::Action { action, .. }) => facts::collected_digits(action),
                    _ => None,
                };
                true
            }
            Ev::Failed(i, _) => {
                let Some(entry) = call.pending.get(i) else {
                    return;
                };
                site = Some(entry.site);
                pre.restore(&entry.before);
                ctx.failed = Some((call.pending.clone(), i));
                pre.pending.clear();
                true
            }
            Ev::Hangup(leg) => {
                pre.set_leg(leg, Leg::Gone);
                pre.pending.clear();
                ctx.leg = Some(leg);
                false
            }
            Ev::Digits(id, leg) => {
                pre.disarm(id);
                ctx.leg = Some(leg);
                false
            }
            Ev::Update => false,
        };
        if !pre.any_up() {
            return;
        }
        let handler =
            select(self.flow.ir, &pre, ev).map(|(h, home)| (h, self.handler_span(h, home)));
        let Some((handler, hspan)) = handler else {
            if matches!(ev, Ev::NewCall | Ev::Answered) {
                return;
            }
            let mut c = pre;
            if sync {
                c.pending.clear();
            }
            let path = Path::start(c);
            self.finish(from, ev, site, None, path, was_silent, queue);
            return;
        };
        let results = {
            let mut walker = Walker::new(self.flow, &ctx, &mut self.findings);
            walker.block(&handler.body, vec![Path::start(pre)])
        };
        for mut path in results {
            if path.sent.is_empty() && sync {
                path.call.pending.clear();
            } else if !path.sent.is_empty() {
                path.call.pending = std::mem::take(&mut path.sent);
            }
            self.finish(from, ev, site, Some(hspan), path, was_silent, queue);
        }
    }

    fn handler_span(&self, h: &ir::Handler, home: Option<ir::StateId>) -> Span {
        let found = match home {
            None => self
                .flow
                .ir
                .handlers
                .iter()
                .position(|x| std::ptr::eq(x, h))
                .and_then(|i| self.spans.handlers.get(i)),
            Some(s) => self.flow.ir.state(s).and_then(|st| {
                st.handlers
                    .iter()
                    .position(|x| std::ptr::eq(x, h))
                    .and_then(|i| self.spans.state_handlers.get(usize::from(s))?.get(i))
            }),
        };
        found.copied().unwrap_or(self.spans.flow_name)
    }

    /// Checks what an answer left behind and adds the call it leaves to the graph.
    #[expect(
        clippy::too_many_arguments,
        reason = "one event's whole outcome, checked in one place"
    )]
    fn finish(
        &mut self,
        from: usize,
        ev: Ev,
        site: Option<SiteId>,
        handler: Option<Span>,
        path: Path,
        was_silent: bool,
        queue: &mut Vec<usize>,
    ) {
        let c = &path.call;
        if path.resent > 0 && path.count > MAX_ACTIONS {
            let span = path.last.or(handler).unwrap_or(self.spans.flow_name);
            self.findings.add(
                Problem::error(
                    Code::VerifyContinueTooLong,
                    format!(
                        "with what `continue` sends again, this answer can hold {} actions; the SMA accepts at most {MAX_ACTIONS}",
                        path.count
                    ),
                    handler.unwrap_or(span),
                    format!("{} actions sent again here", path.resent),
                )
                .with_help("send fewer actions after `continue`, or wait for a result before sending more"),
            );
        }
        // The SMA refuses a longer answer (reported above or by the flow-wide analysis): the
        // call does not go on from it, and lists grown by `continue` stay finite.
        if path.count > MAX_ACTIONS {
            return;
        }
        if !was_silent && self.silent(c) {
            self.report_silence(ev, site, handler, &path);
        }
        if let Ev::Digits(id, _) = ev {
            self.check_rearm(id, handler, &path);
        }
        if !c.alive() {
            return;
        }
        let to = self.graph.node(path.call, queue);
        self.graph.edges.push(Edge { from, to, ev, site });
    }

    fn silent(&self, c: &Call) -> bool {
        if !c.any_up() || (c.a == Leg::Up && c.b == Leg::Up) {
            return false;
        }
        if c.a == Leg::Hanging || c.b == Leg::Hanging || c.b == Leg::Ringing {
            return false;
        }
        if c.pending.iter().any(|p| facts::awaited(p.kind)) {
            return false;
        }
        !self.flow.ir.listeners.iter().enumerate().any(|(i, _)| {
            ListenerId::try_from(i).is_ok_and(|id| {
                c.is_armed(id)
                    && listener_leg(self.flow.ir, c, id).is_some_and(|l| c.leg(l) == Leg::Up)
            })
        })
    }

    fn report_silence(&mut self, ev: Ev, site: Option<SiteId>, handler: Option<Span>, path: &Path) {
        let hangup = matches!(ev, Ev::Hangup(_));
        let code = if hangup {
            Code::VerifyHangupIncomplete
        } else {
            Code::VerifySilence
        };
        let problem = match handler {
            None => {
                let span = site.map_or(self.spans.flow_name, |s| self.flow.site_span(s));
                let (message, label) = match ev {
                    Ev::Failed(..) => (
                        "if this fails, nothing more is sent and the call waits in silence",
                        "when this fails, nothing handles it",
                    ),
                    Ev::Hangup(_) => (
                        "when one party hangs up, nothing hangs up or goes on with the other",
                        "nothing answers the hang-up here",
                    ),
                    _ => (
                        "when this ends, nothing more is sent and the call waits in silence",
                        "nothing handles its result",
                    ),
                };
                let span = if hangup {
                    path.call
                        .state
                        .and_then(|s| self.spans.states.get(usize::from(s)).copied())
                        .unwrap_or(span)
                } else {
                    span
                };
                Problem::error(code, message, span, label)
            }
            Some(hspan) => {
                let (span, label) = match (path.unmatched, path.last) {
                    (Some(m), _) => (m, "no arm matches on some path, and nothing is sent"),
                    (None, Some(l)) => (l, "the answer ends here with nothing sent or awaited"),
                    (None, None) => (hspan, "this answer sends nothing the call can wait for"),
                };
                let message = if hangup {
                    "after one party hangs up, the other is left connected with nothing sent"
                } else {
                    "the call waits in silence: nothing is sent, nothing is awaited, no one else is on the line"
                };
                let p = Problem::error(code, message, span, label);
                if span == hspan {
                    p
                } else {
                    p.with_label(hspan, "in the answer to this event")
                }
            }
        };
        let help = if hangup {
            "hang up the other leg (`if callee.connected { hangup callee }`), or go on with it"
        } else {
            "send something (a prompt, a collect, a bridge), hang up, or add an `else` that does"
        };
        self.findings.add(problem.with_help(help));
    }

    fn check_rearm(&mut self, id: ListenerId, handler: Option<Span>, path: &Path) {
        let bit = if id < 64 { 1u64 << id } else { 0 };
        let Some(hspan) = handler else { return };
        if path.armed_here & bit != 0 || path.declined & bit != 0 {
            return;
        }
        let c = &path.call;
        let Some(leg) = listener_leg(self.flow.ir, c, id) else {
            return;
        };
        if c.leg(leg) != Leg::Up || select(self.flow.ir, c, Ev::Digits(id, leg)).is_none() {
            return;
        }
        let name = self
            .flow
            .ir
            .listeners
            .get(usize::from(id))
            .map_or("?", |l| l.name.as_str());
        let mut p = Problem::error(
            Code::VerifyListenerNotArmed,
            format!("after one key, `{name}` is not armed again on some path, but the call still expects its digits"),
            hspan,
            "some path of this handler does not arm the listener again",
        )
        .with_help(format!(
            "`listen {name}` on every path that keeps listening; to stop, do it behind a condition (`if ... {{ listen {name} }}`)"
        ));
        if let Some(m) = path.unmatched {
            p = p.with_label(m, "for instance when no arm matches");
        }
        self.findings.add(p);
    }
}

/// The leg a listener is on, for the call as it is.
pub fn listener_leg(flow: &ir::Flow, call: &Call, id: ListenerId) -> Option<LegRef> {
    let l = flow.listeners.get(usize::from(id))?;
    match l.leg {
        ir::Target::Leg(leg) => Some(leg),
        ir::Target::Var(v) => match call.vars.get(usize::from(v))? {
            super::value::AVal::Leg(leg) => Some(*leg),
            _ => None,
        },
    }
}

fn matches(flow: &ir::Flow, call: &Call, trigger: &Trigger, ev: Ev) -> bool {
    match (trigger, ev) {
        (Trigger::NewCall, Ev::NewCall)
        | (Trigger::Answered, Ev::Answered)
        | (Trigger::Update, Ev::Update)
        | (Trigger::Digits(None), Ev::Digits(..))
        | (Trigger::Hangup(None), Ev::Hangup(_)) => true,
        (Trigger::Succeeded(kinds), Ev::Succeeded(k, _)) => kinds.contains(&k),
        (Trigger::Failed(kinds), Ev::Failed(_, k)) => kinds.is_empty() || kinds.contains(&k),
        (Trigger::Digits(Some(id)), Ev::Digits(_, leg)) => {
            listener_leg(flow, call, *id) == Some(leg)
        }
        (Trigger::Hangup(Some(l)), Ev::Hangup(leg)) => *l == leg,
        _ => false,
    }
}

/// The handler the runtime picks: the state's own first, then the flow-wide ones, the most
/// specific of each.
pub fn select<'f>(
    flow: &'f ir::Flow,
    call: &Call,
    ev: Ev,
) -> Option<(&'f ir::Handler, Option<ir::StateId>)> {
    let own = call
        .state
        .and_then(|id| flow.state(id))
        .map(|s| s.handlers.as_slice())
        .unwrap_or_default();
    for (scope, home) in [(own, call.state), (flow.handlers.as_slice(), None)] {
        let best = scope
            .iter()
            .filter(|h| matches(flow, call, &h.trigger, ev))
            .max_by_key(|h| h.trigger.specificity());
        if let Some(h) = best {
            return Some((h, home));
        }
    }
    None
}
