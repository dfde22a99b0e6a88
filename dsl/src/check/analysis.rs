//! Flow-wide analyses on the compiled flow: what each answer can send and in which state the call
//! then waits, so that calls which would go silent, answers too long for the SMA, states nothing
//! reaches or nothing leaves, and call state too large for the attributes are found before
//! deployment.

use super::Spans;
use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;
use interpreter::ir::{self, ActionTemplate, StateId, Stmt, Trigger};
use interpreter::verb::{outcome_of, verb_of};
use interpreter::wire::ActionKind;
use interpreter::wire::limits::MAX_ACTIONS;
use std::collections::{BTreeSet, HashSet};

mod size;
use size::{attribute_size, collect_bridges};

/// Where a path through a handler leaves the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum End {
    /// In the state it was in.
    Stay,
    /// In this state.
    In(StateId),
}

/// One way through a handler, as far as the analyses care.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Path {
    end: End,
    /// How many actions the answer holds (at most, over the merged paths).
    count: usize,
    /// The first site at which the answer exceeds the limit, if it does.
    overflow_at: Option<ir::SiteId>,
    kinds: BTreeSet<ActionKind>,
    /// Where each kind of action is first sent on this path.
    first_site: Vec<(ActionKind, ir::SiteId)>,
    /// Actions followed in the same answer by one that moves the call on: if they fail, the SMA
    /// drops that one too.
    not_last: BTreeSet<ActionKind>,
    last: Option<ActionKind>,
    /// Whether some path hangs up a leg.
    hangs_up: bool,
    finished: bool,
}

impl Path {
    fn start() -> Self {
        Self {
            end: End::Stay,
            count: 0,
            overflow_at: None,
            kinds: BTreeSet::new(),
            first_site: Vec::new(),
            not_last: BTreeSet::new(),
            last: None,
            hangs_up: false,
            finished: false,
        }
    }

    fn send(&mut self, kind: ActionKind, n: usize, site: ir::SiteId) {
        if outcome_of(kind).moves_call_on() {
            self.not_last.extend(self.kinds.iter().copied());
        }
        if kind == ActionKind::Hangup {
            self.hangs_up = true;
        }
        self.count += n;
        if self.count > MAX_ACTIONS && self.overflow_at.is_none() {
            self.overflow_at = Some(site);
        }
        if self.kinds.insert(kind) {
            self.first_site.push((kind, site));
        }
        self.last = Some(kind);
    }
}

struct Walker<'f> {
    flow: &'f ir::Flow,
    /// States whose `enter` blocks are being walked, to catch `goto` loops that never wait.
    entering: Vec<StateId>,
    loops: BTreeSet<StateId>,
}

/// Paths are merged when they agree on everything but the count, keeping the largest count, so
/// that the number of paths stays small however many branches a handler has.
fn merge(paths: Vec<Path>) -> Vec<Path> {
    let mut out: Vec<Path> = Vec::new();
    for p in paths {
        if let Some(q) = out.iter_mut().find(|q| {
            q.end == p.end
                && q.kinds == p.kinds
                && q.not_last == p.not_last
                && q.last == p.last
                && q.hangs_up == p.hangs_up
                && q.finished == p.finished
        }) {
            if p.count > q.count {
                q.count = p.count;
                q.overflow_at = p.overflow_at.or(q.overflow_at);
            }
        } else {
            out.push(p);
        }
    }
    out
}

impl Walker<'_> {
    fn block(&mut self, block: &ir::Block, paths: Vec<Path>) -> Vec<Path> {
        let mut paths = paths;
        for stmt in &block.0 {
            let (done, live): (Vec<Path>, Vec<Path>) = paths.into_iter().partition(|p| p.finished);
            let mut next = done;
            if !live.is_empty() {
                next.extend(self.stmt(stmt, live));
            }
            paths = merge(next);
        }
        paths
    }

    fn stmt(&mut self, stmt: &Stmt, mut paths: Vec<Path>) -> Vec<Path> {
        match stmt {
            Stmt::Action { site, action } => {
                let n = if matches!(action, ActionTemplate::PlayAudioBoth { .. }) {
                    2
                } else {
                    1
                };
                for p in &mut paths {
                    p.send(action.kind(), n, *site);
                }
                paths
            }
            Stmt::Recording { site, op } => {
                for p in &mut paths {
                    p.send(op.kind(), 1, *site);
                }
                paths
            }
            Stmt::Listen { site, .. } => {
                for p in &mut paths {
                    p.send(ActionKind::ReceiveDigits, 1, *site);
                }
                paths
            }
            Stmt::Assign { .. } | Stmt::Note(_) | Stmt::Continue => paths,
            Stmt::If {
                then, otherwise, ..
            } => {
                let mut out = self.block(then, paths.clone());
                out.extend(self.block(otherwise, paths));
                out
            }
            Stmt::Match {
                arms, otherwise, ..
            } => {
                let mut out = Vec::new();
                for arm in arms {
                    out.extend(self.block(&arm.body, paths.clone()));
                }
                out.extend(self.block(otherwise, paths));
                out
            }
            Stmt::Goto(id) => {
                let Some(state) = self.flow.state(*id) else {
                    return paths;
                };
                if self.entering.contains(id) {
                    self.loops.insert(*id);
                    for p in &mut paths {
                        p.finished = true;
                    }
                    return paths;
                }
                for p in &mut paths {
                    p.end = End::In(*id);
                }
                self.entering.push(*id);
                let mut out = self.block(&state.enter, paths);
                self.entering.pop();
                for p in &mut out {
                    p.finished = true;
                }
                out
            }
            Stmt::Done => {
                for p in &mut paths {
                    p.finished = true;
                }
                paths
            }
        }
    }
}

/// Which handlers exist where.
struct Coverage<'f> {
    flow: &'f ir::Flow,
}

impl Coverage<'_> {
    fn handlers(&self, end: End) -> impl Iterator<Item = &ir::Handler> {
        let state = match end {
            End::In(id) => self
                .flow
                .state(id)
                .map(|s| s.handlers.as_slice())
                .unwrap_or_default(),
            End::Stay => &[],
        };
        state.iter().chain(self.flow.handlers.iter())
    }

    fn succeeds(&self, end: End, kind: ActionKind) -> bool {
        self.handlers(end)
            .any(|h| matches!(&h.trigger, Trigger::Succeeded(ks) if ks.contains(&kind)))
    }

    fn fails(&self, end: End, kind: ActionKind) -> bool {
        self.handlers(end).any(
            |h| matches!(&h.trigger, Trigger::Failed(ks) if ks.is_empty() || ks.contains(&kind)),
        )
    }
}

pub(super) fn analyse(flow: &ir::Flow, spans: &Spans) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut walker = Walker {
        flow,
        entering: Vec::new(),
        loops: BTreeSet::new(),
    };
    let coverage = Coverage { flow };
    let site_span = |site: ir::SiteId| {
        spans
            .sites
            .get(usize::from(site))
            .copied()
            .unwrap_or_default()
    };

    // Every handler, with where it is declared: its own state (None for flow-wide ones).
    let mut handlers: Vec<(Option<StateId>, &ir::Handler, Span)> = flow
        .handlers
        .iter()
        .zip(
            spans
                .handlers
                .iter()
                .copied()
                .chain(std::iter::repeat(spans.flow_name)),
        )
        .map(|(h, s)| (None, h, s))
        .collect();
    for (i, state) in flow.states.iter().enumerate() {
        let Ok(id) = StateId::try_from(i) else {
            continue;
        };
        let state_spans = spans
            .state_handlers
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (j, h) in state.handlers.iter().enumerate() {
            let span = state_spans.get(j).copied().unwrap_or(spans.flow_name);
            handlers.push((Some(id), h, span));
        }
    }

    let mut reached: HashSet<StateId> = HashSet::new();
    // Per handler scope: the states its handlers go to, and whether they hang up.
    let mut own_exits: HashSet<StateId> = HashSet::new();
    let mut global_targets: HashSet<StateId> = HashSet::new();
    let mut global_exit_anywhere = false;
    let mut bridges: Vec<ir::SiteId> = Vec::new();
    // Each silent call once per action and waiting place: the action, and every answer that
    // leads there.
    let mut silent: Vec<((u8, String), Span, Vec<Span>)> = Vec::new();
    let mut note_silent = |which: u8, key: String, site: Span, span: Span| match silent
        .iter_mut()
        .find(|(k, _, _)| k.0 == which && k.1 == key)
    {
        Some((_, _, spans)) if !spans.contains(&span) => spans.push(span),
        Some(_) => {}
        None => silent.push(((which, key), site, vec![span])),
    };
    collect_bridges(flow, &mut bridges);

    // Walk each handler; the state's own handlers are walked only once the state is reached.
    let mut queue: Vec<(Option<StateId>, &ir::Handler, Span)> = handlers
        .iter()
        .filter(|(s, _, _)| s.is_none())
        .cloned()
        .collect();
    let mut walked_states: HashSet<StateId> = HashSet::new();
    // Each state's own handlers, to walk them when the state is first reached.
    let mut by_state: Vec<Vec<(Option<StateId>, &ir::Handler, Span)>> =
        vec![Vec::new(); flow.states.len()];
    for h in &handlers {
        if let Some(list) = h.0.and_then(|id| by_state.get_mut(usize::from(id))) {
            list.push(*h);
        }
    }
    while let Some((home, handler, span)) = queue.pop() {
        let paths = walker.block(&handler.body, vec![Path::start()]);
        // Entry handlers run before the call is in any state: they cannot lead out of one.
        let runs_in_states = !matches!(handler.trigger, Trigger::NewCall | Trigger::Answered);
        for p in &paths {
            let end = match (p.end, home) {
                (End::Stay, Some(h)) => End::In(h),
                (e, _) => e,
            };
            if let End::In(id) = end {
                reached.insert(id);
                if walked_states.insert(id) {
                    queue.extend(by_state.get(usize::from(id)).into_iter().flatten().cloned());
                }
            }
            match (home, p.end) {
                (Some(h), End::In(to)) if to != h => {
                    own_exits.insert(h);
                }
                (None, End::In(to)) if runs_in_states => {
                    global_targets.insert(to);
                }
                _ => {}
            }
            if p.hangs_up {
                match home {
                    Some(h) => {
                        own_exits.insert(h);
                    }
                    None if runs_in_states => global_exit_anywhere = true,
                    None => {}
                }
            }
            if let Some(site) = p.overflow_at {
                problems.push(
                    Problem::error(
                        Code::CheckTooManyActions,
                        format!("this answer can hold {} actions; the SMA accepts at most {MAX_ACTIONS}", p.count),
                        site_span(site),
                        format!("action number {} of the answer", MAX_ACTIONS + 1),
                    )
                    .with_label(span, "in the answer to this event")
                    .with_help("split the work: wait for a result in a state and send the rest from its handler"),
                );
            }
            let where_ = match end {
                End::In(id) => format!(
                    "state `{}`",
                    flow.state(id).map_or("?", |s| s.name.as_str())
                ),
                End::Stay => String::new(),
            };
            for kind in &p.kinds {
                let site = p
                    .first_site
                    .iter()
                    .find(|(k, _)| k == kind)
                    .map_or(span, |(_, s)| site_span(*s));
                if outcome_of(*kind).needs_success_handler() && !coverage.succeeds(end, *kind) {
                    note_silent(0, format!("{}|{where_}", verb_of(*kind)), site, span);
                }
                let must_fail =
                    outcome_of(*kind).needs_failure_handler() || p.not_last.contains(kind);
                if must_fail && *kind != ActionKind::Hangup && !coverage.fails(end, *kind) {
                    note_silent(1, format!("{}|{where_}", verb_of(*kind)), site, span);
                }
            }
        }
    }

    for ((which, key), site, spans) in silent {
        let (verb, where_) = key.split_once('|').unwrap_or((key.as_str(), ""));
        let (waits, place) = if where_.is_empty() {
            (String::new(), "flow-wide".to_owned())
        } else {
            (
                format!(" while the call waits in {where_}"),
                format!("in {where_} or flow-wide"),
            )
        };
        let mut problem = if which == 0 {
            Problem::error(
                Code::CheckUnhandledResult,
                format!("after `{verb}` the call goes silent"),
                site,
                format!("nothing handles its result{waits}"),
            )
            .with_help(format!("handle it: `after {verb} {{ ... }}` {place}"))
        } else {
            Problem::error(
                Code::CheckMissingFailureHandler,
                format!("if `{verb}` fails the call goes silent"),
                site,
                format!("nothing handles its failure{waits}"),
            )
            .with_help(format!(
                "add `on failed {verb} {{ ... }}` {place}, or a flow-wide `on failed {{ ... }}`"
            ))
        };
        for span in spans {
            problem = problem.with_label(span, "in the answer to this event");
        }
        problems.push(problem);
    }

    for id in &walker.loops {
        let span = spans
            .states
            .get(usize::from(*id))
            .copied()
            .unwrap_or_default();
        problems.push(
            Problem::error(
                Code::CheckGotoLoop,
                "entering this state enters it again without waiting",
                span,
                "its `enter` leads back here in the same answer",
            )
            .with_help(
                "wait for an event (send an action and handle its result) before going back",
            ),
        );
    }

    for (i, state) in flow.states.iter().enumerate() {
        let Ok(id) = StateId::try_from(i) else {
            continue;
        };
        let span = spans.states.get(i).copied().unwrap_or_default();
        if !reached.contains(&id) {
            problems.push(
                Problem::warning(
                    Code::CheckUnreachableState,
                    format!("no path reaches the state `{}`", state.name),
                    span,
                    "never entered",
                )
                .with_help(format!("enter it with `goto {}`, or remove it", state.name)),
            );
        } else if !own_exits.contains(&id)
            && !global_exit_anywhere
            && !global_targets.iter().any(|t| *t != id)
        {
            problems.push(
                Problem::error(
                    Code::CheckDeadEndState,
                    format!(
                        "a call in the state `{}` can never move on or end",
                        state.name
                    ),
                    span,
                    "no handler here or flow-wide leaves it or hangs up",
                )
                .with_help("add a handler that does `goto` another state or `hangup`"),
            );
        }
    }

    let hangup_everywhere = flow
        .handlers
        .iter()
        .any(|h| h.trigger == Trigger::Hangup(None))
        || (flow
            .handlers
            .iter()
            .any(|h| h.trigger == Trigger::Hangup(Some(ir::LegRef::A)))
            && flow
                .handlers
                .iter()
                .any(|h| h.trigger == Trigger::Hangup(Some(ir::LegRef::B))));
    if let (Some(site), false) = (bridges.first(), hangup_everywhere) {
        problems.push(
            Problem::error(
                Code::CheckMissingHangupHandler,
                "a bridged call is never hung up when one side leaves",
                site_span(*site),
                "this bridge creates a second leg",
            )
            .with_help("add a flow-wide `on hangup { ... }` that hangs up the leg still connected: the SMA does not, and it stays billed"),
        );
    }

    problems.extend(attribute_size(flow, spans));
    problems
}
