//! The properties every call of a checked flow must keep, judged on what one step of an explored
//! call did and on the state it left: legs used only while up, recording changes the service
//! accepts, key presses heard, no party left in silence, every leg hung up in the end, answers the
//! service can use, and calls within the service's limit of invocations.

use crate::scenario::Party;
use crate::service::{Entry, LegState, Running, Service};
use interpreter::wire::ActionKind;

/// A property an explored call broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Property {
    /// An action sent to a leg that is not up (never dialled, still ringing, or hung up).
    LegNotUp,
    /// A recording change the service refused (pause or stop of no running recording, resume of
    /// no paused one, a second start).
    RecordingState,
    /// Another action the service refused as invalid.
    Refused,
    /// A value longer than the variable it was stored in: the answer was not the flow's.
    ValueTooLong,
    /// Another fault of the flow at run time: the answer was its fallback, not what it says.
    Fault,
    /// Keys the flow would have acted on, pressed while no listener was armed: lost.
    ListenerNotArmed,
    /// A party left connected with nothing playing, no bridge, nothing awaited.
    Silence,
    /// One leg hung up and the other was left up with nothing happening.
    HangupIncomplete,
    /// The service could not use an answer (`INVALID_LAMBDA_RESPONSE`).
    InvalidResponse,
    /// The call reached the service's limit of invocations, or loops by itself without end.
    UnboundedLoop,
    /// The same event delivered twice got two different answers.
    Duplicate,
    /// Exploration stopped at its bound of states: what lies beyond was not explored.
    Incomplete,
}

impl Property {
    /// Every property, in report order.
    pub const ALL: [Self; 12] = [
        Self::LegNotUp,
        Self::RecordingState,
        Self::Refused,
        Self::ValueTooLong,
        Self::Fault,
        Self::ListenerNotArmed,
        Self::Silence,
        Self::HangupIncomplete,
        Self::InvalidResponse,
        Self::UnboundedLoop,
        Self::Duplicate,
        Self::Incomplete,
    ];

    /// The stable name, as `flow::explore::NAME` in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LegNotUp => "leg_not_up",
            Self::RecordingState => "recording_state",
            Self::Refused => "refused_action",
            Self::ValueTooLong => "value_too_long",
            Self::Fault => "fault",
            Self::ListenerNotArmed => "listener_not_armed",
            Self::Silence => "silence",
            Self::HangupIncomplete => "hangup_incomplete",
            Self::InvalidResponse => "invalid_response",
            Self::UnboundedLoop => "unbounded_loop",
            Self::Duplicate => "duplicate_answer",
            Self::Incomplete => "incomplete",
        }
    }
}

/// What a replay of the call shows, and so which expectation of a scenario it fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Witness {
    /// The service refused an action (`every_action_accepted`).
    Refusal,
    /// The flow faulted and answered with its fallback (`no_flow_faults`).
    Fault,
    /// Keys reached nothing (`every_key_heard`).
    Keys,
    /// A party left in silence, or up at the end (`all_hung_up`, `dead_air`).
    Silence,
    /// `INVALID_LAMBDA_RESPONSE` was sent (`events: never`).
    Invalid,
    /// The call reached the service's limit of invocations (always checked).
    Limit,
    /// Two answers to one delivery (always checked).
    Duplicate,
    /// Nothing to replay.
    None,
}

/// What a step broke, where, and what shows it.
pub type Finding = (Property, String, Witness);

fn is_recording(kind: &str) -> bool {
    kind.parse::<ActionKind>().is_ok_and(|k| {
        matches!(
            k,
            ActionKind::StartCallRecording
                | ActionKind::PauseCallRecording
                | ActionKind::ResumeCallRecording
                | ActionKind::StopCallRecording
        )
    })
}

/// What the step's log shows; `refused_dial` when the step itself was a refused dial (whose
/// `InvalidActionParameter` is the outcome chosen, not the flow's mistake).
#[must_use]
pub fn of_log(log: &[Entry], state: &str, refused_dial: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for entry in log {
        match entry {
            Entry::Event {
                event,
                about,
                leg,
                detail,
                duplicate: false,
                ..
            } if event == "ACTION_FAILED"
                && detail.as_deref() == Some("InvalidActionParameter") =>
            {
                let about = about.clone().unwrap_or_default();
                if about == "CallAndBridge" && refused_dial {
                    continue;
                }
                let (property, why) = match leg {
                    None => (Property::LegNotUp, "its leg is not up"),
                    Some(_) if is_recording(&about) => (
                        Property::RecordingState,
                        "the recording is not in a state that allows it",
                    ),
                    Some(_) => (Property::Refused, "its parameters are not valid"),
                };
                out.push((
                    property,
                    format!("in state {state}, the service refused {about}: {why}"),
                    Witness::Refusal,
                ));
            }
            Entry::Event { event, .. } if event == "INVALID_LAMBDA_RESPONSE" => {
                out.push((
                    Property::InvalidResponse,
                    format!("in state {state}, the service could not use an answer"),
                    Witness::Invalid,
                ));
            }
            Entry::Answer {
                note: Some(note), ..
            } if note.starts_with("flow fault:")
                || note.starts_with("the answer was not valid:") =>
            {
                let property = if note.contains("is not in the call")
                    || note.contains("holds no leg")
                    || note.contains("without a call id")
                {
                    Property::LegNotUp
                } else if note.contains("holds at most") {
                    Property::ValueTooLong
                } else if note.contains("no recording was started") {
                    Property::RecordingState
                } else {
                    Property::Fault
                };
                out.push((
                    property,
                    format!("in state {state}, {note}"),
                    Witness::Fault,
                ));
            }
            Entry::Violation { text, .. } => {
                out.push((
                    Property::Duplicate,
                    format!("in state {state}, {text}"),
                    Witness::Duplicate,
                ));
            }
            _ => {}
        }
    }
    out
}

/// Whether a leg is served: hearing something, bridged, ringing back, or at a collect.
fn served(service: &Service, index: usize) -> bool {
    let up = |i: usize| {
        service
            .legs
            .get(i)
            .is_some_and(|l| l.state == LegState::Connected)
    };
    if service.bridged && (index == 0 && up(1) || index == 1 && up(0)) {
        return true;
    }
    match &service.running {
        Some(Running::Timed { leg, audible, .. }) => *leg == index && *audible,
        Some(Running::Collect { leg, .. } | Running::Busy { leg, .. }) => *leg == index,
        Some(Running::Bridge { .. }) => index == 0,
        Some(Running::Dialling { .. }) => true,
        Some(Running::Unanswered { .. }) | None => false,
    }
}

/// What the state a step left shows: a new call left unanswered, or a party waiting in silence
/// with nothing left that could change it but the party itself (no action running or pending, no
/// listener armed on its leg).
#[must_use]
pub fn of_state(service: &Service, state: &str) -> Option<Finding> {
    if service.over {
        return None;
    }
    if matches!(service.running, Some(Running::Unanswered { .. })) {
        return Some((
            Property::Silence,
            format!("in state {state}, the new call was answered with nothing to do"),
            Witness::Silence,
        ));
    }
    if service.running.is_some() || !service.pending.is_empty() {
        return None;
    }
    let gone = service
        .legs
        .iter()
        .find(|l| l.state == LegState::Gone && l.was_connected);
    for (index, leg) in service.legs.iter().enumerate() {
        let up = matches!(leg.state, LegState::Offered | LegState::Connected);
        let listening = service.listeners.iter().any(|l| l.leg == index);
        if !up || listening || served(service, index) {
            continue;
        }
        let party = Party::of_leg(leg.tag.as_str()).map_or("a party", Party::as_str);
        return Some(match gone {
            Some(other) => (
                Property::HangupIncomplete,
                format!(
                    "in state {state}, {} hung up and the {party} was left on the line in silence",
                    Party::of_leg(other.tag.as_str()).map_or("a party", |p| p.as_str())
                ),
                Witness::Silence,
            ),
            None => (
                Property::Silence,
                format!("in state {state}, the {party} waits in silence with nothing to come"),
                Witness::Silence,
            ),
        });
    }
    None
}
