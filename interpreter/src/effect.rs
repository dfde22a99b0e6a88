//! Call-record effects: the writes a turn asks the handler to make, after the answer is built.
//!
//! The step function never touches a database; it describes what happened in call-record terms and
//! the handler applies it (DynamoDB in Lambda, an embedded store locally). Times come from the event
//! where the event carries them (`StartTimeInMilliseconds`); otherwise they are `None` and the handler
//! supplies its own clock reading.

use serde::{Deserialize, Serialize};

/// Who started the call, in the application's own terms (not the SMA leg direction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallDirection {
    /// Someone else called the application's number.
    Inbound,
    /// The owner used the application to call out.
    Outbound,
}

impl CallDirection {
    /// The name as the call record stores it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Inbound => "Inbound",
            Self::Outbound => "Outbound",
        }
    }
}

/// A change of the call recording's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordingChange {
    Started,
    Paused,
    Resumed,
    Stopped,
}

impl RecordingChange {
    /// The name as the call record stores it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Started => "started",
            Self::Paused => "paused",
            Self::Resumed => "resumed",
            Self::Stopped => "stopped",
        }
    }
}

/// One call-record write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// The call began; `caller` is the number of the party who started it.
    Started {
        direction: CallDirection,
        caller: String,
        at_ms: Option<u64>,
    },
    /// The party the call was meant for answered.
    Answered { callee: String, at_ms: Option<u64> },
    /// The recording changed state; `location` is the S3 `bucket/prefix` given when it started.
    Recording {
        change: RecordingChange,
        location: Option<String>,
        at_ms: Option<u64>,
    },
    /// The call failed; `error` is the SMA `ErrorType` (or a reason of the flow's own).
    Failed { error: String, at_ms: Option<u64> },
    /// No leg is connected any more.
    Ended { at_ms: Option<u64> },
    /// The service reported the S3 object the call recording is written to (`bucket/key`).
    RecordingObject { key: String },
    /// A leg hung up; `sip_code` is the SIP response code the service gave (486 busy, 480 no
    /// answer, ...), when it gave one.
    LegEnded {
        leg: String,
        sip_code: Option<u16>,
        at_ms: Option<u64>,
    },
    /// A fact of the flow's own (`note outcome "confirmed"`): a name and its value as text.
    Fact { name: String, value: String },
}

/// Everything one turn asks to write, keyed so that a redelivered event writes nothing twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordWrite {
    /// The SMA `TransactionId`: one call record per transaction.
    pub call_id: String,
    /// The event's `Sequence`: a write with a sequence already applied is a duplicate.
    pub sequence: u64,
    /// The flow's name and version hash.
    pub flow_name: String,
    pub flow_version: String,
    pub effects: Vec<Effect>,
}
