//! The rules a single parameter value must satisfy, and how a value is presented to them.
//! A rule is plain data so that the checker, the encoder and the docs read the same thing.

mod formats;
mod pattern;
mod words;

use std::collections::BTreeMap;
use std::fmt;

use super::violation::Problem;
use formats::{excerpt, is_arn, is_e164, is_lex_bot_alias_arn};

/// The largest integer any SMA parameter carries on the wire (all are unsigned 32-bit or less).
pub const WIRE_INT_MAX: i64 = u32::MAX as i64;

/// A parameter value as presented to a rule: by the runtime from a typed action, or by the
/// language checker from a literal in a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamValue<'a> {
    /// A JSON integer.
    Int(i64),
    /// A JSON string.
    Text(&'a str),
    /// A JSON boolean.
    Bool(bool),
    /// A JSON array of strings.
    List(&'a [String]),
    /// A JSON array of objects, of which only the length is checked here (the items' fields are
    /// presented as parameters of their own).
    Items(usize),
    /// A JSON object of string values.
    Map(&'a BTreeMap<String, String>),
    /// A JSON object (its fields are presented as parameters of their own).
    Object,
    /// A JSON object whose encoded size, in bytes, is what matters.
    Json(usize),
}

impl ParamValue<'_> {
    /// The kind of value.
    #[must_use]
    pub fn kind(&self) -> ValueKind {
        match self {
            Self::Int(_) => ValueKind::Int,
            Self::Text(_) => ValueKind::Text,
            Self::Bool(_) => ValueKind::Bool,
            Self::List(_) => ValueKind::List,
            Self::Items(_) => ValueKind::Items,
            Self::Map(_) => ValueKind::Map,
            Self::Object => ValueKind::Object,
            Self::Json(_) => ValueKind::Json,
        }
    }
}

/// The kinds of [`ParamValue`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// An integer.
    Int,
    /// A string.
    Text,
    /// A boolean.
    Bool,
    /// A list of strings.
    List,
    /// A list of objects.
    Items,
    /// A string map.
    Map,
    /// An object.
    Object,
    /// An object measured by its encoded size.
    Json,
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Int => "a whole number",
            Self::Text => "a string",
            Self::Bool => "true or false",
            Self::List => "a list of strings",
            Self::Items => "a list of objects",
            Self::Map => "a map of strings",
            Self::Object | Self::Json => "an object",
        })
    }
}

/// A set of allowed characters, as inclusive ranges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharSet {
    /// Inclusive character ranges.
    pub ranges: &'static [(char, char)],
    /// How the set reads in a message.
    pub label: &'static str,
}

impl CharSet {
    /// Whether the set contains `c`.
    #[must_use]
    pub fn contains(&self, c: char) -> bool {
        self.ranges
            .iter()
            .any(|&(low, high)| (low..=high).contains(&c))
    }
}

/// The rules for `SipHeaders` names and values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SipHeaderRule {
    /// Custom header names must start with this (compared ignoring ASCII case).
    pub custom_prefix: &'static str,
    /// Standard headers that may be set (compared ignoring ASCII case).
    pub standard_names: &'static [&'static str],
    /// Prefixes the service reserves (compared ignoring ASCII case).
    pub reserved_prefixes: &'static [&'static str],
    /// The longest header value, in characters.
    pub max_value_chars: usize,
}

/// What one parameter value must satisfy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Any value of this kind.
    Any(ValueKind),
    /// An integer in `min..=max`; no `max` means up to [`WIRE_INT_MAX`].
    Int {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value, if the protocol sets one.
        max: Option<i64>,
    },
    /// A string of `min_chars..=max_chars` characters.
    Text {
        /// Fewest characters.
        min_chars: usize,
        /// Most characters, if the protocol sets a limit.
        max_chars: Option<usize>,
    },
    /// A string of `min_len..=max_len` characters, each from `set`.
    Chars {
        /// Allowed characters.
        set: CharSet,
        /// Fewest characters.
        min_len: usize,
        /// Most characters.
        max_len: usize,
    },
    /// One of these exact strings.
    OneOf(&'static [&'static str]),
    /// An E.164 phone number: `+`, then 2 to 15 digits, the first not `0`.
    E164,
    /// An ARN, optionally of one service.
    Arn {
        /// The service the ARN must name.
        service: Option<&'static str>,
    },
    /// A Lex V2 bot alias ARN: `arn:aws:lex:<region>:<account>:bot-alias/<bot-id>/<alias-id>`.
    LexBotAliasArn,
    /// A non-empty regular expression the `regex` crate accepts (the service's dialect is
    /// undocumented; this is the engine the simulator uses too).
    Regex,
    /// A list of at least `min_items` single characters, each from `set` (DTMF key lists).
    Keys {
        /// Allowed keys.
        set: CharSet,
        /// Fewest items.
        min_items: usize,
    },
    /// A list of `min_items..=max_items` non-empty strings.
    Ids {
        /// Fewest items.
        min_items: usize,
        /// Most items.
        max_items: usize,
    },
    /// A list with `min..=max` items.
    Count {
        /// Fewest items.
        min: usize,
        /// Most items, if limited.
        max: Option<usize>,
    },
    /// SIP header names and values.
    SipHeaders(SipHeaderRule),
    /// An object whose JSON encoding is at most this many bytes.
    JsonBytes {
        /// Most bytes.
        max: usize,
    },
}

impl Rule {
    /// The kind of value this rule is about.
    #[must_use]
    pub fn expects(&self) -> ValueKind {
        match self {
            Self::Any(kind) => *kind,
            Self::Int { .. } => ValueKind::Int,
            Self::Text { .. }
            | Self::Chars { .. }
            | Self::OneOf(_)
            | Self::E164
            | Self::Arn { .. }
            | Self::LexBotAliasArn
            | Self::Regex => ValueKind::Text,
            Self::Keys { .. } | Self::Ids { .. } => ValueKind::List,
            Self::Count { .. } => ValueKind::Items,
            Self::SipHeaders(_) => ValueKind::Map,
            Self::JsonBytes { .. } => ValueKind::Json,
        }
    }

    /// Checks one value.
    ///
    /// # Errors
    ///
    /// The [`Problem`] with the value, in words.
    pub fn check(&self, value: ParamValue<'_>) -> Result<(), Problem> {
        let broken = |got: String| Problem::Broken { rule: *self, got };
        match (*self, value) {
            (Self::Any(kind), value) if value.kind() == kind => Ok(()),
            (Self::Int { min, max }, ParamValue::Int(n)) => match max {
                None if n > WIRE_INT_MAX => Err(Problem::TooLargeForWire { got: n }),
                _ if n < min || max.is_some_and(|max| n > max) => Err(broken(n.to_string())),
                _ => Ok(()),
            },
            (
                Self::Text {
                    min_chars,
                    max_chars,
                },
                ParamValue::Text(text),
            ) => {
                let chars = text.chars().count();
                if chars < min_chars || max_chars.is_some_and(|max| chars > max) {
                    Err(broken(format!("{chars} characters")))
                } else {
                    Ok(())
                }
            }
            (
                Self::Chars {
                    set,
                    min_len,
                    max_len,
                },
                ParamValue::Text(text),
            ) => {
                let chars = text.chars().count();
                if chars < min_len || chars > max_len {
                    Err(broken(format!("{chars} characters")))
                } else if let Some(bad) = text.chars().find(|&c| !set.contains(c)) {
                    Err(broken(format!("{bad:?}")))
                } else {
                    Ok(())
                }
            }
            (Self::OneOf(allowed), ParamValue::Text(text)) => {
                if allowed.contains(&text) {
                    Ok(())
                } else {
                    Err(broken(format!("{:?}", excerpt(text))))
                }
            }
            (Self::E164, ParamValue::Text(text)) => {
                check_with(is_e164(text), || broken(format!("{:?}", excerpt(text))))
            }
            (Self::Arn { service }, ParamValue::Text(text)) => {
                check_with(is_arn(text, service), || {
                    broken(format!("{:?}", excerpt(text)))
                })
            }
            (Self::LexBotAliasArn, ParamValue::Text(text)) => {
                check_with(is_lex_bot_alias_arn(text), || {
                    broken(format!("{:?}", excerpt(text)))
                })
            }
            (Self::Regex, ParamValue::Text("")) => Err(broken("an empty pattern".to_owned())),
            (Self::Regex, ParamValue::Text(text)) => match pattern::compiles(text) {
                Ok(_) => Ok(()),
                Err(error) => Err(broken(format!(
                    "{:?} ({})",
                    excerpt(text),
                    error.to_string().lines().last().unwrap_or_default().trim()
                ))),
            },
            (Self::Keys { set, min_items }, ParamValue::List(items)) => {
                if items.len() < min_items {
                    return Err(broken(format!("{} items", items.len())));
                }
                let single = |item: &String| {
                    let mut chars = item.chars();
                    chars.next().is_some_and(|c| set.contains(c)) && chars.next().is_none()
                };
                match items.iter().find(|item| !single(item)) {
                    Some(bad) => Err(broken(format!("{:?}", excerpt(bad)))),
                    None => Ok(()),
                }
            }
            (
                Self::Ids {
                    min_items,
                    max_items,
                },
                ParamValue::List(items),
            ) => {
                if !(min_items..=max_items).contains(&items.len()) {
                    Err(broken(format!("{} items", items.len())))
                } else if items.iter().any(String::is_empty) {
                    Err(broken("an empty id".to_owned()))
                } else {
                    Ok(())
                }
            }
            (Self::Count { min, max }, ParamValue::Items(len)) => count(min, max, len, broken),
            (Self::Count { min, max }, ParamValue::List(items)) => {
                count(min, max, items.len(), broken)
            }
            (Self::SipHeaders(headers), ParamValue::Map(map)) => {
                match map
                    .iter()
                    .find_map(|(name, value)| headers.problem(name, value))
                {
                    Some(got) => Err(broken(got)),
                    None => Ok(()),
                }
            }
            (Self::JsonBytes { max }, ParamValue::Json(bytes)) => {
                check_with(bytes <= max, || broken(format!("{bytes} bytes")))
            }
            (rule, value) => Err(Problem::WrongKind {
                expected: rule.expects(),
                got: value.kind(),
            }),
        }
    }
}

fn count(
    min: usize,
    max: Option<usize>,
    len: usize,
    broken: impl FnOnce(String) -> Problem,
) -> Result<(), Problem> {
    check_with(len >= min && max.is_none_or(|max| len <= max), || {
        broken(format!("{len} items"))
    })
}

fn check_with(ok: bool, problem: impl FnOnce() -> Problem) -> Result<(), Problem> {
    if ok { Ok(()) } else { Err(problem()) }
}
