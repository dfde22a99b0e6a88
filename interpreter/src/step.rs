//! `step`: one SMA event in, one answer out. A pure function of the compiled flow, its config and
//! the event (whose `TransactionAttributes` carry the call's state): no clock, no I/O, bounded
//! work, and never a panic. Whatever happens, the answer is a valid envelope; when the flow cannot
//! produce one, the reason is given for the log.

mod dispatch;
mod eval;
mod exec;
mod observe;
mod state;

pub use state::{
    CallState, KEY_ARGS, KEY_FLOW, KEY_RECORDING, KEY_SENT, KEY_STATE, KEY_VARS, Loaded, stamp_of,
};

use crate::config::Config;
use crate::effect::Effect;
use crate::ir::Flow;
use crate::wire::{Event, Response};
use std::fmt;

/// Why a turn could not run the flow as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault(String);

impl Fault {
    pub fn new(why: impl Into<String>) -> Self {
        Self(why.into())
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The answer to one event, with the call-record writes it implies.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub response: Response,
    pub effects: Vec<Effect>,
    /// The state the call waits in after this answer, for the log.
    pub state: Option<String>,
    /// Why the answer is not what the flow would say, when it is not (for the log).
    pub note: Option<String>,
}

impl Turn {
    fn empty(note: impl Into<String>) -> Self {
        Self {
            response: Response::empty(),
            effects: Vec::new(),
            state: None,
            note: Some(note.into()),
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
