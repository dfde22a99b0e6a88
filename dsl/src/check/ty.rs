//! Static types of the language, as the checker sees them (richer than run-time value types).

use interpreter::ir::ValueType;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Value(ValueType),
    /// The literal `none`: compatible with every value type.
    None,
    /// `both`: the two legs.
    BothLegs,
    Prompt,
    Listener,
    /// `recording`: only usable with `is`.
    Recording,
    /// `args`: only usable with a field (`args.NAME`).
    Args,
    /// The type of an expression that already has a finding: accepted everywhere so that one
    /// mistake is reported once.
    Error,
}

impl Ty {
    pub const BOOL: Ty = Ty::Value(ValueType::Bool);
    pub const INT: Ty = Ty::Value(ValueType::Int);
    pub const TEXT: Ty = Ty::Value(ValueType::Text);
    pub const PHONE: Ty = Ty::Value(ValueType::Phone);
    pub const DURATION: Ty = Ty::Value(ValueType::Duration);
    pub const LEG: Ty = Ty::Value(ValueType::Leg);

    /// The type a declared type name stands for (names were checked where they were declared).
    pub fn of_declared(name: &str) -> Ty {
        match name {
            "phone" => Ty::PHONE,
            "int" => Ty::INT,
            "bool" => Ty::BOOL,
            "duration" => Ty::DURATION,
            "leg" => Ty::LEG,
            "text" => Ty::TEXT,
            _ => Ty::Error,
        }
    }

    /// Whether a value of type `self` may stand where `expected` is wanted.
    pub fn fits(&self, expected: &Ty) -> bool {
        match (self, expected) {
            (Ty::Error, _) | (_, Ty::Error) => true,
            (Ty::None, Ty::Value(_)) => true,
            // Phone numbers are text too (they can be concatenated, compared with text).
            (Ty::Value(ValueType::Phone), Ty::Value(ValueType::Text)) => true,
            (a, b) => a == b,
        }
    }

    /// Whether two values can be compared with `==`.
    pub fn comparable(&self, other: &Ty) -> bool {
        self.fits(other) || other.fits(self)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Value(v) => f.write_str(v.as_str()),
            Ty::None => f.write_str("none"),
            Ty::BothLegs => f.write_str("both legs"),
            Ty::Prompt => f.write_str("prompt"),
            Ty::Listener => f.write_str("listener"),
            Ty::Recording => f.write_str("recording state"),
            Ty::Args => f.write_str("call-update arguments"),
            Ty::Error => f.write_str("unknown"),
        }
    }
}
