//! A simulated call for people and machines: the text transcript (time, events in, state, actions
//! out, what each party hears, legs, recording, dead air, record writes), the same as JSON, and a
//! Mermaid sequence diagram.

use crate::drive::Outcome;
use crate::expect::Failure;
use crate::scenario::Scenario;
use crate::service::Entry;
use std::fmt::Write as _;

/// The call-record fields a transcript shows: the ones a scenario decides, not the flow's version
/// hash or the retention time.
const RECORD_FIELDS: [&str; 7] = [
    "direction",
    "caller",
    "callee",
    "status",
    "failure",
    "durationSeconds",
    "recording",
];

/// `m:ss.mmm` since the call began.
#[must_use]
pub fn clock(ms: u64) -> String {
    format!("{}:{:02}.{:03}", ms / 60_000, (ms / 1_000) % 60, ms % 1_000)
}

fn party(leg: &str) -> &str {
    match leg {
        "LEG-A" => "caller",
        "LEG-B" => "callee",
        other => other,
    }
}

/// One entry as a transcript line (without its time).
#[must_use]
pub fn line(entry: &Entry) -> String {
    match entry {
        Entry::Event {
            sequence,
            event,
            about,
            leg,
            detail,
            duplicate,
            ..
        } => {
            let mut text = format!("-> #{sequence} {event}");
            if let Some(a) = about {
                let _ = write!(text, " {a}");
            }
            if let Some(l) = leg {
                let _ = write!(text, " on {l}");
            }
            if let Some(d) = detail {
                let _ = write!(text, " [{d}]");
            }
            if *duplicate {
                text.push_str(" (delivered again)");
            }
            text
        }
        Entry::Answer {
            actions,
            state,
            note,
            ignored,
            ..
        } => {
            let list = if actions.is_empty() {
                "(no actions)".to_owned()
            } else {
                actions.join("; ")
            };
            let mut text = format!("<- {list}");
            if let Some(s) = state {
                let _ = write!(text, "  {{state {s}}}");
            }
            if *ignored {
                text.push_str("  (ignored by the service)");
            }
            if let Some(n) = note {
                let _ = write!(text, "\n             note: {n}");
            }
            text
        }
        Entry::Writes { effects, .. } => format!("   record: {}", effects.join("; ")),
        Entry::Action { detail, .. } => format!("   runs {detail}"),
        Entry::Hears { leg, prompt, .. } => format!("   {} ({leg}) hears {prompt}", party(leg)),
        Entry::Leg { leg, status, .. } => format!("   {} ({leg}) {status}", party(leg)),
        Entry::Recording { leg, state, .. } => format!("   recording on {leg}: {state}"),
        Entry::Digits {
            leg,
            digits,
            outcome,
            ..
        } => format!("   {} ({leg}) presses {digits:?}: {outcome}", party(leg)),
        Entry::DeadAir {
            leg,
            from_ms,
            to_ms,
        } => format!(
            "   dead air: {} ({leg}) silent for {} ms since {}",
            party(leg),
            to_ms - from_ms,
            clock(*from_ms)
        ),
        Entry::Service { text, .. } => format!("   service: {text}"),
        Entry::Violation { text, .. } => format!("   VIOLATION: {text}"),
    }
}

/// The time a transcript line is shown at (dead air at its end, when it is known).
fn shown_at(entry: &Entry) -> u64 {
    match entry {
        Entry::DeadAir { to_ms, .. } => *to_ms,
        other => other.at_ms(),
    }
}

/// The human transcript; cut after `until_ms` when given (the place an expectation failed).
#[must_use]
pub fn text(
    scenario: &Scenario,
    outcome: &Outcome,
    failures: &[Failure],
    until_ms: Option<u64>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario: {}", scenario.name);
    let _ = writeln!(
        out,
        "call: {} -> {}",
        shown(&scenario.setup.from),
        shown(&scenario.setup.to)
    );
    for entry in &outcome.entries {
        let at = shown_at(entry);
        if until_ms.is_some_and(|u| at > u) {
            let _ = writeln!(out, "  ... (cut where the expectation failed)");
            break;
        }
        let _ = writeln!(out, "  {}  {}", clock(at), line(entry));
    }
    let fields: Vec<String> = RECORD_FIELDS
        .iter()
        .filter_map(|f| {
            crate::expect::record_field(&outcome.record, f)
                .filter(|v| !v.is_empty())
                .map(|v| format!("{f}={v}"))
        })
        .collect();
    let _ = writeln!(out, "record: {}", fields.join(" "));
    if failures.is_empty() {
        let _ = writeln!(out, "result: every expectation holds");
    } else {
        for f in failures {
            let _ = writeln!(out, "FAILED {}: {}", f.expectation, f.detail);
        }
    }
    out
}

fn shown(number: &str) -> String {
    if number.is_empty() {
        "(empty)".to_owned()
    } else {
        number.to_owned()
    }
}

/// The same as data.
#[must_use]
pub fn json(scenario: &Scenario, outcome: &Outcome, failures: &[Failure]) -> serde_json::Value {
    serde_json::json!({
        "scenario": scenario.name,
        "covers": scenario.covers,
        "passed": failures.is_empty(),
        "failures": failures,
        "entries": outcome.entries,
        "record": outcome.record,
    })
}

/// A Mermaid `sequenceDiagram` of the call.
#[must_use]
pub fn mermaid(outcome: &Outcome) -> String {
    let mut out = String::from(
        "sequenceDiagram\n    participant Caller\n    participant SMA\n    participant Flow as Function (flow)\n    participant Callee\n",
    );
    let who = |leg: &str| if leg == "LEG-B" { "Callee" } else { "Caller" };
    for entry in &outcome.entries {
        let at = clock(shown_at(entry));
        let line = match entry {
            Entry::Event {
                event,
                about,
                duplicate,
                ..
            } => {
                let again = if *duplicate { " (again)" } else { "" };
                let about = about
                    .as_deref()
                    .map(|a| format!(" {a}"))
                    .unwrap_or_default();
                format!("    SMA->>Flow: {at} {event}{about}{again}")
            }
            Entry::Answer {
                actions, ignored, ..
            } => {
                let kinds: Vec<&str> = actions
                    .iter()
                    .map(|a| a.split(' ').next().unwrap_or_default())
                    .collect();
                let list = if kinds.is_empty() {
                    "no actions".to_owned()
                } else {
                    kinds.join(", ")
                };
                let ignored = if *ignored { " (ignored)" } else { "" };
                format!("    Flow-->>SMA: {list}{ignored}")
            }
            Entry::Hears { leg, prompt, .. } => format!("    SMA->>{}: plays {prompt}", who(leg)),
            Entry::Digits { leg, digits, .. } => {
                format!("    {}->>SMA: presses {digits}", who(leg))
            }
            Entry::Leg { leg, status, .. } => format!("    Note over {}: {at} {status}", who(leg)),
            Entry::Recording { state, .. } => format!("    Note over SMA: recording {state}"),
            Entry::DeadAir {
                leg,
                from_ms,
                to_ms,
            } => format!("    Note over {}: silent {} ms", who(leg), to_ms - from_ms),
            Entry::Service { text, .. } | Entry::Violation { text, .. } => {
                format!("    Note over SMA: {}", text.replace([';', '#'], ","))
            }
            Entry::Action { .. } | Entry::Writes { .. } => continue,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}
