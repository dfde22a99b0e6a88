//! The SMA invocation event: the first thing the runtime sees for every invocation.
//! [`decode_event`] reads it leniently; `Serialize` writes it back (for the call simulator) in
//! a form that decodes to the same value.

mod decode;
mod unusable;

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::action_data::{ActionData, ActionError};
use super::call::CallDetails;

pub use decode::decode_event;
pub use unusable::{FieldPath, Salvage, UnusableEvent, UnusableReason};

/// One invocation of the Lambda by the SIP media application.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// The protocol version, `"1.0"`; the response must echo it.
    pub schema_version: String,
    /// Goes up by one per invocation within a transaction; with the transaction id, the
    /// idempotency key of a retried invocation.
    pub sequence: u64,
    /// What happened.
    pub event_type: EventType,
    /// The call state.
    pub call: CallDetails,
    /// The action the event is about, with results.
    pub action_data: Option<ActionData>,
    /// The error, wherever and in whatever form the service put it.
    pub error: Option<ActionError>,
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// `ActionData` with the error written inside it, where the action pages put it.
        #[derive(Serialize)]
        struct ActionDataWithError<'a> {
            #[serde(flatten)]
            data: &'a ActionData,
            #[serde(flatten)]
            error: Option<&'a ActionError>,
        }

        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("SchemaVersion", &self.schema_version)?;
        map.serialize_entry("Sequence", &self.sequence)?;
        map.serialize_entry("InvocationEventType", &self.event_type)?;
        if let Some(data) = &self.action_data {
            let with_error = ActionDataWithError {
                data,
                error: self.error.as_ref(),
            };
            map.serialize_entry("ActionData", &with_error)?;
        }
        map.serialize_entry("CallDetails", &self.call)?;
        // Without ActionData the error sits at the top level, as on INVALID_LAMBDA_RESPONSE.
        if let (None, Some(error)) = (&self.action_data, &self.error) {
            if let Some(error_type) = &error.error_type {
                map.serialize_entry("ErrorType", error_type)?;
            }
            if let Some(message) = &error.message {
                map.serialize_entry("ErrorMessage", message)?;
            }
            if !error.details.is_empty() {
                map.serialize_entry("ErrorList", &error.details)?;
            }
        }
        map.end()
    }
}

/// `InvocationEventType`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// A call reached a number or host bound to a SIP rule of this application.
    NewInboundCall,
    /// `CreateSipMediaApplicationCall` was accepted; the response is ignored.
    NewOutboundCall,
    /// The callee of an API outbound call is ringing; the response is ignored.
    Ringing,
    /// The API outbound call was answered.
    CallAnswered,
    /// The list finished, or a result-bearing action finished mid-list.
    ActionSuccessful,
    /// An action failed; the rest of its list was dropped.
    ActionFailed,
    /// An interruptible action was cut by a call update; the response is ignored.
    ActionInterrupted,
    /// A leg disconnected.
    Hangup,
    /// An armed `ReceiveDigits` matched.
    DigitsReceived,
    /// `UpdateSipMediaApplicationCall` was called for this transaction.
    CallUpdateRequested,
    /// The previous response could not be used.
    InvalidLambdaResponse,
    /// Any other value, kept verbatim.
    Unknown(String),
}

impl EventType {
    /// The eleven documented event types.
    pub const KNOWN: [Self; 11] = [
        Self::NewInboundCall,
        Self::NewOutboundCall,
        Self::Ringing,
        Self::CallAnswered,
        Self::ActionSuccessful,
        Self::ActionFailed,
        Self::ActionInterrupted,
        Self::Hangup,
        Self::DigitsReceived,
        Self::CallUpdateRequested,
        Self::InvalidLambdaResponse,
    ];

    /// Parses the exact wire spelling; anything else is kept as `Unknown`.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|known| known.as_str() == text)
            .cloned()
            .unwrap_or_else(|| Self::Unknown(text.to_owned()))
    }

    /// The wire spelling.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Unknown(text) => text,
            known => known.known_str().unwrap_or_default(),
        }
    }

    /// The wire spelling, borrowed for the documented types and copied for any other: for
    /// records that outlive the event (a transcript line).
    #[must_use]
    pub fn to_text(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Self::Unknown(text) => text.clone().into(),
            known => known.known_str().unwrap_or_default().into(),
        }
    }

    /// The spelling of a documented type.
    const fn known_str(&self) -> Option<&'static str> {
        Some(match self {
            Self::NewInboundCall => "NEW_INBOUND_CALL",
            Self::NewOutboundCall => "NEW_OUTBOUND_CALL",
            Self::Ringing => "RINGING",
            Self::CallAnswered => "CALL_ANSWERED",
            Self::ActionSuccessful => "ACTION_SUCCESSFUL",
            Self::ActionFailed => "ACTION_FAILED",
            Self::ActionInterrupted => "ACTION_INTERRUPTED",
            Self::Hangup => "HANGUP",
            Self::DigitsReceived => "DIGITS_RECEIVED",
            Self::CallUpdateRequested => "CALL_UPDATE_REQUESTED",
            Self::InvalidLambdaResponse => "INVALID_LAMBDA_RESPONSE",
            Self::Unknown(_) => return None,
        })
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
