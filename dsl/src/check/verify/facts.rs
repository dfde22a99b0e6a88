//! What each verb does to the call, as far as the path analyses care: which leg it addresses,
//! whether the call then waits for its result, and how it changes the legs and the recording.
//!
//! The facts are read from the verb table ([`interpreter::verb`]); this module only says how the
//! analyses use them (and which recording states each change needs, which the table leaves to
//! the language).

use interpreter::ir::{ActionTemplate, RecordingOp, RecordingState, Target};
use interpreter::verb::{self, Effect, Outcome, RecordingChange, VERBS};
use interpreter::wire::ActionKind;
use interpreter::wire::limits::ProtocolDefault;

fn effects(kind: ActionKind) -> impl Iterator<Item = &'static Effect> {
    VERBS
        .iter()
        .filter(move |v| v.action == kind)
        .flat_map(|v| v.effects.iter())
}

/// The leg an action is sent to, when it addresses one leg.
pub fn addressed_leg(action: &ActionTemplate) -> Option<Target> {
    match action {
        ActionTemplate::PlayAudio { to, .. }
        | ActionTemplate::Speak { to, .. }
        | ActionTemplate::SendDigits { to, .. } => Some(*to),
        ActionTemplate::PlayAudioAndGetDigits { on, .. }
        | ActionTemplate::SpeakAndGetDigits { on, .. }
        | ActionTemplate::Pause { on, .. }
        | ActionTemplate::RecordAudio { on, .. }
        | ActionTemplate::VoiceFocus { on, .. }
        | ActionTemplate::JoinChimeMeeting { on, .. }
        | ActionTemplate::ModifyChimeMeetingAttendees { on, .. }
        | ActionTemplate::StartBotConversation { on, .. } => Some(*on),
        ActionTemplate::Hangup { leg, .. } => Some(*leg),
        ActionTemplate::PlayAudioBoth { .. } | ActionTemplate::CallAndBridge { .. } => None,
    }
}

/// How many SMA actions a statement sends (`play ... to both` sends one per connected leg).
pub fn action_count(action: &ActionTemplate, connected_legs: usize) -> usize {
    match action {
        ActionTemplate::PlayAudioBoth { .. } => connected_legs,
        _ => 1,
    }
}

/// Whether the call, once the action is sent, waits for something from it: everything but a
/// background listener and a hang-up.
pub fn awaited(kind: ActionKind) -> bool {
    verb::outcome_of(kind) != Outcome::Ending && !effects(kind).any(|e| *e == Effect::ArmsListener)
}

/// Whether the action can fail with an `ACTION_FAILED` event. An ending is taken to succeed: a
/// hang-up that failed would leave nothing for the flow to do.
pub fn can_fail(kind: ActionKind) -> bool {
    verb::outcome_of(kind) != Outcome::Ending
}

/// Whether the action creates the second leg (it rings until the bridge's result arrives).
pub fn creates_leg(kind: ActionKind) -> bool {
    effects(kind).any(|e| *e == Effect::AddsLeg)
}

/// The recording states from which an operation is valid, and the state it leads to.
pub fn recording_transition(op: &RecordingOp) -> (&'static [RecordingState], RecordingState) {
    let change = effects(op.kind()).find_map(|e| match e {
        Effect::Recording(c) => Some(*c),
        _ => None,
    });
    match change {
        Some(RecordingChange::Start) | None => (&[RecordingState::Idle], RecordingState::Active),
        Some(RecordingChange::Pause) => (&[RecordingState::Active], RecordingState::Paused),
        Some(RecordingChange::Resume) => (&[RecordingState::Paused], RecordingState::Active),
        Some(RecordingChange::Stop) => (
            &[RecordingState::Active, RecordingState::Paused],
            RecordingState::Stopped,
        ),
    }
}

/// The verb as a flow writes it, for messages.
pub fn recording_verb(op: &RecordingOp) -> &'static str {
    verb::verb_of(op.kind())
}

/// The longest digit string an action collects, for the sizes of the variables it is stored in.
pub fn collected_digits(action: &ActionTemplate) -> Option<u32> {
    match action {
        ActionTemplate::PlayAudioAndGetDigits { digits, .. }
        | ActionTemplate::SpeakAndGetDigits { digits, .. } => {
            digits.max.or_else(|| default_max_digits(action.kind()))
        }
        _ => None,
    }
}

/// What the service collects when `max` is left out, from the protocol's table.
fn default_max_digits(kind: ActionKind) -> Option<u32> {
    let v = VERBS.iter().find(|v| v.action == kind)?;
    let label = v.label("max")?;
    match v.protocol_default(label)? {
        ProtocolDefault::Int(n) => u32::try_from(n).ok(),
        _ => None,
    }
}

/// The SMA's cap on invocations of one call: loops driven by results must stop well before it.
pub const MAX_INVOCATIONS: usize = 1_000;
