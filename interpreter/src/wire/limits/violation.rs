//! What is wrong with a parameter, in words: the checker turns these into diagnostics, the
//! runtime into a log line before it falls back to the flow's error path.

use std::fmt;

use super::rule::{Rule, ValueKind, WIRE_INT_MAX};
use crate::wire::action::ActionKind;

/// One broken limit of one parameter of one action.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{action}: {param} {problem}")]
pub struct LimitViolation {
    /// The action.
    pub action: ActionKind,
    /// The parameter path, e.g. `CallTimeoutSeconds` or `AudioSource.BucketName`.
    pub param: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The action has no such parameter.
    UnknownParameter,
    /// A required parameter is absent.
    Missing,
    /// The value is of the wrong kind.
    WrongKind {
        /// What the rule is about.
        expected: ValueKind,
        /// What was given.
        got: ValueKind,
    },
    /// An integer without a documented maximum is beyond what the wire carries.
    TooLargeForWire {
        /// The value.
        got: i64,
    },
    /// The value breaks its rule.
    Broken {
        /// The rule.
        rule: Rule,
        /// The offending value or part of it, in words.
        got: String,
    },
    /// The value must be at least that of another parameter (or its protocol default).
    Below {
        /// The other parameter.
        other: &'static str,
        /// Its value.
        other_value: i64,
        /// This parameter's value.
        got: i64,
    },
    /// The value must not be given together with another parameter.
    Conflicts {
        /// The other parameter.
        other: &'static str,
    },
    /// The value must be a particular one whenever another parameter is given.
    RequiredWith {
        /// The required value.
        value: &'static str,
        /// The parameter whose presence requires it.
        when: &'static str,
        /// What was given, if anything.
        got: Option<String>,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownParameter => f.write_str("is not a parameter of this action"),
            Self::Missing => f.write_str("is required"),
            Self::WrongKind { expected, got } => write!(f, "must be {expected}, got {got}"),
            Self::TooLargeForWire { got } => write!(f, "must be at most {WIRE_INT_MAX}, got {got}"),
            Self::Broken { rule, got } => write!(f, "{rule}, got {got}"),
            Self::Below {
                other,
                other_value,
                got,
            } => write!(f, "must be at least {other} ({other_value}), got {got}"),
            Self::Conflicts { other } => write!(f, "must not be given together with {other}"),
            Self::RequiredWith { value, when, got } => {
                write!(f, "must be {value} when {when} is given, got ")?;
                match got {
                    Some(got) => write!(f, "{got:?}"),
                    None => f.write_str("nothing"),
                }
            }
        }
    }
}
