//! Plays a scenario through the service model: the scripted steps and the parties' behaviour
//! (how dialled parties respond, what is entered at collects, how long prompts last) merged in
//! time order, until nothing is left to happen.

use crate::function::{Function, Reply};
use crate::scenario::{Dial, Scenario, Step};
use crate::service::{BridgeOutcome, Entry, Happening, Running, Service};
use interpreter::effect::{Effect, RecordingChange};
use interpreter::wire::{Action, Event};
use std::collections::BTreeSet;

/// What a scenario run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub entries: Vec<Entry>,
    /// The model at the end.
    pub service: Service,
    /// Every call-record effect, once per event sequence.
    pub effects: Vec<Effect>,
    /// The call record: as the function stored it, or folded from the effects.
    pub record: serde_json::Value,
}

/// Keeps the effects of each first delivery, as a store that drops duplicate writes would.
struct Recorder<'a> {
    inner: &'a mut dyn Function,
    effects: Vec<Effect>,
    seen: BTreeSet<u64>,
}

impl Function for Recorder<'_> {
    fn invoke(&mut self, event: &Event) -> Reply {
        let reply = self.inner.invoke(event);
        if self.seen.insert(event.sequence) {
            self.effects.extend(reply.effects.iter().cloned());
        }
        reply
    }

    fn at(&mut self, now_ms: u64) {
        self.inner.at(now_ms);
    }

    fn call_record(&mut self, transaction_id: &str) -> Option<serde_json::Value> {
        self.inner.call_record(transaction_id)
    }

    fn deploy(&mut self, file: &str) -> Result<String, String> {
        self.inner.deploy(file)
    }
}

/// The most steps one scenario may take; far beyond any scripted call.
const MAX_STEPS: usize = 5_000;

/// Runs a scenario to its end.
pub fn run(scenario: &Scenario, function: &mut dyn Function) -> Outcome {
    let mut recorder = Recorder {
        inner: function,
        effects: Vec::new(),
        seen: BTreeSet::new(),
    };
    let mut service = Service::new(scenario.setup.clone());
    let mut timeline = scenario.timeline.iter().peekable();
    // A deploy at 0s is in place before the call arrives. Room for a typical call's lines.
    let mut entries = Vec::with_capacity(128);
    while let Some((0, Step::Deploy(file))) = timeline.peek() {
        entries.push(deploy(&mut recorder, file, service.elapsed_ms()));
        timeline.next();
    }
    service.apply_to(&mut recorder, &Happening::Start, &mut entries);
    let (mut dials, mut entered) = (0usize, 0usize);
    for _ in 0..MAX_STEPS {
        if service.over && timeline.peek().is_none() {
            break;
        }
        let own = if service.over {
            None
        } else {
            next_own(scenario, &service, dials, entered)
        };
        let scripted = timeline.peek().map(|(at, _)| scenario.setup.start_ms + at);
        let (at, happening) = match (own, scripted) {
            (Some((t, h)), Some(s)) if t < s => (t, h),
            (_, Some(s)) => {
                let Some((_, step)) = timeline.next() else {
                    break;
                };
                if let Step::Deploy(file) = step {
                    if s > service.now_ms {
                        let wait = Happening::Wait(s - service.now_ms);
                        service.apply_to(&mut recorder, &wait, &mut entries);
                    }
                    entries.push(deploy(&mut recorder, file, service.elapsed_ms()));
                    continue;
                }
                (s, happening_of(step))
            }
            (Some((t, h)), None) => (t, h),
            (None, None) => break,
        };
        match &happening {
            Happening::Dialled(_) => dials += 1,
            Happening::Entered(_) => entered += 1,
            _ => {}
        }
        if at > service.now_ms {
            let wait = Happening::Wait(at - service.now_ms);
            service.apply_to(&mut recorder, &wait, &mut entries);
        }
        service.apply_to(&mut recorder, &happening, &mut entries);
    }
    let record = recorder
        .call_record(&scenario.setup.transaction_id)
        .unwrap_or_else(|| fold(&recorder.effects));
    Outcome {
        entries,
        service,
        effects: recorder.effects,
        record,
    }
}

/// A scripted deployment, as the transcript shows it.
fn deploy(function: &mut dyn Function, file: &str, at_ms: u64) -> Entry {
    let text = match function.deploy(file) {
        Ok(running) => format!("deployed {file}: {running}"),
        Err(why) => format!("deploying {file} failed: {why}"),
    };
    Entry::Service { at_ms, text }
}

fn happening_of(step: &Step) -> Happening {
    match step {
        Step::Press { party, digits } => Happening::Press {
            leg: party.tag(),
            digits: digits.clone(),
        },
        Step::HangUp(party) => Happening::HangUp(party.tag()),
        Step::Update(args) => Happening::Update(args.clone()),
        Step::Duplicate => Happening::Duplicate,
        // Played by `run` itself; nothing happens on the call.
        Step::Deploy(_) => Happening::Wait(0),
    }
}

/// What the service or a party does next by itself, and when.
fn next_own(
    scenario: &Scenario,
    service: &Service,
    dials: usize,
    entered: usize,
) -> Option<(u64, Happening)> {
    let setup = &scenario.setup;
    let dial = scenario
        .dialled
        .get(dials)
        .or(scenario.dialled.last())
        .copied()
        .unwrap_or(Dial::Answers(3_000));
    let dialled = |since: u64, timeout_s: u64| match dial {
        Dial::Answers(ms) if ms < timeout_s * 1_000 => {
            (since + ms, Happening::Dialled(BridgeOutcome::Answered))
        }
        Dial::Answers(_) | Dial::NoAnswer => (
            since + timeout_s * 1_000,
            Happening::Dialled(BridgeOutcome::NoAnswer),
        ),
        Dial::Busy => (since + 2_000, Happening::Dialled(BridgeOutcome::Busy)),
        Dial::Refused => (since, Happening::Dialled(BridgeOutcome::Refused)),
    };
    Some(match service.running.as_ref()? {
        Running::Timed { until_ms, .. } => (*until_ms, Happening::Complete),
        Running::Busy { .. } => (service.now_ms + setup.prompt_ms, Happening::Complete),
        Running::Unanswered { until_ms } => (*until_ms, Happening::Complete),
        Running::Bridge { action, since_ms } => {
            let timeout = match action {
                Action::CallAndBridge(b) => u64::from(b.call_timeout_seconds.unwrap_or(30)),
                _ => 30,
            };
            dialled(*since_ms, timeout)
        }
        Running::Dialling { since_ms } => dialled(*since_ms, 30),
        Running::Collect { .. } => {
            let entry = scenario.collect.get(entered).cloned().flatten();
            (service.now_ms + setup.entry_ms, Happening::Entered(entry))
        }
    })
}

/// The call record from the effects alone, in the shape the handler stores (for functions that
/// keep none).
#[must_use]
pub fn fold(effects: &[Effect]) -> serde_json::Value {
    let mut record = serde_json::Map::new();
    let mut changes = Vec::new();
    let mut hangups = Vec::new();
    let mut facts = serde_json::Map::new();
    let (mut answered, mut ended, mut failed) = (false, false, false);
    for effect in effects {
        match effect {
            Effect::Started {
                direction, caller, ..
            } => {
                record.insert("direction".into(), serde_json::json!(direction));
                record.insert("caller".into(), serde_json::json!(caller));
            }
            Effect::Answered { callee, .. } => {
                answered = true;
                record.insert("callee".into(), serde_json::json!(callee));
            }
            Effect::Recording {
                change, location, ..
            } => {
                if let (RecordingChange::Started, Some(l)) = (change, location) {
                    record.insert("recordingLocation".into(), serde_json::json!(l));
                }
                changes.push(serde_json::json!({ "change": change }));
            }
            Effect::Failed { error, .. } => {
                failed = true;
                record.insert("failure".into(), serde_json::json!(error));
            }
            Effect::Ended { .. } => ended = true,
            Effect::RecordingObject { key } => {
                record.insert("recordingKey".into(), serde_json::json!(key));
            }
            Effect::LegEnded { leg, sip_code, .. } => {
                hangups.push(serde_json::json!({ "leg": leg, "sipCode": sip_code }));
            }
            Effect::Fact { name, value } => {
                facts.insert(name.clone(), serde_json::json!(value));
            }
        }
    }
    let status = if failed {
        "failed"
    } else if ended {
        "ended"
    } else if answered {
        "answered"
    } else {
        "started"
    };
    record.insert("status".into(), serde_json::json!(status));
    if !changes.is_empty() {
        record.insert(
            "recording".into(),
            serde_json::json!({ "changes": changes }),
        );
    }
    if !hangups.is_empty() {
        record.insert("hangups".into(), serde_json::Value::Array(hangups));
    }
    if !facts.is_empty() {
        record.insert("facts".into(), serde_json::Value::Object(facts));
    }
    serde_json::Value::Object(record)
}
