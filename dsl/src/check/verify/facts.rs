//! What each verb does to the call, as far as the path analyses care: which leg it addresses,
//! whether the call then waits for its result, and how it changes the legs and the recording.
//!
//! Every per-verb fact the analyses use is here and nowhere else, so that one table of verbs can
//! replace this module without touching the analyses.

use interpreter::ir::{ActionTemplate, RecordingOp, RecordingState, Target};
use interpreter::wire::ActionKind;

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
    !matches!(kind, ActionKind::ReceiveDigits | ActionKind::Hangup)
}

/// Whether the action can fail with an `ACTION_FAILED` event.
pub fn can_fail(kind: ActionKind) -> bool {
    kind != ActionKind::Hangup
}

/// Whether the action creates the second leg (it rings until the bridge's result arrives).
pub fn creates_leg(kind: ActionKind) -> bool {
    kind == ActionKind::CallAndBridge
}

/// The recording states from which an operation is valid, and the state it leads to.
pub fn recording_transition(op: &RecordingOp) -> (&'static [RecordingState], RecordingState) {
    match op {
        RecordingOp::Start { .. } => (&[RecordingState::Idle], RecordingState::Active),
        RecordingOp::Pause => (&[RecordingState::Active], RecordingState::Paused),
        RecordingOp::Resume => (&[RecordingState::Paused], RecordingState::Active),
        RecordingOp::Stop => (
            &[RecordingState::Active, RecordingState::Paused],
            RecordingState::Stopped,
        ),
    }
}

/// The verb as a flow writes it, for messages.
pub fn recording_verb(op: &RecordingOp) -> &'static str {
    match op {
        RecordingOp::Start { .. } => "start recording",
        RecordingOp::Pause => "pause recording",
        RecordingOp::Resume => "resume recording",
        RecordingOp::Stop => "stop recording",
    }
}

/// The longest digit string an action collects, for the sizes of the variables it is stored in.
pub fn collected_digits(action: &ActionTemplate) -> Option<u32> {
    match action {
        ActionTemplate::PlayAudioAndGetDigits { digits, .. }
        | ActionTemplate::SpeakAndGetDigits { digits, .. } => {
            Some(digits.max.unwrap_or(MAX_COLLECTED_DIGITS))
        }
        _ => None,
    }
}

/// The SMA's own ceiling on `MaxNumberOfDigits`.
const MAX_COLLECTED_DIGITS: u32 = 128;

/// The SMA's cap on invocations of one call: loops driven by results must stop well before it.
pub const MAX_INVOCATIONS: usize = 1_000;
