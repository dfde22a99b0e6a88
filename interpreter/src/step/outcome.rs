//! What a turn reports besides its answer, as types: why the flow could not run as written
//! ([`Fault`]), why a call's state was not read ([`Foreign`]) and why an answer is not what the
//! flow would say ([`Remark`]). The handler logs them; tests and the simulator match on them.

use crate::ir::LegRef;
use crate::wire::EnvelopeError;

/// A part of the compiled flow that an index pointed at and was not there (a flow that did not come
/// from the checker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Config,
    Listener,
    Prompt,
    State,
    Variable,
}

impl Part {
    fn as_str(self) -> &'static str {
        match self {
            Part::Config => "config value",
            Part::Listener => "listener",
            Part::Prompt => "prompt",
            Part::State => "state",
            Part::Variable => "variable",
        }
    }
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a turn could not run the flow as written. The partial answer is discarded and the flow's
/// `on invalid response` handler answers instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("the flow ran out of steps in one answer")]
    Fuel,
    #[error("the flow went through too many states in one answer")]
    GotoLimit,
    #[error("{0}")]
    Envelope(EnvelopeError),
    #[error("leg {} is not in the call", .0.as_str())]
    MissingLeg(LegRef),
    #[error("a leg variable holds no leg")]
    EmptyLegVariable,
    #[error("a leg without a call id")]
    NoCallId,
    #[error("`{name}` holds at most {max} characters, this value has {len}")]
    VariableTooLong { name: String, len: usize, max: u32 },
    #[error("arithmetic overflow")]
    Overflow,
    #[error("{0}")]
    BadValue(&'static str),
    #[error("{0} missing from the compiled flow")]
    Missing(Part),
    #[error("the prompt bucket is not configured")]
    PromptBucket,
    #[error("a duration too long for the SMA")]
    DurationTooLong,
    #[error("no recording was started")]
    NoRecording,
    #[error("SIP response code {0} is not one the SMA accepts")]
    SipCode(u16),
    #[error("the dial policy refuses the bridge: {0}")]
    DialPolicy(crate::policy::Refusal),
}

/// Why the call state in the event's attributes was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Foreign {
    /// Written by another flow or another version of this one.
    #[error("call state written by {found}, this is {expected}")]
    OtherFlow { found: String, expected: String },
    /// Not in the shape this flow writes.
    #[error("unreadable call state: {0}")]
    Unreadable(String),
}

/// Why an answer is not what the flow would say, for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Remark {
    /// The event's type is not one of the protocol's.
    #[error("unknown event type {0:?}")]
    UnknownEvent(String),
    /// The event could not be decoded at all.
    #[error("unusable event: {0}")]
    UnusableEvent(String),
    /// The flow faulted; the answer is the flow's fallback, or empty.
    #[error("flow fault: {0}")]
    Fault(Fault),
    /// The answer the flow built is not a valid envelope.
    #[error("the answer was not valid: {0}")]
    InvalidAnswer(Fault),
    /// The call's state was not this flow's: the connected legs are hung up.
    #[error("{0}: ending the call")]
    Foreign(Foreign),
}
