//! The compiled flow: what the checker produces from a flow file and what `step` runs.
//!
//! Every reference is an index into one of the flow's tables, resolved by the checker, so a
//! dangling name cannot be represented. Legs, recording operations and digit listeners are
//! first-class statements (not opaque action strings) so that later analyses can reason about them.
//! The IR is serialisable: the handler embeds it, compiled at build time.

mod expr;
mod stmt;

pub use expr::{BinaryOp, Builtin, Expr, Func, LegRef, RecordingState, Target, Value, ValueType};
pub use stmt::{
    ActionTemplate, Arm, Block, DigitInput, Note, RecordingOp, SiteId, Speech, Stmt, TargetSet,
};

use crate::wire::ActionKind;
use serde::{Deserialize, Serialize};

/// Index of a config value in [`Flow::config`].
pub type ConfigId = u16;
/// Index of a prompt in [`Flow::prompts`].
pub type PromptId = u16;
/// Index of a variable in [`Flow::vars`].
pub type VarId = u16;
/// Index of a listener in [`Flow::listeners`].
pub type ListenerId = u16;
/// Index of a state in [`Flow::states`].
pub type StateId = u16;

/// A checked, compiled flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    pub name: String,
    /// A hash of everything below: a call started under another version is never misread.
    pub version: String,
    pub config: Vec<ConfigItem>,
    pub prompts: Vec<Prompt>,
    pub vars: Vec<Var>,
    pub listeners: Vec<Listener>,
    /// Named states; a call that has not entered one is in no state and only flow-wide handlers apply.
    pub states: Vec<State>,
    /// Flow-wide handlers: they apply in every state that has no handler of its own for the event.
    pub handlers: Vec<Handler>,
}

/// A typed value read from the environment at start-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigItem {
    pub name: String,
    pub env: String,
    pub ty: ValueType,
    /// Used when the variable is unset; `None` makes the variable required.
    pub default: Option<Value>,
}

/// An audio file in an S3 bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    pub name: String,
    /// The config value holding the bucket name.
    pub bucket: ConfigId,
    pub key: String,
}

/// A value kept across the events of a call, in `TransactionAttributes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Var {
    pub name: String,
    pub ty: ValueType,
    pub init: Value,
    /// The longest encoding the value can have, so the attribute size is known when checking.
    pub max_len: u32,
}

/// A digit listener (`ReceiveDigits`) with its leg and timings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Listener {
    pub name: String,
    pub leg: Target,
    pub pattern: String,
    pub between_ms: u64,
    pub flush_ms: u64,
}

/// A point where the call waits for the service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Stable: it travels in `TransactionAttributes`.
    pub name: String,
    /// Run in the same answer as the `goto` that enters the state.
    pub enter: Block,
    pub handlers: Vec<Handler>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handler {
    pub trigger: Trigger,
    pub body: Block,
}

/// The SMA events a handler answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    /// `NEW_INBOUND_CALL`
    NewCall,
    /// `CALL_ANSWERED`
    Answered,
    /// `ACTION_SUCCESSFUL` for one of these actions.
    Succeeded(Vec<ActionKind>),
    /// `ACTION_FAILED` for one of these actions, or any when empty.
    Failed(Vec<ActionKind>),
    /// `DIGITS_RECEIVED` from this listener's leg, or any when `None`.
    Digits(Option<ListenerId>),
    /// `HANGUP` of this leg, or any when `None`.
    Hangup(Option<LegRef>),
    /// `CALL_UPDATE_REQUESTED`
    Update,
    /// `INVALID_LAMBDA_RESPONSE`, and the answer of last resort when a turn faults.
    InvalidResponse,
}

impl Trigger {
    /// How specific the trigger is: among matching handlers the most specific one runs.
    pub fn specificity(&self) -> u8 {
        match self {
            Trigger::Failed(kinds) if kinds.is_empty() => 0,
            Trigger::Digits(None) | Trigger::Hangup(None) => 0,
            _ => 1,
        }
    }
}

impl Flow {
    pub fn state(&self, id: StateId) -> Option<&State> {
        self.states.get(usize::from(id))
    }

    pub fn state_named(&self, name: &str) -> Option<(StateId, &State)> {
        self.states
            .iter()
            .enumerate()
            .find(|(_, s)| s.name == name)
            .and_then(|(i, s)| Some((StateId::try_from(i).ok()?, s)))
    }
}

/// The most characters JSON can take to write a text of `chars` characters: two quotes, and six
/// per character for control characters (written `\u0001`). A `text(N)` variable is given this
/// much room in the call's attributes.
#[must_use]
pub const fn json_text_max_len(chars: u32) -> u32 {
    chars.saturating_mul(6).saturating_add(2)
}

/// The characters a text variable given `max_len` characters of JSON holds: the inverse of
/// [`json_text_max_len`].
#[must_use]
pub const fn text_chars_within(max_len: u32) -> u32 {
    max_len.saturating_sub(2) / 6
}

/// The characters JSON takes to write this text, quotes included, as the attributes store it.
#[must_use]
pub fn json_text_len(text: &str) -> usize {
    let escaped: usize = text
        .chars()
        .map(|c| match c {
            '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
            c if u32::from(c) < 0x20 => 6,
            _ => 1,
        })
        .sum();
    escaped + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lengths_match_what_serde_json_writes() {
        for text in [
            "",
            "plain",
            "quote \" and \\",
            "tab\tnew\nline",
            "\u{1}\u{1f}",
            "é€😀",
        ] {
            let written = serde_json::to_string(text).unwrap_or_default();
            assert_eq!(json_text_len(text), written.chars().count(), "{text:?}");
            let n = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
            assert!(json_text_len(text) <= json_text_max_len(n) as usize);
            assert_eq!(text_chars_within(json_text_max_len(n)), n);
        }
    }
}
