//! An explored path written as a scenario file (`*.call.yaml`) that `handler simulate` replays:
//! the dialled parties' responses and the collect entries in the order the path met them, the
//! failures it chose, its scripted steps at the times it took them, and the expectation the
//! broken property fails.

use super::moves::Move;
use super::verdict::Witness;
use crate::scenario::Party;
use crate::service::{BridgeOutcome, Origin, Setup};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One step of a path, at its time since the call began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub at_ms: u64,
    pub mv: Move,
}

/// What a scenario file needs beyond the path.
#[derive(Debug, Clone)]
pub struct Frame<'a> {
    pub name: &'a str,
    /// The flow, as the scenario's `flow:` names it (relative to the scenario file).
    pub flow: &'a str,
    pub config: &'a BTreeMap<String, String>,
    pub setup: &'a Setup,
}

fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// The scenario; `repeat` own steps are appended this many times more (a loop without end).
#[must_use]
pub fn scenario(
    frame: &Frame<'_>,
    witness: Witness,
    why: &str,
    steps: &[Step],
    cycle: &[Step],
    repeat: usize,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Found by `dsl explore`: {why}");
    let _ = writeln!(out, "name: {}", q(frame.name));
    let _ = writeln!(out, "flow: {}", q(frame.flow));
    if !frame.config.is_empty() {
        let _ = writeln!(out, "config:");
        for (k, v) in frame.config {
            let _ = writeln!(out, "  {k}: {}", q(v));
        }
    }
    let via = if frame.setup.origin == Origin::Api {
        ", via: api"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "call: {{ from: {}, to: {}{via} }}",
        q(&frame.setup.from),
        q(&frame.setup.to)
    );
    let mut all: Vec<&Step> = steps.iter().collect();
    for _ in 0..repeat {
        all.extend(cycle.iter());
    }
    let dialled: Vec<&str> = all
        .iter()
        .filter_map(|s| match s.mv {
            Move::Dialled(o) => Some(match o {
                BridgeOutcome::Answered => "answers",
                BridgeOutcome::Busy => "busy",
                BridgeOutcome::NoAnswer => "no answer",
                BridgeOutcome::Refused => "refused",
            }),
            _ => None,
        })
        .collect();
    if !dialled.is_empty() {
        let _ = writeln!(out, "dialled: [{}]", dialled.join(", "));
    }
    let collect: Vec<String> = all
        .iter()
        .filter_map(|s| match &s.mv {
            Move::Entered(e) => Some(e.as_deref().map_or_else(|| "null".to_owned(), q)),
            _ => None,
        })
        .collect();
    if !collect.is_empty() {
        let _ = writeln!(out, "collect: [{}]", collect.join(", "));
    }
    if !frame.setup.failures.is_empty() {
        let _ = writeln!(out, "failures:");
        for f in &frame.setup.failures {
            let prompt = f
                .key
                .as_deref()
                .map(|k| format!(", prompt: {}", q(k)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  - {{ action: {}{prompt}, error: {}, times: {} }}",
                f.kind.as_str(),
                f.error,
                f.times
            );
        }
    }
    let timeline: Vec<String> = steps.iter().filter_map(timeline_step).collect();
    if !timeline.is_empty() {
        let _ = writeln!(out, "timeline:");
        for t in timeline {
            let _ = writeln!(out, "  - {t}");
        }
    }
    let _ = writeln!(out, "expect:");
    for line in expectation(witness) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

fn party(p: Party) -> &'static str {
    p.as_str()
}

fn timeline_step(step: &Step) -> Option<String> {
    let at = format!("at: {}ms", step.at_ms);
    Some(match &step.mv {
        Move::Press { party: p, digits } => {
            format!("{{ {at}, press: {}, on: {} }}", q(digits), party(*p))
        }
        Move::HangUp(p) => format!("{{ {at}, hangup: {} }}", party(*p)),
        Move::Update(args) => {
            let args: Vec<String> = args.iter().map(|(k, v)| format!("{k}: {}", q(v))).collect();
            format!("{{ {at}, update: {{ {} }} }}", args.join(", "))
        }
        Move::Duplicate => format!("{{ {at}, duplicate: true }}"),
        Move::Start | Move::Complete | Move::Dialled(_) | Move::Entered(_) => return None,
    })
}

/// The expectation a replay of the path fails.
fn expectation(witness: Witness) -> &'static [&'static str] {
    match witness {
        Witness::Refusal => &["every_action_accepted: true", "all_hung_up: false"],
        Witness::Fault => &["no_flow_faults: true", "all_hung_up: false"],
        Witness::Keys => &["every_key_heard: true", "all_hung_up: false"],
        Witness::Silence => &["all_hung_up: true", "dead_air: 10s"],
        Witness::Invalid => &[
            "events: { never: [INVALID_LAMBDA_RESPONSE] }",
            "all_hung_up: false",
        ],
        // The service's limit of invocations and its rule on duplicates are always checked.
        Witness::Limit | Witness::Duplicate | Witness::None => &["all_hung_up: false"],
    }
}
