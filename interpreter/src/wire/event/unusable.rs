//! Why an invocation could not be turned into an [`Event`](super::Event), with whatever could be
//! salvaged for the log line. The handler answers such an invocation with an empty action list
//! rather than an error, because a Lambda error makes the service hang up on the caller.

use std::fmt;

use super::EventType;

/// The dotted path of a field in the event, e.g. `CallDetails.Participants[1].CallId`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldPath(String);

impl FieldPath {
    /// A path as written.
    pub fn new(path: impl Into<String>) -> Self {
        Self(path.into())
    }

    /// The path as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What was wrong with the invocation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnusableReason {
    /// The bytes are not a JSON document (or nest deeper than the parser allows).
    #[error("not JSON: {detail}")]
    NotJson {
        /// The parser's message, with line and column.
        detail: String,
    },
    /// The document is JSON but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A field the runtime cannot do without is absent or `null`.
    #[error("missing field {0}")]
    MissingField(FieldPath),
    /// A field the runtime cannot do without has an unusable type or value.
    #[error("invalid field {0}")]
    InvalidField(FieldPath),
    /// The object is malformed in a way the lenient reader refuses (e.g. a duplicated key).
    #[error("malformed event: {detail}")]
    Malformed {
        /// The parser's message.
        detail: String,
    },
}

/// What could be read from an unusable invocation, for the log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Salvage {
    /// `CallDetails.TransactionId`, if readable.
    pub transaction_id: Option<String>,
    /// `Sequence`, if readable.
    pub sequence: Option<u64>,
    /// `InvocationEventType`, if readable.
    pub event_type: Option<EventType>,
}

/// An invocation that could not be decoded into an event.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unusable SMA event ({reason}){}", describe(salvage))]
pub struct UnusableEvent {
    /// Why.
    pub reason: UnusableReason,
    /// What could still be read.
    pub salvage: Salvage,
}

fn describe(salvage: &Salvage) -> String {
    let mut parts = Vec::new();
    if let Some(id) = &salvage.transaction_id {
        parts.push(format!("transaction {id}"));
    }
    if let Some(sequence) = salvage.sequence {
        parts.push(format!("sequence {sequence}"));
    }
    if let Some(event_type) = &salvage.event_type {
        parts.push(format!("event {event_type}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}
