//! The language's other words, for completion and hover: the words that start items and
//! statements, the events a handler waits for, the kinds of call-record note, the declared types
//! and the built-in names (taken from the checker's own list).

use crate::check::{BUILTINS, BuiltinName};

/// Words that start a top-level item.
pub const ITEMS: &[(&str, &str)] = &[
    (
        "config",
        "config NAME TYPE = env VAR [or DEFAULT]: a value read from the environment",
    ),
    (
        "prompts",
        "prompts in BUCKET { NAME = \"file.wav\" }: audio files in an S3 bucket",
    ),
    (
        "var",
        "var NAME TYPE [= INIT]: a value kept across the events of one call",
    ),
    (
        "listener",
        "listener NAME on LEG pattern \"...\" between 1s flush 10s: a digit listener",
    ),
    (
        "block",
        "block NAME { ... }: statements reused with `do NAME`",
    ),
    (
        "state",
        "state NAME { enter { ... } on ... { ... } }: where the call waits",
    ),
    ("on", "on EVENT { ... }: a handler"),
    (
        "after",
        "after VERB { ... }: runs when that action succeeds",
    ),
];

/// Words that start a part of a state.
pub const STATE_PARTS: &[(&str, &str)] = &[
    (
        "enter",
        "enter { ... }: runs when a `goto` enters the state",
    ),
    ("on", "on EVENT { ... }: a handler"),
    (
        "after",
        "after VERB { ... }: runs when that action succeeds",
    ),
];

/// Words that start a statement other than a command.
pub const STATEMENTS: &[(&str, &str)] = &[
    ("if", "if COND { ... } else { ... }"),
    ("match", "match EXPR { PATTERN -> ...; else -> ... }"),
    ("goto", "goto STATE: leave this handler and enter STATE"),
    ("do", "do BLOCK: run a block's statements here"),
    (
        "note",
        "note inbound|outbound|answered EXPR|failed: a call-record fact",
    ),
    (
        "continue",
        "continue: re-send what was left after a failed action",
    ),
    ("done", "done: end this handler here"),
];

/// What may follow `on`.
pub const EVENTS: &[(&str, &str)] = &[
    ("new call", "NEW_INBOUND_CALL: a call arrived"),
    (
        "answered",
        "CALL_ANSWERED: an outbound call placed through the API was answered",
    ),
    (
        "failed",
        "ACTION_FAILED: an action failed (name verbs to narrow it)",
    ),
    (
        "digits",
        "DIGITS_RECEIVED: a listener heard digits (name the listener)",
    ),
    ("hangup", "HANGUP: a leg hung up (name the leg)"),
    (
        "update",
        "CALL_UPDATE_REQUESTED: the call was updated through the API",
    ),
    (
        "invalid response",
        "INVALID_LAMBDA_RESPONSE: the service rejected an answer",
    ),
];

pub const NOTE_KINDS: &[&str] = &["inbound", "outbound", "answered", "failed"];

pub const TYPES: &[&str] = &["phone", "leg", "int", "bool", "duration", "text"];

/// A built-in name's type and meaning.
pub fn builtin(name: &str) -> Option<(&'static str, &'static str)> {
    let (_, b) = BUILTINS.iter().find(|(n, _)| *n == name)?;
    Some(match b {
        BuiltinName::Leg(_) => match name {
            "caller" | "leg_a" => ("leg", "the leg that placed the call (LEG-A)"),
            _ => ("leg", "the leg the flow dialled (LEG-B)"),
        },
        BuiltinName::Both => ("both", "both legs, where a command accepts it"),
        BuiltinName::Digits => (
            "text",
            "the digits the last collect, ask or listener received",
        ),
        BuiltinName::Error => ("text", "the error of the failed action, in `on failed`"),
        BuiltinName::SmaNumber => ("phone", "the number the call came in on"),
        BuiltinName::EventLeg => ("leg", "the leg the current event is about"),
        BuiltinName::Args => ("args", "the arguments of a call update, in `on update`"),
        BuiltinName::Recording => ("recording", "the call recording: `recording is active`"),
        BuiltinName::Recorded => (
            "text",
            "the `bucket/key` that the last `record audio` wrote",
        ),
        BuiltinName::Terminator => ("text", "the key that ended the last `record audio`"),
        BuiltinName::SipCode => (
            "int",
            "the SIP code of the leg that hung up, in `on hangup`",
        ),
    })
}

pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(n, _)| *n)
}
