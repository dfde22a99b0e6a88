//! SMA actions: what the step function asks the service to do, encoded strictly as
//! `{"Type": ..., "Parameters": {...}}` and validated against the limits table before they go
//! out. The strict decoder exists for the call simulator and for tests: it accepts exactly what
//! the encoder produces.

mod bot;
mod call;
mod digits;
mod kind;
mod media;
mod meeting;
mod params;
mod prompt;
mod recording;
mod target;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use bot::{BotConfiguration, DialogAction, SessionState, StartBotConversation, WelcomeMessage};
pub use call::{BridgeEndpoint, CallAndBridge, Hangup, Pause, VoiceFocus};
pub use digits::{ReceiveDigits, SendDigits};
pub use kind::ActionKind;
pub use media::{AudioSource, CallRecordingDestination, RecordingDestination, SpeechParameters};
pub use meeting::{JoinChimeMeeting, ModifyChimeMeetingAttendees};
pub use prompt::{DigitCapture, PlayAudio, PlayAudioAndGetDigits, Speak, SpeakAndGetDigits};
pub use recording::{
    PauseCallRecording, RecordAudio, ResumeCallRecording, StartCallRecording, StopCallRecording,
};
pub use target::Target;

use super::limits::{LimitViolation, ParamValue};
use params::{ParamList, Parameters};

/// One action of a response, with its typed parameters.
//
// `remote = "Self"` makes the derives generate inherent `Action::serialize`/`deserialize`
// functions, so that the trait impls below can wrap them (the decoder adds a canonical-form
// check).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "Type", content = "Parameters")]
pub enum Action {
    /// `CallAndBridge`.
    CallAndBridge(CallAndBridge),
    /// `Hangup`.
    Hangup(Hangup),
    /// `JoinChimeMeeting`.
    JoinChimeMeeting(JoinChimeMeeting),
    /// `ModifyChimeMeetingAttendees`.
    ModifyChimeMeetingAttendees(ModifyChimeMeetingAttendees),
    /// `Pause`.
    Pause(Pause),
    /// `PlayAudio`.
    PlayAudio(PlayAudio),
    /// `PlayAudioAndGetDigits`.
    PlayAudioAndGetDigits(PlayAudioAndGetDigits),
    /// `ReceiveDigits`.
    ReceiveDigits(ReceiveDigits),
    /// `RecordAudio`.
    RecordAudio(RecordAudio),
    /// `SendDigits`.
    SendDigits(SendDigits),
    /// `Speak`.
    Speak(Speak),
    /// `SpeakAndGetDigits`.
    SpeakAndGetDigits(SpeakAndGetDigits),
    /// `StartBotConversation`.
    StartBotConversation(StartBotConversation),
    /// `StartCallRecording`.
    StartCallRecording(StartCallRecording),
    /// `StopCallRecording`.
    StopCallRecording(StopCallRecording),
    /// `PauseCallRecording`.
    PauseCallRecording(PauseCallRecording),
    /// `ResumeCallRecording`.
    ResumeCallRecording(ResumeCallRecording),
    /// `VoiceFocus`.
    VoiceFocus(VoiceFocus),
}

impl Action {
    /// The action's type.
    #[must_use]
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::CallAndBridge(_) => ActionKind::CallAndBridge,
            Self::Hangup(_) => ActionKind::Hangup,
            Self::JoinChimeMeeting(_) => ActionKind::JoinChimeMeeting,
            Self::ModifyChimeMeetingAttendees(_) => ActionKind::ModifyChimeMeetingAttendees,
            Self::Pause(_) => ActionKind::Pause,
            Self::PlayAudio(_) => ActionKind::PlayAudio,
            Self::PlayAudioAndGetDigits(_) => ActionKind::PlayAudioAndGetDigits,
            Self::ReceiveDigits(_) => ActionKind::ReceiveDigits,
            Self::RecordAudio(_) => ActionKind::RecordAudio,
            Self::SendDigits(_) => ActionKind::SendDigits,
            Self::Speak(_) => ActionKind::Speak,
            Self::SpeakAndGetDigits(_) => ActionKind::SpeakAndGetDigits,
            Self::StartBotConversation(_) => ActionKind::StartBotConversation,
            Self::StartCallRecording(_) => ActionKind::StartCallRecording,
            Self::StopCallRecording(_) => ActionKind::StopCallRecording,
            Self::PauseCallRecording(_) => ActionKind::PauseCallRecording,
            Self::ResumeCallRecording(_) => ActionKind::ResumeCallRecording,
            Self::VoiceFocus(_) => ActionKind::VoiceFocus,
        }
    }

    /// The parameters as `(path, value)` pairs, in the form the limits table checks.
    #[must_use]
    pub fn parameters(&self) -> Vec<(&'static str, ParamValue<'_>)> {
        // Room for every parameter of the largest action: one allocation, never a regrowth.
        let mut out = ParamList(Vec::with_capacity(24));
        self.params().collect(&mut out);
        out.0
    }

    /// Checks every parameter and relation against the limits table.
    ///
    /// # Errors
    ///
    /// Every violation found, each naming the action, the parameter and the rule.
    pub fn validate(&self) -> Result<(), Vec<LimitViolation>> {
        self.kind().spec().check_complete(&self.parameters())
    }

    fn params(&self) -> &dyn Parameters {
        match self {
            Self::CallAndBridge(p) => p,
            Self::Hangup(p) => p,
            Self::JoinChimeMeeting(p) => p,
            Self::ModifyChimeMeetingAttendees(p) => p,
            Self::Pause(p) => p,
            Self::PlayAudio(p) => p,
            Self::PlayAudioAndGetDigits(p) => p,
            Self::ReceiveDigits(p) => p,
            Self::RecordAudio(p) => p,
            Self::SendDigits(p) => p,
            Self::Speak(p) => p,
            Self::SpeakAndGetDigits(p) => p,
            Self::StartBotConversation(p) => p,
            Self::StartCallRecording(p) => p,
            Self::StopCallRecording(p) => p,
            Self::PauseCallRecording(p) => p,
            Self::ResumeCallRecording(p) => p,
            Self::VoiceFocus(p) => p,
        }
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Self::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Action {
    /// Strict: besides the types, the input must be exactly what encoding the result gives
    /// back, so unknown, duplicated or conflicting parameters (`CallId` with `ParticipantTag`),
    /// numbers sent as strings and mis-cased tags are all refused.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let given = serde_json::Value::deserialize(deserializer)?;
        let action = Self::deserialize(&given).map_err(D::Error::custom)?;
        let canonical = serde_json::to_value(&action).map_err(D::Error::custom)?;
        match first_difference(&given, &canonical, "") {
            None => Ok(action),
            Some(path) => Err(D::Error::custom(format!(
                "{} is not in canonical form at {path}",
                action.kind()
            ))),
        }
    }
}

/// The path of the first place where two JSON documents differ.
fn first_difference(
    given: &serde_json::Value,
    canonical: &serde_json::Value,
    at: &str,
) -> Option<String> {
    use serde_json::Value;
    match (given, canonical) {
        (Value::Object(given), Value::Object(canonical)) => {
            let keys = given.keys().chain(canonical.keys());
            keys.filter_map(|key| {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match (given.get(key), canonical.get(key)) {
                    (Some(a), Some(b)) => first_difference(a, b, &path),
                    _ => Some(path),
                }
            })
            .next()
        }
        (Value::Array(given), Value::Array(canonical)) if given.len() == canonical.len() => given
            .iter()
            .zip(canonical)
            .enumerate()
            .find_map(|(index, (a, b))| first_difference(a, b, &format!("{at}[{index}]"))),
        (given, canonical) => (given != canonical).then(|| at.to_owned()),
    }
}
