//! From a capture to a scenario: the events of a real call (JSON lines or a JSON array, as
//! `handler replay` reads them) become a scenario that scripts the same call, so that a production
//! call can be kept as a regression test.

use interpreter::wire::{EventType, LegTag, decode_event};
use std::fmt::Write as _;

/// Why a capture could not become a scenario.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaptureError {
    #[error("line {line}: not an SMA event: {why}")]
    Event { line: usize, why: String },
    #[error("the capture holds no NEW_INBOUND_CALL or NEW_OUTBOUND_CALL")]
    NoStart,
}

/// Writes the scenario text for the events in `text`.
///
/// # Errors
///
/// An event that cannot be read, or a capture without the call's first event.
pub fn to_scenario(name: &str, text: &str) -> Result<String, CaptureError> {
    let trimmed = text.trim_start();
    let items: Vec<String> = if trimmed.starts_with('[') {
        let values: Vec<serde_json::Value> =
            serde_json::from_str(trimmed).map_err(|e| CaptureError::Event {
                line: 1,
                why: e.to_string(),
            })?;
        values.iter().map(ToString::to_string).collect()
    } else {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut events = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let event = decode_event(item.as_bytes()).map_err(|e| CaptureError::Event {
            line: i + 1,
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
    }
    let mut dialled = Vec::new();
    let mut collect = Vec::new();
    let mut timeline = Vec::new();
    for e in &events {
        let at = e
            .call
            .participants
            .iter()
            .filter_map(|p| p.start_time_ms)
            .max()
            .unwrap_or(start)
            .saturating_sub(start);
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
    let _ = writeln!(out, "expect:");
    let _ = writeln!(out, "  all_hung_up: true");
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
