//! Rules in words: the predicate of the sentence a violation reads as
//! ("CallTimeoutSeconds must be between 1 and 120").

use std::fmt;

use super::{Rule, SipHeaderRule};

impl fmt::Display for SipHeaderRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "must name headers starting with {} (but not {}) or one of {}, with values of at most {} characters",
            self.custom_prefix,
            self.reserved_prefixes.join(", "),
            self.standard_names.join(", "),
            self.max_value_chars
        )
    }
}

impl fmt::Display for Rule {
    /// The rule in words, as the predicate of a sentence whose subject is the parameter.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Any(kind) => write!(f, "must be {kind}"),
            Self::Int { min, max: Some(max) } => write!(f, "must be between {min} and {max}"),
            Self::Int { min, max: None } => write!(f, "must be at least {min}"),
            Self::Text { min_chars: 1, max_chars: None } => f.write_str("must not be empty"),
            Self::Text { min_chars, max_chars: None } => {
                write!(f, "must be at least {min_chars} characters long")
            }
            Self::Text { min_chars, max_chars: Some(max) } => {
                write!(f, "must be {min_chars} to {max} characters long")
            }
            Self::Chars { set, min_len, max_len } => write!(
                f,
                "must be {min_len} to {max_len} characters from {}",
                set.label
            ),
            Self::OneOf(allowed) => write!(f, "must be one of {}", allowed.join(", ")),
            Self::E164 => f.write_str(
                "must be an E.164 phone number (+ then 2 to 15 digits, the first not 0)",
            ),
            Self::Arn { service: Some(service) } => write!(
                f,
                "must be an ARN of service {service} (arn:partition:{service}:region:account:resource)"
            ),
            Self::Arn { service: None } => {
                f.write_str("must be an ARN (arn:partition:service:region:account:resource)")
            }
            Self::LexBotAliasArn => f.write_str(
                "must be a Lex bot alias ARN (arn:aws:lex:region:account:bot-alias/bot-id/alias-id)",
            ),
            Self::Regex => f.write_str("must be a valid, non-empty regular expression"),
            Self::Keys { set, min_items } => write!(
                f,
                "must list at least {min_items} single keys from {}",
                set.label
            ),
            Self::Ids { min_items, max_items } => {
                write!(f, "must list {min_items} to {max_items} non-empty ids")
            }
            Self::Count { min, max: Some(max) } if min == max => {
                write!(f, "must have exactly {min} item{}", if *min == 1 { "" } else { "s" })
            }
            Self::Count { min, max: Some(max) } => write!(f, "must have {min} to {max} items"),
            Self::Count { min, max: None } => write!(f, "must have at least {min} items"),
            Self::SipHeaders(rule) => rule.fmt(f),
            Self::JsonBytes { max } => write!(f, "must encode to at most {max} bytes of JSON"),
        }
    }
}
