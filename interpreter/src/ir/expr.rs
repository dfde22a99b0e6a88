//! Expressions and values of the compiled flow.

use super::{ConfigId, VarId};
use serde::{Deserialize, Serialize};

/// One of the two legs an SMA call can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LegRef {
    /// `LEG-A`: the leg that started the transaction (`caller`).
    A,
    /// `LEG-B`: the leg a bridge created (`callee`).
    B,
}

impl LegRef {
    pub const fn as_str(self) -> &'static str {
        match self {
            LegRef::A => "A",
            LegRef::B => "B",
        }
    }
}

/// The static type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ValueType {
    Bool,
    Int,
    Text,
    /// An E.164 number.
    Phone,
    /// Milliseconds.
    Duration,
    Leg,
}

impl ValueType {
    pub const fn as_str(self) -> &'static str {
        match self {
            ValueType::Bool => "bool",
            ValueType::Int => "int",
            ValueType::Text => "text",
            ValueType::Phone => "phone",
            ValueType::Duration => "duration",
            ValueType::Leg => "leg",
        }
    }
}

/// A run-time value. Every type also has the absent value `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    Text(String),
    Phone(String),
    Duration(u64),
    Leg(LegRef),
}

/// The recording's state, tracked by the interpreter as recording operations are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RecordingState {
    /// Not started (or the start failed).
    Idle,
    Active,
    Paused,
    /// Stopped for good: a leg's recording cannot be restarted.
    Stopped,
}

impl RecordingState {
    pub const ALL: [RecordingState; 4] = [
        RecordingState::Idle,
        RecordingState::Active,
        RecordingState::Paused,
        RecordingState::Stopped,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            RecordingState::Idle => "idle",
            RecordingState::Active => "active",
            RecordingState::Paused => "paused",
            RecordingState::Stopped => "stopped",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }
}

/// Facts of the event being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Builtin {
    /// `digits`: `ReceivedDigits` of the event (`none` when it has none).
    Digits,
    /// `error`: the event's `ErrorType` (`none` when it has none).
    Error,
    /// `sma_number`: the application's number (LEG-A's `To` on an inbound call, its `From` on
    /// an outbound one).
    SmaNumber,
    /// `event_leg`: the leg the event is about (the digits' leg, the leg that hung up).
    EventLeg,
    /// `recorded`: the S3 object `record audio` wrote, as `bucket/key` (`none` on other events).
    Recorded,
    /// `terminator`: the key that ended `record audio` (`none` when silence or the limit did).
    Terminator,
    /// `sip_code`: the SIP response code of a `HANGUP` (486 busy, 480 no answer; `none` without).
    SipCode,
}

/// Small pure functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Func {
    /// `nanp(text)`: a North American number written as 10 digits, or 11 starting with 1, as
    /// `+1NXXNXXXXXX`; `none` when it is not one (area code or exchange starting with 0 or 1).
    Nanp,
    /// `e164(text)`: the text as an E.164 number, or `none`.
    E164,
    /// `len(text)`: the number of characters.
    Len,
    /// `hour(zone)`: the hour (0 to 23) the call started at in the named IANA time zone
    /// (`"Europe/Paris"`), or `none` for a zone that does not exist.
    Hour,
    /// `weekday(zone)`: the day the call started on in that zone, `"monday"` to `"sunday"`.
    Weekday,
    /// `spell(text)`: the text with its digits apart (`"4 2 5"`), so speech says a number
    /// digit by digit.
    Spell,
    /// `dialable(number)`: whether the deployment's dial policy allows dialling the number (its
    /// own numbers always are); see [`crate::policy`].
    Dialable,
}

impl Func {
    pub const ALL: [Func; 7] = [
        Func::Nanp,
        Func::E164,
        Func::Len,
        Func::Hour,
        Func::Weekday,
        Func::Spell,
        Func::Dialable,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Func::Nanp => "nanp",
            Func::E164 => "e164",
            Func::Len => "len",
            Func::Hour => "hour",
            Func::Weekday => "weekday",
            Func::Spell => "spell",
            Func::Dialable => "dialable",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// Integer or duration addition, or text concatenation.
    Add,
    Sub,
}

/// A leg, named directly or through a variable of type `leg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Leg(LegRef),
    Var(VarId),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    Lit(Value),
    Config(ConfigId),
    Var(VarId),
    Builtin(Builtin),
    /// `args.NAME`: an argument of a call update (or of an outbound call).
    Arg(String),
    /// A leg as a value.
    Leg(Target),
    /// `LEG.number`: the leg's party (`From` of an inbound leg, `To` of an outbound one).
    LegNumber(Target),
    /// `LEG.connected`
    LegConnected(Target),
    /// `PHONE.area`: the three-digit area code of a `+1` number, `none` otherwise.
    Area(Box<Expr>),
    Call(Func, Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `X in [A, B]`
    In(Box<Expr>, Vec<Expr>),
    /// `recording is STATE`
    RecordingIs(RecordingState),
}
