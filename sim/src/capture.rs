//! From a capture to a scenario: the events of a real call (JSON lines, a JSON array, or JSON
//! documents one after another, as `handler replay` reads them) become a scenario that scripts the
//! same call, so that a production call can be kept as a regression test. [`script`] writes what
//! the parties did; [`expectations`] writes what a simulated run of that script did (who heard
//! which prompt, which actions reached which leg, every leg hung up), so that a later change of
//! the flow that alters the call is caught.

use interpreter::wire::{EventType, LegTag, decode_event};
use std::fmt::Write as _;

/// The least time between two scripted steps of a captured call.
const STEP_GAP_MS: u64 = 10_000;

/// Why a capture could not become a scenario.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptureError {
    /// `at` counts events from 1 (or is the line of text that could not be read as JSON).
    #[error("{at}: not an SMA event: {why}")]
    Event { at: String, why: String },
    #[error("the capture holds no NEW_INBOUND_CALL or NEW_OUTBOUND_CALL")]
    NoStart,
}

/// Writes the scenario text for the events in `text`, expecting only that every leg hangs up.
///
/// # Errors
///
/// An event that cannot be read, or a capture without the call's first event.
pub fn to_scenario(name: &str, text: &str) -> Result<String, CaptureError> {
    let mut out = script(name, text)?;
    out.push_str("expect:\n  all_hung_up: true\n");
    Ok(out)
}

/// The events of a capture as JSON texts: each document of the stream, the elements of an array.
fn items(text: &str) -> Result<Vec<String>, CaptureError> {
    let mut out = Vec::new();
    let stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    for (index, value) in stream.enumerate() {
        let value = value.map_err(|e| CaptureError::Event {
            at: format!("event {} (line {})", index + 1, e.line()),
            why: e.to_string(),
        })?;
        match value {
            serde_json::Value::Array(values) => out.extend(values.iter().map(ToString::to_string)),
            other => out.push(other.to_string()),
        }
    }
    Ok(out)
}

/// The expectations a simulated run of a script met: what each party heard, the actions that
/// reached each leg, every leg hung up.
#[must_use]
pub fn expectations(outcome: &crate::drive::Outcome) -> String {
    use crate::service::Entry;
    let mut heard: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let mut actions: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let slot = |leg: &str| usize::from(leg == LegTag::B.as_str());
    for entry in &outcome.entries {
        match entry {
            Entry::Hears { leg, prompt, .. } => {
                if let Some(list) = heard.get_mut(slot(leg)) {
                    list.push(format!("{prompt:?}"));
                }
            }
            Entry::Action {
                leg: Some(leg),
                action,
                ..
            } => {
                if let Some(list) = actions.get_mut(slot(leg))
                    && !list.iter().any(|a| a == action)
                {
                    list.push(action.to_string());
                }
            }
            _ => {}
        }
    }
    let mut out = String::from("expect:\n");
    let parties = ["caller", "callee"];
    if heard.iter().any(|h| !h.is_empty()) {
        out.push_str("  heard:\n");
        for (party, list) in parties.iter().zip(&heard) {
            if !list.is_empty() {
                let _ = writeln!(out, "    {party}: [{}]", list.join(", "));
            }
        }
    }
    if actions.iter().any(|a| !a.is_empty()) {
        out.push_str("  actions:\n");
        for (party, list) in parties.iter().zip(&actions) {
            if !list.is_empty() {
                let _ = writeln!(out, "    {party}: {{ includes: [{}] }}", list.join(", "));
            }
        }
    }
    out.push_str("  all_hung_up: true\n");
    out
}

/// Writes the scenario text for the events in `text` without expectations: the call, how the
/// dialled parties responded, what was entered and pressed, hang-ups and updates.
///
/// # Errors
///
/// An event that cannot be read, or a capture without the call's first event.
pub fn script(name: &str, text: &str) -> Result<String, CaptureError> {
    let items = items(text)?;
    let mut events = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let event = decode_event(item.as_bytes()).map_err(|e| CaptureError::Event {
            at: format!("event {}", i + 1),
            why: e.to_string(),
        })?;
        events.push(event);
    }
    let first = events
        .iter()
        .find(|e| {
            matches!(
                e.event_type,
                EventType::NewInboundCall | EventType::NewOutboundCall
            )
        })
        .ok_or(CaptureError::NoStart)?;
    let leg_a = first.call.leg(&LegTag::A);
    let start = leg_a.and_then(|p| p.start_time_ms).unwrap_or(0);
    let api = first.event_type == EventType::NewOutboundCall;
    let mut out = String::new();
    let _ = writeln!(out, "# Scripted from a capture of {} events.", events.len());
    let _ = writeln!(out, "name: {name:?}");
    let _ = writeln!(out, "call:");
    let _ = writeln!(
        out,
        "  from: {:?}",
        leg_a.map(|p| p.from.as_str()).unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "  to: {:?}",
        leg_a.map(|p| p.to.as_str()).unwrap_or_default()
    );
    if api {
        let _ = writeln!(out, "  via: api");
        let arguments: Vec<String> = first
            .action_data
            .as_ref()
            .map(|d| {
                d.parameters
                    .arguments
                    .iter()
                    .map(|(k, v)| format!("{k:?}: {v:?}"))
                    .collect()
            })
            .unwrap_or_default();
        if !arguments.is_empty() {
            let _ = writeln!(out, "  arguments: {{ {} }}", arguments.join(", "));
        }
    }
    let mut dialled = Vec::new();
    let mut collect = Vec::new();
    let mut timeline = Vec::new();
    let mut last_step: Option<u64> = None;
    for e in &events {
        // Events carry no time of their own, only when each leg started: a step is placed no
        // earlier than the latest leg start, and at least `STEP_GAP_MS` after the step before it,
        // so that the flow has answered one press before the next arrives.
        let latest_leg = e
            .call
            .participants
            .iter()
            .filter_map(|p| p.start_time_ms)
            .max()
            .unwrap_or(start)
            .saturating_sub(start);
        let at = last_step.map_or(latest_leg, |t| latest_leg.max(t + STEP_GAP_MS));
        let steps_before = timeline.len();
        let data = e.action_data.as_ref();
        let kind = data.and_then(|d| d.kind()).map(|k| k.as_str().to_owned());
        let leg = party_of(e);
        match (&e.event_type, kind.as_deref()) {
            (EventType::ActionSuccessful, Some("CallAndBridge")) | (EventType::CallAnswered, _) => {
                dialled.push("answers".to_owned());
            }
            (EventType::ActionFailed, Some("CallAndBridge")) => {
                let busy = e
                    .error
                    .as_ref()
                    .and_then(|x| x.message.as_deref())
                    .is_some_and(|m| m.contains("usy"));
                dialled.push(if busy { "busy" } else { "no answer" }.to_owned());
            }
            (EventType::ActionSuccessful, Some("PlayAudioAndGetDigits" | "SpeakAndGetDigits")) => {
                collect.push(
                    data.and_then(|d| d.received_digits.clone())
                        .unwrap_or_default(),
                );
            }
            (EventType::DigitsReceived, _) => {
                let digits = data
                    .and_then(|d| d.received_digits.clone())
                    .unwrap_or_default();
                timeline.push(format!(
                    "  - {{ at: {at}ms, press: {digits:?}, on: {leg} }}"
                ));
            }
            (EventType::Hangup, _) if e.call.any_connected() => {
                timeline.push(format!("  - {{ at: {at}ms, hangup: {leg} }}"));
            }
            (EventType::CallUpdateRequested, _) => {
                let args: Vec<String> = data
                    .map(|d| {
                        d.parameters
                            .arguments
                            .iter()
                            .map(|(k, v)| format!("{k}: {v:?}"))
                            .collect()
                    })
                    .unwrap_or_default();
                timeline.push(format!(
                    "  - {{ at: {at}ms, update: {{ {} }} }}",
                    args.join(", ")
                ));
            }
            _ => {}
        }
        if timeline.len() > steps_before {
            last_step = Some(at);
        }
    }
    if !dialled.is_empty() {
        let _ = writeln!(out, "dialled: [{}]", dialled.join(", "));
    }
    if !collect.is_empty() {
        let quoted: Vec<String> = collect.iter().map(|c| format!("{c:?}")).collect();
        let _ = writeln!(out, "collect: [{}]", quoted.join(", "));
    }
    if !timeline.is_empty() {
        let _ = writeln!(out, "timeline:");
        for t in timeline {
            let _ = writeln!(out, "{t}");
        }
    }
    Ok(out)
}

/// The party an event is about, by the leg its `ActionData` names.
fn party_of(event: &interpreter::wire::Event) -> &'static str {
    let params = event.action_data.as_ref().map(|d| &d.parameters);
    let tag = params.and_then(|p| {
        p.participant_tag.clone().or_else(|| {
            let id = p.call_id.as_ref()?;
            event.call.participant(id.as_str()).map(|x| x.tag.clone())
        })
    });
    if tag == Some(LegTag::B) {
        "callee"
    } else {
        "caller"
    }
}
