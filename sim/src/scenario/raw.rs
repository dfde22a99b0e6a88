//! The scenario file as serde reads it, then checked value by value into a [`Scenario`]; every
//! value that can be wrong keeps its place (`Spanned`) so that the problem points at it.

use super::{
    ActionRule, Dial, Expect, Party, Scenario, ScenarioError, Step, duration_ms, epoch_ms,
};
use crate::service::Origin;
use interpreter::wire::ActionKind;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

type S = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    name: Option<String>,
    #[serde(default)]
    covers: Vec<String>,
    flow: Option<String>,
    start: Option<S>,
    #[serde(default)]
    config: BTreeMap<String, String>,
    call: RawCall,
    #[serde(default)]
    dialled: Vec<S>,
    #[serde(default)]
    collect: Vec<Option<String>>,
    prompt_length: Option<S>,
    #[serde(default)]
    timeline: Vec<RawStep>,
    #[serde(default)]
    failures: Vec<RawFailure>,
    #[serde(default)]
    refuse: Vec<RawRefusal>,
    #[serde(default)]
    slow: Vec<RawSlow>,
    #[serde(default)]
    expect: RawExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCall {
    from: String,
    to: String,
    /// `api`: placed with CreateSipMediaApplicationCall; the first `dialled` entry is its callee.
    via: Option<S>,
    /// The API call's `ArgumentsMap`.
    arguments: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    at: S,
    press: Option<String>,
    on: Option<S>,
    hangup: Option<S>,
    update: Option<BTreeMap<String, String>>,
    duplicate: Option<bool>,
    deploy: Option<S>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFailure {
    action: S,
    prompt: Option<String>,
    error: String,
    #[serde(default)]
    times: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRefusal {
    answer: u32,
    error: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSlow {
    answer: u32,
    takes: S,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRule {
    #[serde(default)]
    includes: Vec<String>,
    #[serde(default)]
    never: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    #[serde(default)]
    heard: ByParty<Vec<String>>,
    #[serde(default)]
    not_heard: ByParty<Vec<String>>,
    #[serde(default)]
    recording: Vec<RawAt>,
    recording_changes: Option<Vec<String>>,
    #[serde(default)]
    actions: ByParty<RawRule>,
    #[serde(default)]
    record: BTreeMap<String, String>,
    #[serde(default)]
    events: RawRule,
    all_hung_up: Option<bool>,
    dead_air: Option<S>,
    every_action_accepted: Option<bool>,
    every_key_heard: Option<bool>,
    no_flow_faults: Option<bool>,
}

/// One value per party; any other key is an unknown-field error at its place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ByParty<T> {
    caller: Option<T>,
    callee: Option<T>,
}

impl<T> Default for ByParty<T> {
    fn default() -> Self {
        Self {
            caller: None,
            callee: None,
        }
    }
}

impl<T> ByParty<T> {
    fn map<U>(&self, f: impl Fn(&T) -> U) -> BTreeMap<Party, U> {
        let mut out = BTreeMap::new();
        if let Some(v) = &self.caller {
            out.insert(Party::Caller, f(v));
        }
        if let Some(v) = &self.callee {
            out.insert(Party::Callee, f(v));
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAt {
    at: S,
    is: S,
}

struct Checker<'a> {
    path: &'a str,
    text: &'a str,
    errors: Vec<ScenarioError>,
}

impl Checker<'_> {
    fn err(&mut self, at: &S, code: &'static str, message: String, help: &str) {
        let e = ScenarioError::new(
            self.path,
            self.text,
            at.referenced.line(),
            at.referenced.column(),
            code,
            message,
        )
        .with_help(help);
        self.errors.push(e);
    }

    fn duration(&mut self, at: &S) -> u64 {
        duration_ms(&at.value).unwrap_or_else(|| {
            let message = format!("{:?} is not a duration", at.value);
            self.err(at, "scenario::duration", message, "write 1500ms, 3s or 2m");
            0
        })
    }

    fn party(&mut self, at: &S) -> Party {
        match at.value.as_str() {
            "caller" => Party::Caller,
            "callee" => Party::Callee,
            other => {
                let message = format!("{other:?} is not a party");
                self.err(
                    at,
                    "scenario::party",
                    message,
                    "a party is `caller` or `callee`",
                );
                Party::Caller
            }
        }
    }

    /// A flow file to deploy: a name with a flow file's extension, relative to the scenario.
    fn deploy(&mut self, at: &S) -> Option<String> {
        let file = at.value.trim();
        let known = [".flow", ".yaml", ".yml", ".json"];
        if !file.is_empty() && known.iter().any(|ext| file.ends_with(ext)) {
            return Some(file.to_owned());
        }
        let message = format!("{file:?} is not a flow file to deploy");
        let help =
            "name a flow file relative to the scenario: `.flow`, `.yaml` or compiled `.json`";
        self.err(at, "scenario::deploy", message, help);
        None
    }

    fn dial(&mut self, at: &S) -> Dial {
        let text = at.value.trim();
        for word in ["answers", "voicemail"] {
            if let Some(rest) = text.strip_prefix(word) {
                if rest.trim().is_empty() {
                    return Dial::Answers(3_000);
                }
                if let Some(ms) = rest.trim().strip_prefix("after").and_then(duration_ms) {
                    return Dial::Answers(ms);
                }
            }
        }
        match text {
            "busy" => Dial::Busy,
            "no answer" => Dial::NoAnswer,
            "refused" => Dial::Refused,
            _ => {
                let message = format!("{text:?} is not what a dialled party does");
                let help = "write `answers`, `answers after 4s`, `voicemail`, `busy`, `no answer` or `refused`";
                self.err(at, "scenario::dialled", message, help);
                Dial::NoAnswer
            }
        }
    }
}

pub(super) fn parse(path: &str, text: &str) -> Result<Scenario, Vec<ScenarioError>> {
    let raw: Raw = serde_saphyr::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = e.to_string();
        let first = message.lines().next().unwrap_or("invalid scenario").trim();
        let what = first.split(" at line ").next().unwrap_or(first).to_owned();
        vec![
            ScenarioError::new(path, text, line, column, "scenario::syntax", what)
                .with_help("see flows/scenarios/README.md for the scenario format"),
        ]
    })?;
    let mut c = Checker {
        path,
        text,
        errors: Vec::new(),
    };
    let origin = match raw.call.via.as_ref() {
        None => Origin::Inbound,
        Some(v) if v.value == "api" => Origin::Api,
        Some(v) => {
            let message = format!("{:?} is not a way to place a call", v.value);
            c.err(
                v,
                "scenario::via",
                message,
                "leave `via` out for an inbound call, or write `api`",
            );
            Origin::Inbound
        }
    };
    let mut setup = super::default_setup(&raw.call.from, &raw.call.to, origin);
    if let Some(arguments) = &raw.call.arguments {
        setup.arguments.clone_from(arguments);
    }
    setup.transaction_id = transaction_id(raw.name.as_deref().unwrap_or(path));
    if let Some(start) = &raw.start {
        match epoch_ms(&start.value) {
            Some(ms) => setup.start_ms = ms,
            None => c.err(
                start,
                "scenario::start",
                format!("{:?} is not a UTC time", start.value),
                "write 2026-12-01T10:00:00Z",
            ),
        }
    }
    if let Some(p) = &raw.prompt_length {
        setup.prompt_ms = c.duration(p);
    }
    for f in &raw.failures {
        match f.action.value.parse::<ActionKind>() {
            Ok(kind) => setup.failures.push(super::injection(kind, f.prompt.clone(), f.error.clone(), f.times)),
            Err(_) => c.err(
                &f.action,
                "scenario::action",
                format!("{:?} is not an SMA action", f.action.value),
                "write the action's type as the SMA spells it, e.g. PlayAudio or StartCallRecording",
            ),
        }
    }
    setup.refusals = raw
        .refuse
        .iter()
        .map(|r| (r.answer, r.error.clone()))
        .collect();
    for s in &raw.slow {
        let ms = c.duration(&s.takes);
        setup.latencies.push((s.answer, ms));
    }
    let dialled = raw.dialled.iter().map(|d| c.dial(d)).collect();
    let mut timeline = Vec::new();
    for step in &raw.timeline {
        let at = c.duration(&step.at);
        let actions = [
            step.press.is_some(),
            step.hangup.is_some(),
            step.update.is_some(),
            step.duplicate == Some(true),
            step.deploy.is_some(),
        ];
        if actions.iter().filter(|x| **x).count() != 1 {
            let message = "a step does exactly one thing".to_owned();
            let help = "give one of `press` (with `on`), `hangup`, `update`, `duplicate: true` or `deploy`";
            c.err(&step.at, "scenario::step", message, help);
            continue;
        }
        let what = if let Some(digits) = &step.press {
            let party = match &step.on {
                Some(p) => c.party(p),
                None => {
                    let help = "say who presses: `on: caller` or `on: callee`";
                    c.err(
                        &step.at,
                        "scenario::press",
                        "a key press without `on`".to_owned(),
                        help,
                    );
                    Party::Caller
                }
            };
            Step::Press {
                party,
                digits: digits.clone(),
            }
        } else if let Some(p) = &step.hangup {
            Step::HangUp(c.party(p))
        } else if let Some(args) = &step.update {
            Step::Update(args.clone())
        } else if let Some(file) = &step.deploy {
            match c.deploy(file) {
                Some(file) => Step::Deploy(file),
                None => continue,
            }
        } else {
            Step::Duplicate
        };
        timeline.push((at, what));
    }
    if timeline
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.0 > b.0))
        && let Some(last) = raw.timeline.last()
    {
        let help = "list the steps in the order they happen";
        let message = "the timeline goes back in time".to_owned();
        c.err(&last.at, "scenario::order", message, help);
    }
    let expect = expectations(&mut c, &raw.expect);
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    Ok(Scenario {
        name: raw.name.unwrap_or_else(|| path.to_owned()),
        covers: raw.covers,
        flow: raw.flow,
        config: raw.config,
        setup,
        dialled,
        collect: raw.collect,
        timeline,
        expect,
    })
}

fn rule(r: &RawRule) -> ActionRule {
    ActionRule {
        includes: r.includes.clone(),
        never: r.never.clone(),
    }
}

fn expectations(c: &mut Checker<'_>, e: &RawExpect) -> Expect {
    let heard = e.heard.map(Clone::clone);
    let not_heard = e.not_heard.map(Clone::clone);
    let mut recording = Vec::new();
    for at in &e.recording {
        let ms = c.duration(&at.at);
        if !["idle", "active", "paused", "stopped"].contains(&at.is.value.as_str()) {
            let message = format!("{:?} is not a recording state", at.is.value);
            c.err(
                &at.is,
                "scenario::recording",
                message,
                "write idle, active, paused or stopped",
            );
        }
        recording.push((ms, at.is.value.clone()));
    }
    let actions = e.actions.map(rule);
    let dead_air_ms = match &e.dead_air {
        Some(d) => c.duration(d),
        None => 10_000,
    };
    Expect {
        heard,
        not_heard,
        recording,
        recording_changes: e.recording_changes.clone(),
        actions,
        record: e.record.clone(),
        events: rule(&e.events),
        all_hung_up: e.all_hung_up.unwrap_or(true),
        dead_air_ms,
        every_action_accepted: e.every_action_accepted.unwrap_or(false),
        every_key_heard: e.every_key_heard.unwrap_or(false),
        no_flow_faults: e.no_flow_faults.unwrap_or(false),
    }
}

/// A stable UUID-shaped transaction id per scenario name (FNV-1a), so that each scenario has its
/// own call record and runs are repeatable.
fn transaction_id(name: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let h = format!("{hash:016x}");
    let (a, b) = h.split_at(8);
    let (b, c) = b.split_at(4);
    let (c3, b3) = (
        c.get(1..).unwrap_or_default(),
        b.get(1..).unwrap_or_default(),
    );
    format!("{a}-{b}-4{c3}-8{b3}-{c}{a}")
}
