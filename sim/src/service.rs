//! The SMA service model (protocol notes, section 6): a call's legs, the running action list, the
//! digit listeners, the recordings and the stored `TransactionAttributes`, advanced one
//! [`Happening`] at a time in simulated time.
//!
//! The model is a plain value: [`Service`] is `Clone` and `Eq`, so an explorer can branch on every
//! [`Service::choices`] and merge equal states. [`Service::apply`] runs one happening to
//! quiescence: it builds the events the service would send, invokes the [`Function`], executes
//! the answers, and returns what happened as transcript [`Entry`]s.
//!
//! Where the protocol notes say UNCERTAIN, the model takes the reading that exposes more flow
//! mistakes, and each such place is marked `UNCERTAIN (conservative)` below.

mod air;
mod entry;
mod envelope;
mod exec;
mod invoke;
mod legs;
mod words;
mod world;

pub use entry::{Entry, Text};
pub(crate) use legs::accepted;

use crate::function::Function;
use interpreter::wire::{Action, ActionKind, Event, LegTag};
use std::collections::{BTreeMap, VecDeque};

/// How the call begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A call to a number bound to the application (`NEW_INBOUND_CALL`).
    Inbound,
    /// A call placed with `CreateSipMediaApplicationCall` (`NEW_OUTBOUND_CALL`, `RINGING`, then
    /// `CALL_ANSWERED` or a `HANGUP`).
    Api,
}

/// An action failure the service injects: a prompt missing in S3, a bucket denying access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injection {
    pub kind: ActionKind,
    /// Only the action playing this prompt key (for audio actions), if set.
    pub key: Option<String>,
    /// The `ErrorType` reported.
    pub error: String,
    /// How many times it fails; `0` for every time.
    pub times: u32,
}

/// The service's timing and limits (protocol notes, sections 3 and 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// No answer within this long: the event is delivered again.
    pub retry_ms: u64,
    /// No answer within this long: the service hangs up.
    pub give_up_ms: u64,
    /// A new call answered with nothing times out after this long.
    pub unanswered_ms: u64,
    /// Invocations per call.
    pub max_invocations: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            retry_ms: 5_000,
            give_up_ms: 20_000,
            unanswered_ms: 30_000,
            max_invocations: 1_000,
        }
    }
}

/// Everything fixed about a simulated call before it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    pub transaction_id: String,
    /// Epoch milliseconds at the first event.
    pub start_ms: u64,
    pub origin: Origin,
    /// The `ArgumentsMap` of a call placed through `CreateSipMediaApplicationCall`, delivered with
    /// `NEW_OUTBOUND_CALL`.
    pub arguments: BTreeMap<String, String>,
    /// LEG-A's `From` as the service reports it (may be withheld or malformed).
    pub from: String,
    /// LEG-A's `To`.
    pub to: String,
    /// Numbers of the account: a bridge may show one of these, or LEG-A's `From`, as caller id.
    pub account_numbers: Vec<String>,
    /// How long one play of a prompt lasts.
    pub prompt_ms: u64,
    /// How long a party takes to enter digits at a collect.
    pub entry_ms: u64,
    pub failures: Vec<Injection>,
    /// Invocations (1-based) whose answer the service refuses, with the `ErrorType` it reports.
    pub refusals: Vec<(u32, String)>,
    /// Invocations (1-based) the function takes this long to answer.
    pub latencies: Vec<(u32, u64)>,
    /// Stop before each action starts, so that an explorer can fail any action
    /// ([`Happening::Proceed`] or [`Happening::Fail`]).
    pub stepwise: bool,
    pub limits: Limits,
}

impl Setup {
    /// An inbound call from `from` to `to` (which is an account number).
    #[must_use]
    pub fn inbound(from: &str, to: &str) -> Self {
        Self {
            transaction_id: "5ea0b2d6-1c3a-4f7e-9b1d-000000000001".to_owned(),
            start_ms: 1_764_583_200_000,
            origin: Origin::Inbound,
            arguments: BTreeMap::new(),
            from: from.to_owned(),
            to: to.to_owned(),
            account_numbers: vec![to.to_owned()],
            prompt_ms: 2_000,
            entry_ms: 3_000,
            failures: Vec::new(),
            refusals: Vec::new(),
            latencies: Vec::new(),
            stepwise: false,
            limits: Limits::default(),
        }
    }
}

/// How a dialled party (a bridge's LEG-B, or an API call's callee) responds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BridgeOutcome {
    /// Answers (a person or a voicemail system).
    Answered,
    Busy,
    NoAnswer,
    /// The service refuses to place the call (for example a caller id it will not present).
    Refused,
}

impl BridgeOutcome {
    pub const ALL: [Self; 4] = [Self::Answered, Self::Busy, Self::NoAnswer, Self::Refused];
}

/// One thing the world or the service can do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    /// The call begins.
    Start,
    /// (Stepwise only) the next action starts as the service would run it.
    Proceed,
    /// The running action ends normally: a prompt played out, a pause is over, a recording or bot
    /// conversation finished, an unanswered new call timed out.
    Complete,
    /// The party being dialled responds.
    Dialled(BridgeOutcome),
    /// The party at a running collect enters digits (`None`: nothing valid).
    Entered(Option<String>),
    /// The running action (stepwise: the next one) fails with this `ErrorType`.
    Fail(String),
    /// A party presses keys.
    Press { leg: LegTag, digits: String },
    /// A party hangs up.
    HangUp(LegTag),
    /// The last event is delivered again (the service's retry).
    Duplicate,
    /// `UpdateSipMediaApplicationCall` with these arguments.
    Update(BTreeMap<String, String>),
    /// Time passes with nothing else happening.
    Wait(u64),
}

/// Where a leg is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegState {
    /// A new inbound call not answered yet.
    Offered,
    /// Being dialled.
    Ringing,
    Connected,
    /// Hung up (or never answered).
    Gone,
}

/// One call leg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub tag: LegTag,
    pub call_id: String,
    pub from: String,
    pub to: String,
    /// Whether the service placed this leg.
    pub outbound: bool,
    pub start_ms: u64,
    pub state: LegState,
    /// Whether it was ever connected (then it is listed as `Disconnected` once gone).
    pub was_connected: bool,
}

/// A digit listener armed by `ReceiveDigits`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub leg: usize,
    pub action: Action,
    pub pattern: Pattern,
    pub between_ms: u64,
}

/// A listener's digit pattern, compiled once when the listener is armed rather than on every
/// key press; compared by its text, so that the model stays `Eq`.
#[derive(Debug, Clone)]
pub struct Pattern {
    text: String,
    /// Shared, not cloned: a cloned `Regex` starts with an empty match cache, which it has to
    /// allocate again on its first match.
    regex: Compiled,
}

/// The patterns compiled so far, newest last: a flow arms the same listener again after every
/// match, and compiling its pattern each time cost more than the rest of the event. A compiled
/// pattern is shared with every listener that uses it; the list is bounded so that many distinct
/// patterns cannot grow it.
static COMPILED: std::sync::Mutex<Vec<(String, Compiled)>> = std::sync::Mutex::new(Vec::new());

/// A compiled pattern, `None` when it does not compile.
type Compiled = Option<std::sync::Arc<regex::Regex>>;

/// How many compiled patterns are kept.
const KEPT_PATTERNS: usize = 32;

impl Pattern {
    /// A pattern that matches nothing when it does not compile.
    #[must_use]
    pub fn new(text: &str) -> Self {
        // A poisoned lock only means a panic elsewhere while it was held; the list is whole.
        let lock = || {
            COMPILED
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let known = lock()
            .iter()
            .rev()
            .find(|(t, _)| t == text)
            .map(|(_, r)| r.clone());
        let regex = known.unwrap_or_else(|| {
            let regex = regex::Regex::new(text).ok().map(std::sync::Arc::new);
            let mut kept = lock();
            if kept.len() >= KEPT_PATTERNS {
                kept.remove(0);
            }
            kept.push((text.to_owned(), regex.clone()));
            regex
        });
        Self {
            text: text.to_owned(),
            regex,
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    #[must_use]
    pub fn is_match(&self, digits: &str) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(digits))
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Pattern {}

/// The state of a leg's call recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recording {
    Active,
    Paused,
    Stopped,
}

impl Recording {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Stopped => "stopped",
        }
    }
}

/// The action the service is busy with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Running {
    /// Plays, speaks, pauses until a time.
    Timed {
        action: Action,
        leg: usize,
        until_ms: u64,
        audible: bool,
    },
    /// Collects digits (`PlayAudioAndGetDigits`, `SpeakAndGetDigits`).
    Collect {
        action: Action,
        leg: usize,
        attempt: u32,
        since_ms: u64,
    },
    /// LEG-B rings.
    Bridge { action: Action, since_ms: u64 },
    /// A result-bearing action that ends on its own (recording audio, a bot, a meeting).
    Busy { action: Action, leg: usize },
    /// A new call whose first answer was empty, waiting to time out.
    Unanswered { until_ms: u64 },
    /// An API call ringing its callee.
    Dialling { since_ms: u64 },
}

/// The service's state for one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub setup: Setup,
    pub now_ms: u64,
    pub started: bool,
    pub over: bool,
    pub sequence: u64,
    pub invocations: u32,
    pub attributes: BTreeMap<String, String>,
    /// LEG-A first, then LEG-B once a bridge dials it.
    pub legs: Vec<Leg>,
    pub bridged: bool,
    pub running: Option<Running>,
    /// The not yet started rest of the current action list.
    pub pending: VecDeque<Action>,
    /// Whether that list came as a [`Response`](interpreter::wire::Response), which can only be
    /// built with every action within its limits: the service's own check of each action's
    /// parameters would find nothing, so it is not repeated.
    pub pending_checked: bool,
    pub listeners: Vec<Listener>,
    /// Per leg index, once a recording was started on it.
    pub recordings: Vec<(usize, Recording)>,
    /// The leg the last event was about: the default target of an action without one.
    pub trigger_leg: usize,
    /// The last event and the answer it got, for a duplicate delivery.
    pub last: Option<Box<(Event, crate::function::Answer)>>,
    /// The attributes of that answer were moved into `attributes` rather than copied (its
    /// response holds none now): until the next invocation they are that map.
    pub attributes_lent: bool,
    /// Times each injected failure fired.
    pub injected: Vec<u32>,
    /// Stepwise: the next action may start.
    pub go: bool,
    /// Per leg: since when it has been silent, and its longest silence so far.
    pub silence: Vec<(Option<u64>, u64)>,
}

impl Eq for Service {}

impl Service {
    /// A call that has not begun; [`Happening::Start`] begins it.
    #[must_use]
    pub fn new(setup: Setup) -> Self {
        let injected = vec![0; setup.failures.len()];
        Self {
            now_ms: setup.start_ms,
            setup,
            started: false,
            over: false,
            sequence: 0,
            invocations: 0,
            attributes: BTreeMap::new(),
            legs: Vec::new(),
            bridged: false,
            running: None,
            pending: VecDeque::new(),
            pending_checked: false,
            listeners: Vec::new(),
            recordings: Vec::new(),
            trigger_leg: 0,
            last: None,
            attributes_lent: false,
            injected,
            go: false,
            silence: Vec::new(),
        }
    }

    /// Milliseconds since the call began.
    #[must_use]
    pub fn elapsed_ms(&self) -> u64 {
        self.now_ms.saturating_sub(self.setup.start_ms)
    }

    /// The leg with this tag.
    #[must_use]
    pub fn leg(&self, tag: &LegTag) -> Option<&Leg> {
        self.legs.iter().find(|l| &l.tag == tag)
    }

    /// Whether any leg is up (offered, ringing or connected).
    #[must_use]
    pub fn any_up(&self) -> bool {
        self.legs
            .iter()
            .any(|l| matches!(l.state, LegState::Offered | LegState::Connected))
    }

    /// The recording on a leg, if one was started.
    #[must_use]
    pub fn recording(&self, tag: &LegTag) -> Option<Recording> {
        let index = self.legs.iter().position(|l| &l.tag == tag)?;
        self.recordings
            .iter()
            .find(|(leg, _)| *leg == index)
            .map(|(_, r)| *r)
    }

    /// The longest silence a leg has had so far, counting one still going on.
    #[must_use]
    pub fn longest_silence_ms(&self, index: usize) -> u64 {
        self.silence.get(index).map_or(0, |(since, longest)| {
            let open = since.map_or(0, |s| self.now_ms.saturating_sub(s));
            (*longest).max(open)
        })
    }

    /// Every happening that could come next. `digits` are the key sequences to try on each
    /// connected leg, `updates` the argument sets of an API update.
    #[must_use]
    pub fn choices(&self, digits: &[&str], updates: &[BTreeMap<String, String>]) -> Vec<Happening> {
        if !self.started {
            return vec![Happening::Start];
        }
        if self.over {
            return Vec::new();
        }
        let mut out = Vec::new();
        match &self.running {
            Some(Running::Timed { action, .. } | Running::Busy { action, .. }) => {
                out.push(Happening::Complete);
                out.push(Happening::Fail(typical_error(action.kind()).to_owned()));
            }
            Some(Running::Collect { .. }) => {
                out.extend(
                    digits
                        .iter()
                        .map(|d| Happening::Entered(Some((*d).to_owned()))),
                );
                out.push(Happening::Entered(None));
            }
            Some(Running::Bridge { .. } | Running::Dialling { .. }) => {
                out.extend(BridgeOutcome::ALL.iter().map(|o| Happening::Dialled(*o)));
            }
            Some(Running::Unanswered { .. }) => out.push(Happening::Complete),
            None => {
                if let (true, Some(next)) = (self.setup.stepwise, self.pending.front()) {
                    out.push(Happening::Proceed);
                    out.push(Happening::Fail(typical_error(next.kind()).to_owned()));
                }
            }
        }
        for leg in &self.legs {
            if matches!(leg.state, LegState::Offered | LegState::Connected) {
                out.push(Happening::HangUp(leg.tag.clone()));
                for d in digits {
                    out.push(Happening::Press {
                        leg: leg.tag.clone(),
                        digits: (*d).to_owned(),
                    });
                }
            }
        }
        if self.last.is_some() {
            out.push(Happening::Duplicate);
        }
        out.extend(updates.iter().cloned().map(Happening::Update));
        out
    }

    /// Runs one happening to quiescence and says what happened.
    pub fn apply(&mut self, function: &mut dyn Function, happening: &Happening) -> Vec<Entry> {
        let mut log = Vec::new();
        self.apply_to(function, happening, &mut log);
        log
    }

    /// [`Service::apply`], adding what happened to `log`.
    pub fn apply_to(
        &mut self,
        function: &mut dyn Function,
        happening: &Happening,
        log: &mut Vec<Entry>,
    ) {
        self.settle(log);
        exec::apply(self, function, happening, log);
        self.settle(log);
    }

    /// A copy without the clock and counters, for merging states reached at different times.
    #[must_use]
    pub fn without_clock(&self) -> Self {
        let mut copy = self.clone();
        copy.now_ms = 0;
        copy.sequence = 0;
        copy.invocations = 0;
        copy.last = None;
        copy.attributes_lent = false;
        copy.silence = Vec::new();
        copy.running = copy.running.map(|r| match r {
            Running::Timed {
                action,
                leg,
                audible,
                ..
            } => Running::Timed {
                action,
                leg,
                until_ms: 0,
                audible,
            },
            Running::Collect {
                action,
                leg,
                attempt,
                ..
            } => Running::Collect {
                action,
                leg,
                attempt,
                since_ms: 0,
            },
            Running::Bridge { action, .. } => Running::Bridge {
                action,
                since_ms: 0,
            },
            Running::Unanswered { .. } => Running::Unanswered { until_ms: 0 },
            Running::Dialling { .. } => Running::Dialling { since_ms: 0 },
            other @ Running::Busy { .. } => other,
        });
        for leg in &mut copy.legs {
            leg.start_ms = 0;
        }
        copy
    }
}

/// The error an action most plausibly fails with, for exploring failures.
#[must_use]
pub fn typical_error(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::PlayAudio | ActionKind::PlayAudioAndGetDigits => "InvalidAudioSource",
        ActionKind::StartCallRecording
        | ActionKind::PauseCallRecording
        | ActionKind::ResumeCallRecording
        | ActionKind::StopCallRecording => "AccessDenied",
        ActionKind::CallAndBridge => "CallNotAnswered",
        _ => "SystemException",
    }
}
