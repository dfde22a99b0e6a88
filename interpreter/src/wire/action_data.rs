//! `ActionData`: the part of an event that says which action it is about, echoes the parameters
//! the runtime needs to route it (leg, SIP code, update arguments), and carries results and
//! errors. Built by the lenient event decoder; serialised for the call simulator.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

use super::action::ActionKind;
use super::leg::{CallId, LegTag};

/// The `ActionData` of an event.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActionData {
    /// Which action (or synthetic action) the event is about.
    #[serde(rename = "Type")]
    pub action_type: ActionType,
    /// The echoed parameters the runtime needs.
    pub parameters: EchoedParameters,
    /// Digits from `*GetDigits` or `ReceiveDigits` (`""` when an armed listener saw none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub received_digits: Option<String>,
    /// Where `StartCallRecording` is writing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_recording_destination: Option<RecordingLocation>,
    /// The file `RecordAudio` wrote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_destination: Option<RecordedFile>,
    /// The key that ended `RecordAudio` (absent when duration or silence ended it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording_terminator_used: Option<String>,
    /// The Lex result of `StartBotConversation`, kept as JSON because it is rare and open-ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent_result: Option<serde_json::Value>,
}

impl ActionData {
    /// The documented action this event is about, if it is one.
    #[must_use]
    pub fn kind(&self) -> Option<ActionKind> {
        match self.action_type {
            ActionType::Known(kind) => Some(kind),
            ActionType::CallUpdateRequest | ActionType::Other(_) => None,
        }
    }
}

/// `ActionData.Type`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ActionType {
    /// One of the documented actions.
    Known(ActionKind),
    /// The synthetic type of `CALL_UPDATE_REQUESTED` (and, apparently, `NEW_OUTBOUND_CALL`).
    CallUpdateRequest,
    /// Anything else (legacy `Answer`, `RecordMeeting`, ...), kept verbatim.
    Other(String),
}

impl ActionType {
    /// Parses an exact `Type` spelling.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        if let Some(kind) = ActionKind::parse(text) {
            Self::Known(kind)
        } else if text == "CallUpdateRequest" {
            Self::CallUpdateRequest
        } else {
            Self::Other(text.to_owned())
        }
    }

    /// The wire spelling.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(kind) => kind.as_str(),
            Self::CallUpdateRequest => "CallUpdateRequest",
            Self::Other(text) => text,
        }
    }

    /// The wire spelling, borrowed unless it is an unknown one: for records that outlive the
    /// event (a transcript line).
    #[must_use]
    pub fn to_text(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Self::Known(kind) => kind.as_str().into(),
            Self::CallUpdateRequest => "CallUpdateRequest".into(),
            Self::Other(text) => text.clone().into(),
        }
    }
}

impl fmt::Display for ActionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ActionType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The echoed `ActionData.Parameters`: the fields the runtime routes by, and the rest kept as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EchoedParameters {
    /// The leg the action ran on (inserted by the service on some actions; the leg that went
    /// away on `HANGUP`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<CallId>,
    /// The role of that leg.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_tag: Option<LegTag>,
    /// The SIP code of a `HANGUP` (a number in real events, a string in the docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_response_code: Option<u16>,
    /// The string pairs given to `UpdateSipMediaApplicationCall` or `CreateSipMediaApplicationCall`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub arguments: BTreeMap<String, String>,
    /// Every other echoed parameter of the action, as sent: what tells apart two actions of one
    /// type on one leg when one of them fails.
    #[serde(flatten)]
    pub others: BTreeMap<String, serde_json::Value>,
}

/// The file `RecordAudio` wrote, as reported by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordedFile {
    /// Storage type, `S3`.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<String>,
    /// The bucket written to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_name: Option<String>,
    /// The full key of the written file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// Where `StartCallRecording` is writing, as reported by the service.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordingLocation {
    /// Storage type, `S3`.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<String>,
    /// Bucket and key of the recording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// Why an action failed or a response was refused, merged from every place and form the service
/// uses: `ErrorType`/`ErrorMessage` at the top level or in `ActionData`, a single `Error` string
/// (`"Type: message"`), and `ErrorList`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActionError {
    /// The machine-readable error name, e.g. `CallNotAnswered`.
    #[serde(rename = "ErrorType", skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// The human-readable message.
    #[serde(rename = "ErrorMessage", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Per-item errors (e.g. per attendee); non-string items are kept as their JSON text.
    #[serde(rename = "ErrorList", skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

impl ActionError {
    /// Splits the single-string `Error` form: `"NoAccessToDestination: Error while ..."` gives
    /// a type and a message; text without such a prefix is all message.
    #[must_use]
    pub fn from_single(text: &str) -> Self {
        let split = text
            .split_once(": ")
            .filter(|(name, _)| !name.is_empty() && !name.contains(char::is_whitespace));
        match split {
            Some((name, message)) => Self {
                error_type: Some(name.to_owned()),
                message: Some(message.to_owned()),
                details: Vec::new(),
            },
            None => Self {
                error_type: None,
                message: Some(text.to_owned()),
                details: Vec::new(),
            },
        }
    }

    /// Fills each field this error lacks from `other`.
    #[must_use]
    pub fn or(self, other: Self) -> Self {
        Self {
            error_type: self.error_type.or(other.error_type),
            message: self.message.or(other.message),
            details: if self.details.is_empty() {
                other.details
            } else {
                self.details
            },
        }
    }

    /// Whether no field is set.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.error_type.is_none() && self.message.is_none() && self.details.is_empty()
    }
}
