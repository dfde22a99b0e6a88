//! Exhaustive exploration of a flow on the service model, answered by the real interpreter: from a
//! new call (from each kind of caller), every move the service or a party can make next (a prompt
//! ends, the dialled party answers, is busy, does not answer or is refused, an action fails once or
//! always, a party presses keys or hangs up, an update arrives, an event is delivered twice), to a
//! bounded depth, merging states where the whole call (service model, call attributes, failures
//! chosen) is equal. Breadth first, so each broken property is reported with a shortest path,
//! written as a scenario file that `handler simulate` replays and that fails there.
//!
//! Pipeline position: beside `drive`, over the same [`Service`]; pure (no clock, no I/O). `dsl
//! explore` is the command over it.

mod coverage;
mod inputs;
mod key;
mod moves;
mod verdict;
mod write;

pub use coverage::Edge;
pub use inputs::{Inputs, SETTING_TEXT, TEN_DIGITS, WITHHELD};
pub use moves::Move;
pub use verdict::{Property, Witness};
pub use write::Step;

use crate::function::FlowFunction;
use crate::service::{Entry, Happening, Injection, Listener, Origin, Service, Setup};
use coverage::To;
use interpreter::config::Config;
use interpreter::ir::{Flow, StateId};
use interpreter::wire::ActionKind;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// How far to explore.
#[derive(Debug, Clone)]
pub struct Options {
    /// The most moves in one call.
    pub depth: usize,
    /// The most distinct states; reaching it is reported as [`Property::Incomplete`].
    pub max_states: usize,
    /// The most action types failing in one call.
    pub max_failures: usize,
    /// The flow as written scenarios name it (relative to where they are written).
    pub flow_ref: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            depth: 60,
            max_states: 20_000,
            max_failures: 2,
            flow_ref: "flow.flow".to_owned(),
        }
    }
}

/// A broken property, with the shortest call that breaks it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub property: Property,
    /// What a replay shows: the expectation the scenario fails.
    pub witness: Witness,
    pub message: String,
    /// Moves in the call.
    pub steps: usize,
    /// The call as a scenario file.
    pub scenario: String,
}

/// The call with the most invocations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Longest {
    pub invocations: u32,
    pub elapsed_ms: u64,
    pub steps: usize,
}

/// What an exploration found.
#[derive(Debug, Clone)]
pub struct Report {
    pub states: usize,
    pub transitions: usize,
    /// States not expanded because the depth bound was reached.
    pub cut: usize,
    /// The state bound was reached: exploration is incomplete.
    pub capped: bool,
    pub edges: Vec<Edge>,
    pub longest: Longest,
    pub violations: Vec<Violation>,
}

impl Report {
    /// This report and another exploration's of the same flow (another configuration) as one:
    /// an edge is covered when either covers it; violations of both are kept.
    #[must_use]
    pub fn merge(mut self, other: Report) -> Report {
        self.states += other.states;
        self.transitions += other.transitions;
        self.cut += other.cut;
        self.capped |= other.capped;
        for edge in other.edges {
            match self
                .edges
                .iter_mut()
                .find(|e| e.from == edge.from && e.to == edge.to)
            {
                Some(mine) => mine.covered |= edge.covered,
                None => self.edges.push(edge),
            }
        }
        if (other.longest.invocations, other.longest.elapsed_ms)
            > (self.longest.invocations, self.longest.elapsed_ms)
        {
            self.longest = other.longest;
        }
        for v in other.violations {
            if !self
                .violations
                .iter()
                .any(|mine| mine.property == v.property && mine.message == v.message)
            {
                self.violations.push(v);
            }
        }
        self
    }
}

/// What the failure of an action's first start is decided as, per action type and prompt.
type Decided = BTreeSet<(ActionKind, Option<String>)>;

struct Node {
    parent: Option<usize>,
    step: Step,
    depth: usize,
    service: Option<Service>,
    /// The call's setup with the failures chosen so far (kept after the service is dropped).
    setup: Setup,
    state: Option<StateId>,
    decided: Decided,
    /// The last listener armed on each leg, to judge keys pressed while none is.
    armed: Vec<Listener>,
}

/// Action types a live service can fail on start (a missing prompt, a bucket denying access).
fn failable(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::PlayAudio
            | ActionKind::PlayAudioAndGetDigits
            | ActionKind::Speak
            | ActionKind::SpeakAndGetDigits
            | ActionKind::StartCallRecording
            | ActionKind::PauseCallRecording
            | ActionKind::ResumeCallRecording
            | ActionKind::StopCallRecording
            | ActionKind::RecordAudio
            | ActionKind::StartBotConversation
    )
}

/// The first action started in `log` whose failure is not decided yet.
fn undecided(log: &[Entry], decided: &Decided) -> Option<(ActionKind, Option<String>)> {
    for entry in log {
        let Entry::Action { action, .. } = entry else {
            continue;
        };
        let Ok(kind) = action.parse::<ActionKind>() else {
            continue;
        };
        if !failable(kind) {
            continue;
        }
        // Decided per action type, not per prompt: a missing prompt and a bucket that denies
        // access fail every action of a type alike, and per-prompt choices multiply states
        // without reaching other handlers.
        if !decided.contains(&(kind, None)) {
            return Some((kind, None));
        }
    }
    None
}

/// Explores `flow` run with `config`; `inputs` say what the world does (see [`Inputs::of`]).
#[must_use]
pub fn explore(flow: &Flow, config: &Config, inputs: &Inputs, options: &Options) -> Report {
    Explorer {
        flow,
        function: FlowFunction::new(flow, config),
        inputs,
        options,
        nodes: Vec::new(),
        index: HashMap::new(),
        own: Vec::new(),
        seen: BTreeSet::new(),
        found: BTreeMap::new(),
        report: Report {
            states: 0,
            transitions: 0,
            cut: 0,
            capped: false,
            edges: Vec::new(),
            longest: Longest::default(),
            violations: Vec::new(),
        },
    }
    .run()
}

struct Explorer<'a> {
    flow: &'a Flow,
    function: FlowFunction<'a>,
    inputs: &'a Inputs,
    options: &'a Options,
    nodes: Vec<Node>,
    /// Calls met so far, by their key, each with the failures decided on the way.
    index: HashMap<u64, Vec<(Decided, usize)>>,
    /// Moves nobody on the call chose (service events, collect entries): `(from, to, step)`.
    own: Vec<(usize, usize, Step)>,
    seen: BTreeSet<(Option<StateId>, To)>,
    found: BTreeMap<(Property, String), Violation>,
    report: Report,
}

impl Explorer<'_> {
    fn roots(&self) -> Vec<Setup> {
        let callers: &[String] = if self.inputs.inbound {
            &self.inputs.callers
        } else {
            &[]
        };
        let mut out: Vec<Setup> = callers
            .iter()
            .map(|c| {
                let mut s = Setup::inbound(c, inputs::SMA_NUMBER);
                s.account_numbers = vec![inputs::SMA_NUMBER.to_owned()];
                s
            })
            .collect();
        if self.inputs.api {
            let mut s = Setup::inbound(inputs::SMA_NUMBER, inputs::STRANGER);
            s.origin = Origin::Api;
            s.account_numbers = vec![inputs::SMA_NUMBER.to_owned()];
            out.push(s);
        }
        out
    }

    fn run(mut self) -> Report {
        let mut queue = VecDeque::new();
        for setup in self.roots() {
            queue.push_back(self.nodes.len());
            self.nodes.push(Node {
                parent: None,
                step: Step {
                    at_ms: 0,
                    mv: Move::Start,
                },
                depth: 0,
                service: Some(Service::new(setup.clone())),
                setup,
                state: None,
                decided: Decided::new(),
                armed: Vec::new(),
            });
        }
        while let Some(i) = queue.pop_front() {
            if self.report.capped {
                break;
            }
            let Some(node) = self.nodes.get_mut(i) else {
                continue;
            };
            let Some(service) = node.service.take() else {
                continue;
            };
            if node.depth >= self.options.depth {
                if !service.over {
                    self.report.cut += 1;
                }
                continue;
            }
            let (depth, decided, state, armed) = (
                node.depth,
                node.decided.clone(),
                node.state,
                node.armed.clone(),
            );
            let i_moves = moves::choices(
                &service,
                &self.inputs.keys,
                &self.inputs.entries,
                &self.inputs.updates,
            );
            let i_moves = self.alike(&service, state, &armed, i_moves);
            for (at, mv) in i_moves {
                for (next, decided, log) in self.expand(&service, &decided, at, &mv) {
                    self.report.transitions += 1;
                    let step = Step {
                        at_ms: at.saturating_sub(next.setup.start_ms),
                        mv: mv.clone(),
                    };
                    let after = self.observe(&log, state);
                    let mut now_armed = armed.clone();
                    for l in &next.listeners {
                        now_armed.retain(|a| a.leg != l.leg);
                        now_armed.push(l.clone());
                    }
                    self.judge(i, &step, &next, &log, state, after, &armed);
                    let key = key::of(&next);
                    // A call equal to one met before, where no more failures were decided
                    // (fewer decided, the same failing), can only do less: every later start
                    // decided here is one that start may still decide either way there.
                    let met = self.index.get(&key).and_then(|known| {
                        known
                            .iter()
                            .find(|(d, _)| d.is_subset(&decided))
                            .map(|(_, j)| *j)
                    });
                    if let Some(j) = met {
                        if mv.is_own() {
                            self.own.push((i, j, step));
                        }
                        continue;
                    }
                    if self.nodes.len() >= self.options.max_states {
                        self.report.capped = true;
                        break;
                    }
                    let j = self.nodes.len();
                    self.index
                        .entry(key)
                        .or_default()
                        .push((decided.clone(), j));
                    if mv.is_own() && mv != Move::Start {
                        self.own.push((i, j, step.clone()));
                    }
                    let longest = Longest {
                        invocations: next.invocations,
                        elapsed_ms: next.elapsed_ms(),
                        steps: depth + 1,
                    };
                    if (longest.invocations, longest.elapsed_ms)
                        > (
                            self.report.longest.invocations,
                            self.report.longest.elapsed_ms,
                        )
                    {
                        self.report.longest = longest;
                    }
                    self.nodes.push(Node {
                        parent: Some(i),
                        step,
                        depth: depth + 1,
                        setup: next.setup.clone(),
                        service: Some(next),
                        state: after,
                        decided,
                        armed: now_armed,
                    });
                    queue.push_back(j);
                }
            }
        }
        self.loops();
        if self.report.capped {
            let message = format!(
                "exploration stopped at {} states; what lies beyond is unexplored (raise the bound with --max-states, or lower --depth)",
                self.options.max_states
            );
            self.report.violations.push(Violation {
                property: Property::Incomplete,
                witness: Witness::None,
                message,
                steps: 0,
                scenario: String::new(),
            });
        }
        self.report.states = self.nodes.len();
        self.report.edges = coverage::report(self.flow, &self.seen);
        let mut found: Vec<Violation> = self.found.into_values().collect();
        found.sort_by_key(|v| (v.property, v.steps));
        found.append(&mut self.report.violations);
        self.report.violations = found;
        self.report
    }

    /// The moves with one of each kind the flow cannot tell apart: keys on a leg that has no
    /// listener armed, none armed before and no collect running (each is discarded alike, and
    /// no listener could have heard it), and updates in a state no handler of which answers one
    /// (their arguments are never read). The first of each is kept, so the calls found first,
    /// and the shortest scenarios, are the same.
    fn alike(
        &self,
        service: &Service,
        state: Option<StateId>,
        armed: &[Listener],
        mut moves: Vec<(u64, Move)>,
    ) -> Vec<(u64, Move)> {
        let answers_update = |handlers: &[interpreter::ir::Handler]| {
            handlers
                .iter()
                .any(|h| h.trigger == interpreter::ir::Trigger::Update)
        };
        let updates_read = answers_update(&self.flow.handlers)
            || state
                .and_then(|s| self.flow.state(s))
                .is_some_and(|s| answers_update(&s.handlers));
        let heard = |party: crate::scenario::Party| {
            let Some(index) = service.legs.iter().position(|l| l.tag == party.tag()) else {
                return true;
            };
            let collect = matches!(
                service.running,
                Some(crate::service::Running::Collect { leg, .. }) if leg == index
            );
            collect
                || service.listeners.iter().any(|l| l.leg == index)
                || armed.iter().any(|l| l.leg == index)
        };
        let mut pressed = Vec::new();
        let mut updated = false;
        moves.retain(|(_, mv)| match mv {
            Move::Press { party, .. } if !heard(*party) => {
                let first = !pressed.contains(party);
                pressed.push(*party);
                first
            }
            Move::Update(_) if !updates_read => !std::mem::replace(&mut updated, true),
            _ => true,
        });
        moves
    }

    /// Applies a move, branching on the failure of each action type started for the first time.
    fn expand(
        &mut self,
        service: &Service,
        decided: &Decided,
        at: u64,
        mv: &Move,
    ) -> Vec<(Service, Decided, Vec<Entry>)> {
        let mut out = Vec::new();
        let mut work = vec![(decided.clone(), service.setup.failures.clone())];
        // Each round decides one more action type; a move starts at most a list of them.
        for _ in 0..256 {
            let Some((decided, failures)) = work.pop() else {
                break;
            };
            let mut s = service.clone();
            s.injected.resize(failures.len(), 0);
            s.setup.failures = failures.clone();
            let log = moves::apply(&mut s, &mut self.function, at, mv);
            let mut decided = decided;
            // Each type started here for the first time: the call where it fails is tried
            // apart; the one where it does not is this very call, already run.
            while let Some((kind, key)) = undecided(&log, &decided) {
                decided.insert((kind, key.clone()));
                // Every start of the type fails from the first on, or none does: a failure
                // from the second start on cannot be written as a scenario's `failures`
                // entry, and failing only the first multiplies states for little the first
                // does not show.
                if failures.len() < self.options.max_failures {
                    let mut f = failures.clone();
                    f.push(Injection {
                        kind,
                        key,
                        error: crate::service::typical_error(kind).to_owned(),
                        times: 0,
                    });
                    work.push((decided.clone(), f));
                }
            }
            out.push((s, decided, log));
        }
        out
    }

    fn state_name(&self, state: Option<StateId>) -> String {
        state
            .and_then(|s| self.flow.state(s))
            .map_or_else(|| "(new call)".to_owned(), |s| s.name.clone())
    }

    /// The flow states the answers in `log` moved through; the state after.
    fn observe(&mut self, log: &[Entry], mut state: Option<StateId>) -> Option<StateId> {
        for entry in log {
            let Entry::Answer {
                actions,
                state: next,
                ..
            } = entry
            else {
                continue;
            };
            if actions.iter().any(|a| a.starts_with("Hangup")) {
                self.seen.insert((state, To::End));
            }
            if let Some((id, _)) = next.as_deref().and_then(|n| self.flow.state_named(n)) {
                self.seen.insert((state, To::State(id)));
                state = Some(id);
            }
        }
        state
    }

    #[expect(clippy::too_many_arguments, reason = "one step's whole context")]
    fn judge(
        &mut self,
        from: usize,
        step: &Step,
        next: &Service,
        log: &[Entry],
        before: Option<StateId>,
        after: Option<StateId>,
        armed: &[Listener],
    ) {
        let name = self.state_name(before);
        let refused_dial = step.mv == Move::Dialled(crate::service::BridgeOutcome::Refused);
        let mut findings = verdict::of_log(log, &name, refused_dial);
        if next.invocations >= next.setup.limits.max_invocations {
            findings.push((
                Property::UnboundedLoop,
                format!(
                    "from state {name}, the call reached the service's limit of {} invocations",
                    next.setup.limits.max_invocations
                ),
                Witness::Limit,
            ));
        }
        findings.extend(verdict::of_state(next, &self.state_name(after)));
        for entry in log {
            if let Entry::Digits {
                leg,
                digits,
                outcome,
                ..
            } = entry
                && outcome.starts_with("discarded")
                && let Some(f) = self.lost(next, armed, leg, digits, &name)
            {
                findings.push(f);
            }
        }
        for (property, message, witness) in findings {
            if self.found.contains_key(&(property, message.clone())) {
                continue;
            }
            let mut steps = self.path(from);
            steps.push(step.clone());
            let scenario = self.write(property, witness, &message, &next.setup, &steps, &[], 0);
            self.found.insert(
                (property, message.clone()),
                Violation {
                    property,
                    witness,
                    message,
                    steps: steps.len(),
                    scenario,
                },
            );
        }
    }

    /// Keys pressed with no listener armed matter when the flow, had its listener been armed,
    /// would have done something with them.
    fn lost(
        &mut self,
        service: &Service,
        armed: &[Listener],
        leg: &str,
        digits: &str,
        state: &str,
    ) -> Option<verdict::Finding> {
        let index = service.legs.iter().position(|l| l.tag.as_str() == leg)?;
        let listener = armed.iter().find(|l| l.leg == index)?;
        let mut what_if = service.clone();
        what_if.listeners.push(listener.clone());
        let tag = what_if.legs.get(index)?.tag.clone();
        let log = what_if.apply(
            &mut self.function,
            &Happening::Press {
                leg: tag,
                digits: digits.to_owned(),
            },
        );
        let acts = log.iter().any(|e| {
            matches!(e, Entry::Answer { actions, .. }
                if actions.iter().any(|a| !a.starts_with("ReceiveDigits")))
        });
        let party = crate::scenario::Party::of_leg(leg).map_or("a party", |p| p.as_str());
        acts.then(|| {
            (
                Property::ListenerNotArmed,
                format!(
                    "in state {state}, the {party} pressed {digits} while no listener was armed on {leg}: the keys were lost"
                ),
                verdict::Witness::Keys,
            )
        })
    }

    /// The steps from the root to a node.
    fn path(&self, mut i: usize) -> Vec<Step> {
        let mut out = Vec::new();
        while let Some(node) = self.nodes.get(i) {
            if node.step.mv != Move::Start {
                out.push(node.step.clone());
            }
            match node.parent {
                Some(p) => i = p,
                None => break,
            }
        }
        out.reverse();
        out
    }

    #[expect(clippy::too_many_arguments, reason = "a scenario's every part")]
    fn write(
        &self,
        property: Property,
        witness: Witness,
        why: &str,
        setup: &Setup,
        steps: &[Step],
        cycle: &[Step],
        repeat: usize,
    ) -> String {
        let name = format!("{} in {}", property.as_str(), self.flow.name);
        let frame = write::Frame {
            name: &name,
            flow: &self.options.flow_ref,
            config: &self.inputs.config,
            setup,
        };
        write::scenario(&frame, witness, why, steps, cycle, repeat)
    }

    /// Loops of moves nobody on the call chooses (service events, collect entries): a call that
    /// goes round one runs until the service's limit of invocations.
    fn loops(&mut self) {
        let mut adjacent: Vec<Vec<(usize, &Step)>> = vec![Vec::new(); self.nodes.len()];
        for (from, to, step) in &self.own {
            if let Some(a) = adjacent.get_mut(*from) {
                a.push((*to, step));
            }
        }
        // Iterative depth-first search; 0 unvisited, 1 on the stack, 2 done.
        let mut colour = vec![0u8; self.nodes.len()];
        let mut cycle: Option<(usize, Vec<Step>)> = None;
        'roots: for root in 0..self.nodes.len() {
            if colour.get(root) != Some(&0) {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            let mut via: Vec<Step> = Vec::new();
            if let Some(c) = colour.get_mut(root) {
                *c = 1;
            }
            while let Some((n, k)) = stack.last().copied() {
                let Some((to, step)) = adjacent.get(n).and_then(|a| a.get(k)).copied() else {
                    if let Some(c) = colour.get_mut(n) {
                        *c = 2;
                    }
                    stack.pop();
                    via.pop();
                    continue;
                };
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match colour.get(to) {
                    Some(0) => {
                        if let Some(c) = colour.get_mut(to) {
                            *c = 1;
                        }
                        stack.push((to, 0));
                        via.push(step.clone());
                    }
                    Some(1) => {
                        let at = stack.iter().position(|(m, _)| *m == to).unwrap_or(0);
                        let mut steps: Vec<Step> = via.get(at..).unwrap_or_default().to_vec();
                        steps.push(step.clone());
                        cycle = Some((to, steps));
                        break 'roots;
                    }
                    _ => {}
                }
            }
        }
        let Some((entry, steps)) = cycle else {
            return;
        };
        let Some(setup) = self.nodes.get(entry).map(|n| n.setup.clone()) else {
            return;
        };
        let name = self.state_name(self.nodes.get(entry).and_then(|n| n.state));
        let moves = match steps.len() {
            1 => "1 move".to_owned(),
            n => format!("{n} moves"),
        };
        let message = format!(
            "in state {name}, the call can go round a loop that nothing on the call ends ({moves} each time)"
        );
        let path = self.path(entry);
        let repeat = usize::try_from(setup.limits.max_invocations).unwrap_or(1_000);
        let scenario = self.write(
            Property::UnboundedLoop,
            Witness::Limit,
            &message,
            &setup,
            &path,
            &steps,
            repeat,
        );
        self.found.insert(
            (Property::UnboundedLoop, message.clone()),
            Violation {
                property: Property::UnboundedLoop,
                witness: Witness::Limit,
                message,
                steps: path.len() + steps.len(),
                scenario,
            },
        );
    }
}
