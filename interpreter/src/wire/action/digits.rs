//! DTMF in the background and out: `ReceiveDigits` arms a listener, `SendDigits` plays tones.

use serde::{Deserialize, Serialize};

use super::params::{ParamList, Parameters};
use super::target::Target;
use crate::wire::leg::CallId;

/// `ReceiveDigits`: arm a DTMF listener; each match arrives later as `DIGITS_RECEIVED`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReceiveDigits {
    /// The leg (default: the invoking leg).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// The pattern the buffered digits are tested against.
    pub input_digits_regex: String,
    /// Quiet gap after a digit before the buffer is tested.
    pub in_between_digits_duration_in_milliseconds: u32,
    /// Window after which buffered digits are dropped.
    pub flush_digits_duration_in_milliseconds: u32,
}

impl Parameters for ReceiveDigits {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.text("InputDigitsRegex", &self.input_digits_regex);
        out.int(
            "InBetweenDigitsDurationInMilliseconds",
            self.in_between_digits_duration_in_milliseconds,
        );
        out.int(
            "FlushDigitsDurationInMilliseconds",
            self.flush_digits_duration_in_milliseconds,
        );
    }
}

/// `SendDigits`: play DTMF tones on a leg.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SendDigits {
    /// The leg.
    pub call_id: CallId,
    /// Keys to send; a comma pauses half a second.
    pub digits: String,
    /// Length of each tone (default 250).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tone_duration_in_milliseconds: Option<u32>,
}

impl Parameters for SendDigits {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
        out.text("Digits", &self.digits);
        out.opt_int(
            "ToneDurationInMilliseconds",
            self.tone_duration_in_milliseconds,
        );
    }
}
