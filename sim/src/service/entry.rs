//! What the service model did, as a list of entries: the raw material of a transcript. Entries
//! are data (serialisable) so that `--format json` and the text rendering say the same thing.

use serde::Serialize;
use std::borrow::Cow;

/// A word of an entry: borrowed when it is one of the protocol's or the model's own (event types,
/// leg tags, statuses), so that logging a call costs no copy of them.
pub type Text = Cow<'static, str>;

/// One thing that happened during a simulated call, at a simulated time (ms since the call began).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// The service invoked the function.
    Event {
        at_ms: u64,
        sequence: u64,
        event: Text,
        /// The action the event reports on, if any.
        about: Option<Text>,
        /// The leg the event concerns (`LEG-A`/`LEG-B`).
        leg: Option<Text>,
        /// Digits, error type, update arguments.
        detail: Option<String>,
        /// A second delivery of an event already answered.
        duplicate: bool,
    },
    /// The function's answer.
    Answer {
        at_ms: u64,
        /// Each action in words (`PlayAudio LEG-A thisCallIsBeingRecorded.wav`).
        actions: Vec<String>,
        state: Option<String>,
        note: Option<String>,
        /// The service ignores answers to some events.
        ignored: bool,
    },
    /// Call-record writes the function made.
    Writes { at_ms: u64, effects: Vec<String> },
    /// The service started an action.
    Action {
        at_ms: u64,
        leg: Option<Text>,
        action: Text,
        detail: String,
    },
    /// A party heard a prompt (or spoken text).
    Hears {
        at_ms: u64,
        leg: Text,
        prompt: String,
    },
    /// A leg changed status (`ringing`, `connected`, `disconnected`).
    Leg { at_ms: u64, leg: Text, status: Text },
    /// A leg's call recording changed state (`active`, `paused`, `stopped`).
    Recording { at_ms: u64, leg: Text, state: Text },
    /// A party pressed keys.
    Digits {
        at_ms: u64,
        leg: Text,
        digits: String,
        outcome: Text,
    },
    /// A connected party waited in silence.
    DeadAir { leg: Text, from_ms: u64, to_ms: u64 },
    /// A decision of the service itself (a refused answer, a retry, a time-out).
    Service { at_ms: u64, text: String },
    /// Something the service would not accept from a function (two different answers to the same
    /// delivery).
    Violation { at_ms: u64, text: String },
}

impl Entry {
    /// When it happened.
    #[must_use]
    pub fn at_ms(&self) -> u64 {
        match self {
            Self::Event { at_ms, .. }
            | Self::Answer { at_ms, .. }
            | Self::Writes { at_ms, .. }
            | Self::Action { at_ms, .. }
            | Self::Hears { at_ms, .. }
            | Self::Leg { at_ms, .. }
            | Self::Recording { at_ms, .. }
            | Self::Digits { at_ms, .. }
            | Self::Service { at_ms, .. }
            | Self::Violation { at_ms, .. } => *at_ms,
            Self::DeadAir { from_ms, .. } => *from_ms,
        }
    }
}
