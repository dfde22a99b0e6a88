//! Character sets, rules and parameters that several actions share, named once.

use super::super::rule::{CharSet, Rule, ValueKind};
use super::super::spec::{ParamSpec, ProtocolDefault as D, Relation};
use crate::wire::leg::LegTag;
use crate::wire::vocab::StorageType;

pub(super) const DTMF_KEYS: CharSet = CharSet {
    ranges: &[('0', '9'), ('#', '#'), ('*', '*')],
    label: "0-9 # *",
};
pub(super) const SEND_DIGIT_KEYS: CharSet = CharSet {
    ranges: &[('0', '9'), ('#', '#'), ('*', '*'), ('A', 'D'), (',', ',')],
    label: "0-9 * # A B C D , (a comma pauses 0.5 s)",
};
/// The user part of a Voice Connector Request-URI.
pub(super) const AWS_URI_CHARS: CharSet = CharSet {
    ranges: &[
        ('a', 'z'),
        ('A', 'Z'),
        ('0', '9'),
        ('&', '&'),
        ('=', '='),
        ('+', '+'),
        ('$', '$'),
        ('/', '/'),
        ('%', '%'),
        ('-', '-'),
        ('_', '_'),
        ('!', '!'),
        ('~', '~'),
        ('*', '*'),
        ('(', ')'),
        ('.', '.'),
    ],
    label: "a-z A-Z 0-9 & = + $ / % - _ ! ~ * ( ) .",
};
/// S3's "safe" key characters, which the `RecordAudio` prefix is limited to.
pub(super) const S3_SAFE_CHARS: CharSet = CharSet {
    ranges: &[
        ('a', 'z'),
        ('A', 'Z'),
        ('0', '9'),
        ('!', '!'),
        ('-', '-'),
        ('_', '_'),
        ('.', '.'),
        ('*', '*'),
        ('\'', ')'),
        ('/', '/'),
    ],
    label: "a-z A-Z 0-9 ! - _ . * ' ( ) /",
};
/// S3 bucket names: 3 to 63 lower-case letters, digits, dots and hyphens.
pub(super) const S3_BUCKET_CHARS: CharSet = CharSet {
    ranges: &[('a', 'z'), ('0', '9'), ('.', '.'), ('-', '-')],
    label: "a-z 0-9 . -",
};

pub(super) const NON_EMPTY: Rule = Rule::Text {
    min_chars: 1,
    max_chars: None,
};
pub(super) const POSITIVE: Rule = Rule::Int { min: 1, max: None };
pub(super) const OBJECT: Rule = Rule::Any(ValueKind::Object);
pub(super) const BUCKET: Rule = Rule::Chars {
    set: S3_BUCKET_CHARS,
    min_len: 3,
    max_len: 63,
};
/// `Speak` text, plain or SSML (the error table limits it to 1,000 characters; the same Polly
/// limit is assumed for the `SpeakAndGetDigits` prompts).
pub(super) const SPEECH_TEXT: Rule = Rule::Text {
    min_chars: 1,
    max_chars: Some(1000),
};
pub(super) const KEYS: Rule = Rule::Keys {
    set: DTMF_KEYS,
    min_items: 1,
};
pub(super) const S3: Rule = Rule::OneOf(StorageType::WIRE);

pub(super) const CALL_ID: ParamSpec = ParamSpec::required("CallId", NON_EMPTY);
pub(super) const CALL_ID_OPTIONAL: ParamSpec = ParamSpec::optional("CallId", NON_EMPTY);
pub(super) const ANY_LEG: ParamSpec =
    ParamSpec::optional("ParticipantTag", Rule::OneOf(LegTag::WIRE)).or(D::InvokingLeg);
pub(super) const LEG_A_ONLY: ParamSpec =
    ParamSpec::optional("ParticipantTag", Rule::OneOf(&["LEG-A"])).or(D::InvokingLeg);
/// `ModifyChimeMeetingAttendees` must address the meeting leg.
pub(super) const LEG_B_ONLY: ParamSpec =
    ParamSpec::optional("ParticipantTag", Rule::OneOf(&["LEG-B"])).or(D::InvokingLeg);

pub(super) const INPUT_REGEX: ParamSpec = ParamSpec::optional("InputDigitsRegex", Rule::Regex);
pub(super) const MIN_DIGITS: ParamSpec =
    ParamSpec::optional("MinNumberOfDigits", Rule::Int { min: 0, max: None }).or(D::Int(0));
pub(super) const MAX_DIGITS: ParamSpec =
    ParamSpec::optional("MaxNumberOfDigits", POSITIVE).or(D::Int(128));
pub(super) const TERMINATOR_DIGITS: ParamSpec =
    ParamSpec::optional("TerminatorDigits", KEYS).or(D::List(&["#"]));
pub(super) const IN_BETWEEN_DIGITS: ParamSpec =
    ParamSpec::optional("InBetweenDigitsDurationInMilliseconds", POSITIVE)
        .or(D::SameAs("RepeatDurationInMilliseconds"));
pub(super) const REPEAT: ParamSpec = ParamSpec::optional("Repeat", POSITIVE).or(D::Int(1));
pub(super) const REPEAT_DURATION: ParamSpec =
    ParamSpec::required("RepeatDurationInMilliseconds", POSITIVE);
/// The docs say "greater than" the minimum, a skeleton handler "at least"; the service's own
/// examples use 1 and 1, so equal is allowed.
pub(super) const MAX_NOT_BELOW_MIN: Relation = Relation::AtLeast {
    param: "MaxNumberOfDigits",
    other: "MinNumberOfDigits",
};
