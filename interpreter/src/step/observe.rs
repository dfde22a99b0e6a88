//! Call-record facts the service reports on its own, whatever the flow says: how a leg hung up
//! (its SIP code) and which S3 object the call recording is written to. Added to every turn's
//! effects beside what the flow notes.

use super::eval::event_leg;
use crate::effect::Effect;
use crate::ir::LegRef;
use crate::wire::{ActionKind, Event, EventType};

/// The facts `event` reports by itself.
pub fn observed(event: &Event) -> Vec<Effect> {
    let mut effects = Vec::new();
    let Some(data) = event.action_data.as_ref() else {
        return effects;
    };
    match event.event_type {
        EventType::Hangup => {
            let leg = match event_leg(event) {
                Some(LegRef::A) => "LEG-A",
                Some(LegRef::B) => "LEG-B",
                None => "unknown",
            };
            // The event carries no hang-up time: the handler's clock supplies it.
            effects.push(Effect::LegEnded {
                leg: leg.to_owned(),
                sip_code: data.parameters.sip_response_code,
                at_ms: None,
            });
        }
        EventType::ActionSuccessful if data.kind() == Some(ActionKind::StartCallRecording) => {
            if let Some(key) = data
                .call_recording_destination
                .as_ref()
                .and_then(|d| d.location.clone())
            {
                effects.push(Effect::RecordingObject { key });
            }
        }
        _ => {}
    }
    effects
}
