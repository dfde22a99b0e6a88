//! `step`: one SMA event in, one answer out. A pure function of the compiled flow, its config and
//! the event (whose `TransactionAttributes` carry the call's state): no clock, no I/O, bounded
//! work, and never a panic. Whatever happens, the answer is a valid envelope; when the flow cannot
//! produce one, the reason is given for the log.

mod dispatch;
mod eval;
mod exec;
mod lower;
mod observe;
mod outcome;
mod state;

pub use outcome::{Fault, Foreign, Part, Remark};
pub use state::{
    CallState, KEY_ARGS, KEY_FLOW, KEY_RECORDING, KEY_SENT, KEY_STATE, KEY_VARS, Loaded, stamp_of,
};

use crate::config::Config;
use crate::effect::Effect;
use crate::ir::Flow;
use crate::wire::{Event, Response};

/// The answer to one event, with the call-record writes it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub response: Response,
    pub effects: Vec<Effect>,
    /// The state the call waits in after this answer, for the log.
    pub state: Option<String>,
    /// Why the answer is not what the flow would say, when it is not (for the log).
    pub note: Option<Remark>,
}

impl Turn {
    /// An empty answer, and why.
    #[must_use]
    pub fn empty(why: Remark) -> Self {
        Self {
            response: Response::empty(),
            effects: Vec::new(),
            state: None,
            note: Some(why),
        }
    }

    /// The answer to an event that could not be decoded: no actions.
    #[must_use]
    pub fn unusable(reason: impl std::fmt::Display) -> Self {
        Self::empty(Remark::UnusableEvent(reason.to_string()))
    }

    /// The fault behind this answer, when the flow faulted.
    #[must_use]
    pub fn fault(&self) -> Option<&Fault> {
        match &self.note {
            Some(Remark::Fault(f) | Remark::InvalidAnswer(f)) => Some(f),
            _ => None,
        }
    }
}

/// Answers one decoded event.
pub fn step(flow: &Flow, config: &Config, event: &Event) -> Turn {
    let mut turn = dispatch::answer(flow, config, event);
    let mut effects = observe::observed(event);
    if !effects.is_empty() {
        effects.append(&mut turn.effects);
        turn.effects = effects;
    }
    turn
}
