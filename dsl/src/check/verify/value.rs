//! Abstract values: a variable or an expression is either one known value or "some value", with
//! whether it may be unset and the most characters it can hold. Expressions are evaluated over
//! the abstract call, so that guards on legs, the recording and counters decide branches exactly
//! where they can.

use super::state::{Call, Leg};
use interpreter::ir::{BinaryOp, Builtin, Expr, Func, LegRef, Target, Value};

/// Counters beyond this are "some number": exploration stays finite.
const INT_LIMIT: i64 = 64;
/// Texts longer than this are "some text".
const TEXT_LIMIT: usize = 64;
/// Longer bounds are forgotten, so that a text grown in a loop keeps exploration finite.
const MAX_TRACKED_LEN: u32 = 256;
/// The longest E.164 number.
const PHONE_LEN: u32 = 16;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AVal {
    None,
    Bool(bool),
    Int(i64),
    Text(String),
    Leg(LegRef),
    /// Some value of the expression's type.
    Any {
        maybe_none: bool,
        /// The most characters it can have, when known.
        max_len: Option<u32>,
    },
}

impl AVal {
    pub const UNKNOWN: AVal = AVal::Any {
        maybe_none: true,
        max_len: None,
    };

    pub fn of(v: &Value) -> Self {
        match v {
            Value::None => AVal::None,
            Value::Bool(b) => AVal::Bool(*b),
            Value::Int(i) => int(*i),
            Value::Duration(d) => i64::try_from(*d).map_or(AVal::UNKNOWN, int),
            Value::Text(t) | Value::Phone(t) => text(t.clone()),
            Value::Leg(l) => AVal::Leg(*l),
        }
    }

    pub fn maybe_none(&self) -> bool {
        match self {
            AVal::None => true,
            AVal::Any { maybe_none, .. } => *maybe_none,
            _ => false,
        }
    }

    /// The most characters the value can have, when known.
    pub fn max_len(&self) -> Option<u32> {
        match self {
            AVal::None | AVal::Bool(_) => Some(0),
            AVal::Int(i) => u32::try_from(i.to_string().len()).ok(),
            AVal::Text(t) => u32::try_from(t.chars().count()).ok(),
            AVal::Leg(_) => Some(1),
            AVal::Any { max_len, .. } => *max_len,
        }
    }

    /// Whether a condition holds: `None` when it may go either way.
    pub fn truth(&self) -> Option<bool> {
        match self {
            AVal::Bool(b) => Some(*b),
            AVal::None => Some(false),
            _ => None,
        }
    }

    /// The legs a leg value may name.
    pub fn legs(&self) -> Vec<LegRef> {
        match self {
            AVal::Leg(l) => vec![*l],
            AVal::None => Vec::new(),
            _ => vec![LegRef::A, LegRef::B],
        }
    }

    fn known(&self) -> bool {
        !matches!(self, AVal::Any { .. })
    }
}

fn int(i: i64) -> AVal {
    if i.abs() > INT_LIMIT {
        AVal::Any {
            maybe_none: false,
            max_len: Some(20),
        }
    } else {
        AVal::Int(i)
    }
}

fn text(t: String) -> AVal {
    if t.len() > TEXT_LIMIT {
        AVal::Any {
            maybe_none: false,
            max_len: u32::try_from(t.chars().count()).ok(),
        }
    } else {
        AVal::Text(t)
    }
}

fn unknown_bool() -> AVal {
    AVal::Any {
        maybe_none: false,
        max_len: Some(5),
    }
}

/// What an expression is evaluated against.
pub struct Env<'c> {
    pub call: &'c Call,
    /// The leg the event is about.
    pub event_leg: Option<LegRef>,
    /// The most digits the event can carry.
    pub digits: Option<u32>,
    /// Set when an unset value takes part in arithmetic.
    pub unset_arithmetic: std::cell::Cell<bool>,
}

impl Env<'_> {
    pub fn target(&self, t: Target) -> AVal {
        match t {
            Target::Leg(l) => AVal::Leg(l),
            Target::Var(v) => self
                .call
                .vars
                .get(usize::from(v))
                .cloned()
                .unwrap_or(AVal::UNKNOWN),
        }
    }

    pub fn eval(&self, e: &Expr) -> AVal {
        match e {
            Expr::Lit(v) => AVal::of(v),
            Expr::Config(_) | Expr::LegNumber(_) => AVal::Any {
                maybe_none: false,
                max_len: Some(PHONE_LEN),
            },
            Expr::Var(v) => self
                .call
                .vars
                .get(usize::from(*v))
                .cloned()
                .unwrap_or(AVal::UNKNOWN),
            Expr::Builtin(Builtin::Digits) => AVal::Any {
                maybe_none: true,
                max_len: self.digits.or(Some(0)),
            },
            Expr::Builtin(Builtin::SmaNumber) => AVal::Any {
                maybe_none: false,
                max_len: Some(PHONE_LEN),
            },
            Expr::Builtin(Builtin::EventLeg) => self.event_leg.map_or(AVal::UNKNOWN, AVal::Leg),
            Expr::Builtin(
                Builtin::Error | Builtin::Recorded | Builtin::Terminator | Builtin::SipCode,
            )
            | Expr::Arg(_) => AVal::UNKNOWN,
            Expr::Leg(t) => self.target(*t),
            Expr::LegConnected(t) => {
                let legs = self.target(*t).legs();
                let up: Vec<bool> = legs.iter().map(|l| self.call.leg(*l) == Leg::Up).collect();
                match up.as_slice() {
                    [] => AVal::Bool(false),
                    [one] => AVal::Bool(*one),
                    many if many.iter().all(|u| *u) => AVal::Bool(true),
                    many if many.iter().all(|u| !*u) => AVal::Bool(false),
                    _ => unknown_bool(),
                }
            }
            Expr::Area(_) => AVal::Any {
                maybe_none: true,
                max_len: Some(3),
            },
            Expr::Call(Func::Dialable, _) => unknown_bool(),
            Expr::Call(Func::Len, _) => AVal::Any {
                maybe_none: false,
                max_len: Some(20),
            },
            Expr::Call(_, _) => AVal::Any {
                maybe_none: true,
                max_len: Some(PHONE_LEN),
            },
            Expr::Not(x) => match self.eval(x).truth() {
                Some(b) => AVal::Bool(!b),
                None => unknown_bool(),
            },
            Expr::Neg(x) => match self.eval(x) {
                AVal::Int(i) => int(-i),
                AVal::None => {
                    self.unset_arithmetic.set(true);
                    AVal::None
                }
                _ => AVal::UNKNOWN,
            },
            Expr::RecordingIs(s) => AVal::Bool(self.call.recording == *s),
            Expr::In(x, list) => {
                let x = self.eval(x);
                let items: Vec<AVal> = list.iter().map(|i| self.eval(i)).collect();
                if x.known() && items.iter().all(AVal::known) {
                    AVal::Bool(items.contains(&x))
                } else {
                    unknown_bool()
                }
            }
            Expr::Binary(op, l, r) => self.binary(*op, l, r),
        }
    }

    fn binary(&self, op: BinaryOp, l: &Expr, r: &Expr) -> AVal {
        match op {
            BinaryOp::Or | BinaryOp::And => {
                let stop = op == BinaryOp::Or;
                let a = self.eval(l).truth();
                if a == Some(stop) {
                    return AVal::Bool(stop);
                }
                let b = self.eval(r).truth();
                match (a, b) {
                    (_, Some(x)) if x == stop => AVal::Bool(stop),
                    (Some(_), Some(x)) => AVal::Bool(x),
                    _ => unknown_bool(),
                }
            }
            BinaryOp::Eq | BinaryOp::Ne => {
                let (a, b) = (self.eval(l), self.eval(r));
                let same = if a.known() && b.known() {
                    Some(a == b)
                } else if (a == AVal::None && !b.maybe_none())
                    || (b == AVal::None && !a.maybe_none())
                {
                    Some(false)
                } else {
                    None
                };
                match same {
                    Some(s) => AVal::Bool(s == (op == BinaryOp::Eq)),
                    None => unknown_bool(),
                }
            }
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
                match (self.eval(l), self.eval(r)) {
                    (AVal::Int(a), AVal::Int(b)) => AVal::Bool(match op {
                        BinaryOp::Lt => a < b,
                        BinaryOp::Le => a <= b,
                        BinaryOp::Gt => a > b,
                        _ => a >= b,
                    }),
                    (AVal::None, _) | (_, AVal::None) => AVal::Bool(false),
                    _ => unknown_bool(),
                }
            }
            BinaryOp::Add | BinaryOp::Sub => {
                let (a, b) = (self.eval(l), self.eval(r));
                if a.maybe_none() || b.maybe_none() {
                    self.unset_arithmetic.set(true);
                }
                match (a, b, op) {
                    (AVal::None, _, _) | (_, AVal::None, _) => AVal::None,
                    (AVal::Int(x), AVal::Int(y), BinaryOp::Add) => int(x.saturating_add(y)),
                    (AVal::Int(x), AVal::Int(y), _) => int(x.saturating_sub(y)),
                    (AVal::Text(x), AVal::Text(y), _) => text(x + &y),
                    (AVal::Int(_), _, _) | (_, AVal::Int(_), _) => int(i64::MAX),
                    (x, y, _) => AVal::Any {
                        maybe_none: false,
                        max_len: x
                            .max_len()
                            .zip(y.max_len())
                            .map(|(p, q)| p.saturating_add(q))
                            .filter(|n| *n <= MAX_TRACKED_LEN),
                    },
                }
            }
        }
    }
}
