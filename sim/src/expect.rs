//! Checks a scenario's expectations against what the simulated call did.

use crate::drive::Outcome;
use crate::scenario::{Party, Scenario};
use crate::service::{Entry, LegState};
use serde::Serialize;

/// An expectation that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub expectation: String,
    /// When it was seen to fail, for cutting the transcript there.
    pub at_ms: Option<u64>,
    pub detail: String,
}

fn fail(expectation: &str, at_ms: Option<u64>, detail: String) -> Failure {
    Failure {
        expectation: expectation.to_owned(),
        at_ms,
        detail,
    }
}

/// Every expectation that failed, in the order the file lists them.
#[must_use]
pub fn check(scenario: &Scenario, outcome: &Outcome) -> Vec<Failure> {
    let e = &scenario.expect;
    let mut out = Vec::new();
    let leg_of = |party: Party| party.tag().as_str().to_owned();
    let heard = |party: Party| -> Vec<String> {
        let leg = leg_of(party);
        outcome
            .entries
            .iter()
            .filter_map(|x| match x {
                Entry::Hears { leg: l, prompt, .. } if *l == leg => Some(prompt.clone()),
                _ => None,
            })
            .collect()
    };
    for (party, want) in &e.heard {
        let got = heard(*party);
        if &got != want {
            let detail = format!("expected {want:?}, heard {got:?}");
            out.push(fail(
                &format!("heard by the {}", party.as_str()),
                None,
                detail,
            ));
        }
    }
    for (party, never) in &e.not_heard {
        for prompt in never {
            if heard(*party).contains(prompt) {
                let detail = format!("{prompt} was played to the {}", party.as_str());
                out.push(fail(
                    &format!("not heard by the {}", party.as_str()),
                    None,
                    detail,
                ));
            }
        }
    }
    let changes: Vec<(u64, String)> = outcome
        .entries
        .iter()
        .filter_map(|x| match x {
            Entry::Recording { at_ms, state, .. } => Some((*at_ms, state.to_string())),
            _ => None,
        })
        .collect();
    for (at, want) in &e.recording {
        let got = changes
            .iter()
            .rev()
            .find(|(t, _)| t <= at)
            .map_or("idle", |(_, s)| s.as_str());
        if got != want {
            let detail = format!("expected {want} at {} ms, it was {got}", at);
            out.push(fail("recording state", Some(*at), detail));
        }
    }
    if let Some(want) = &e.recording_changes {
        let got: Vec<String> = changes.iter().map(|(_, s)| s.clone()).collect();
        if &got != want {
            let detail = format!("expected {want:?}, got {got:?}");
            out.push(fail("recording changes", None, detail));
        }
    }
    for (party, rule) in &e.actions {
        let leg = leg_of(*party);
        let got: Vec<(u64, String)> = outcome
            .entries
            .iter()
            .filter_map(|x| match x {
                Entry::Action {
                    at_ms,
                    leg: Some(l),
                    action,
                    ..
                } if *l == leg => Some((*at_ms, action.to_string())),
                _ => None,
            })
            .collect();
        for want in &rule.includes {
            if !got.iter().any(|(_, a)| a == want) {
                let detail = format!("no {want} reached the {}", party.as_str());
                out.push(fail(
                    &format!("actions on the {}", party.as_str()),
                    None,
                    detail,
                ));
            }
        }
        for never in &rule.never {
            if let Some((at, _)) = got.iter().find(|(_, a)| a == never) {
                let detail = format!("{never} reached the {}", party.as_str());
                out.push(fail(
                    &format!("actions on the {}", party.as_str()),
                    Some(*at),
                    detail,
                ));
            }
        }
    }
    for (field, want) in &e.record {
        let got = record_field(&outcome.record, field);
        if got.as_deref() != Some(want.as_str()) {
            let detail = format!("expected {want:?}, the record has {got:?}");
            out.push(fail(&format!("call record field {field}"), None, detail));
        }
    }
    let events: Vec<(u64, String)> = outcome
        .entries
        .iter()
        .filter_map(|x| match x {
            Entry::Event { at_ms, event, .. } => Some((*at_ms, event.to_string())),
            _ => None,
        })
        .collect();
    for want in &e.events.includes {
        if !events.iter().any(|(_, ev)| ev == want) {
            out.push(fail("events", None, format!("no {want} was sent")));
        }
    }
    for never in &e.events.never {
        if let Some((at, _)) = events.iter().find(|(_, ev)| ev == never) {
            out.push(fail("events", Some(*at), format!("{never} was sent")));
        }
    }
    if e.all_hung_up {
        let up: Vec<&str> = outcome
            .service
            .legs
            .iter()
            .filter(|l| matches!(l.state, LegState::Offered | LegState::Connected))
            .map(|l| l.tag.as_str())
            .collect();
        if !up.is_empty() {
            let detail = format!("still up at the end: {}", up.join(", "));
            out.push(fail("every leg hung up", None, detail));
        }
    }
    let limit = outcome.service.setup.limits.max_invocations;
    if outcome.service.invocations >= limit {
        let detail = format!("the call reached the service's limit of {limit} invocations");
        out.push(fail("within the invocation limit", None, detail));
    }
    for x in &outcome.entries {
        match x {
            Entry::Event {
                at_ms,
                event,
                about,
                detail: Some(error),
                duplicate: false,
                ..
            } if e.every_action_accepted
                && event == "ACTION_FAILED"
                && error == "InvalidActionParameter" =>
            {
                let about = about.as_deref().unwrap_or("an action");
                let detail = format!("the service refused {about} as invalid");
                out.push(fail("every action accepted", Some(*at_ms), detail));
            }
            Entry::Digits {
                at_ms,
                leg,
                digits,
                outcome: what,
            } if e.every_key_heard && what.starts_with("discarded") => {
                let detail = format!("{digits} pressed on {leg} reached nothing: {what}");
                out.push(fail("every key heard", Some(*at_ms), detail));
            }
            Entry::Answer {
                at_ms,
                note: Some(note),
                ..
            } if e.no_flow_faults
                && (note.starts_with("flow fault:")
                    || note.starts_with("the answer was not valid:")) =>
            {
                out.push(fail("no flow faults", Some(*at_ms), note.clone()));
            }
            _ => {}
        }
        if let Entry::DeadAir {
            leg,
            from_ms,
            to_ms,
        } = x
            && to_ms - from_ms > e.dead_air_ms
        {
            let detail = format!(
                "{leg} waited in silence from {from_ms} ms to {to_ms} ms (bound {} ms)",
                e.dead_air_ms
            );
            out.push(fail("dead air", Some(*to_ms), detail));
        }
        if let Entry::Violation { at_ms, text } = x {
            out.push(fail("the service's rules", Some(*at_ms), text.clone()));
        }
    }
    out
}

/// A record field as text: scalars as written, `recording` as its changes joined by commas.
#[must_use]
pub fn record_field(record: &serde_json::Value, field: &str) -> Option<String> {
    if field == "recording" {
        let changes = record.get("recording")?.get("changes")?.as_array()?;
        let names: Vec<&str> = changes
            .iter()
            .filter_map(|c| c.get("change").and_then(|x| x.as_str()))
            .collect();
        return Some(names.join(","));
    }
    match record.get(field)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}
