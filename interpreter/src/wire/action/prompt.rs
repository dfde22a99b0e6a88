//! Prompt actions: play a file or speak text, optionally collecting DTMF digits afterwards.

use serde::{Deserialize, Serialize};

use super::media::{
    AUDIO_SOURCE, AudioSource, FAILURE_AUDIO_SOURCE, FAILURE_SPEECH, SPEECH, SpeechParameters,
};
use super::params::{ParamList, Parameters};
use super::target::Target;
use crate::wire::leg::CallId;
use crate::wire::vocab::{Engine, TextType};

/// `PlayAudio`: play a WAV file to a leg. Interruptible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlayAudio {
    /// The leg (default: the invoking leg).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// Keys that stop playback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub playback_terminators: Option<Vec<String>>,
    /// How many times to play (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<u32>,
    /// The file.
    pub audio_source: AudioSource,
}

impl Parameters for PlayAudio {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.opt_list("PlaybackTerminators", self.playback_terminators.as_deref());
        out.opt_int("Repeat", self.repeat);
        self.audio_source.collect(&AUDIO_SOURCE, out);
    }
}

/// The digit-collection parameters `PlayAudioAndGetDigits` and `SpeakAndGetDigits` share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DigitCapture {
    /// The pattern the digits must match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_digits_regex: Option<String>,
    /// Fewest digits (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_number_of_digits: Option<u32>,
    /// Most digits (default 128).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_number_of_digits: Option<u32>,
    /// Keys that end input (default `#`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminator_digits: Option<Vec<String>>,
    /// Quiet gap that ends input (default: the repeat duration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_between_digits_duration_in_milliseconds: Option<u32>,
    /// Total attempts (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<u32>,
    /// Wait per attempt.
    pub repeat_duration_in_milliseconds: u32,
}

impl DigitCapture {
    /// Protocol defaults with this wait per attempt.
    #[must_use]
    pub fn new(repeat_duration_in_milliseconds: u32) -> Self {
        Self {
            input_digits_regex: None,
            min_number_of_digits: None,
            max_number_of_digits: None,
            terminator_digits: None,
            in_between_digits_duration_in_milliseconds: None,
            repeat: None,
            repeat_duration_in_milliseconds,
        }
    }
}

impl Parameters for DigitCapture {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.opt_text("InputDigitsRegex", self.input_digits_regex.as_deref());
        out.opt_int("MinNumberOfDigits", self.min_number_of_digits);
        out.opt_int("MaxNumberOfDigits", self.max_number_of_digits);
        out.opt_list("TerminatorDigits", self.terminator_digits.as_deref());
        out.opt_int(
            "InBetweenDigitsDurationInMilliseconds",
            self.in_between_digits_duration_in_milliseconds,
        );
        out.opt_int("Repeat", self.repeat);
        out.int(
            "RepeatDurationInMilliseconds",
            self.repeat_duration_in_milliseconds,
        );
    }
}

/// `PlayAudioAndGetDigits`: play a prompt and collect digits, re-prompting with a failure
/// prompt. Reports its result at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlayAudioAndGetDigits {
    /// The leg (default: the invoking leg).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// The prompt.
    pub audio_source: AudioSource,
    /// Played after invalid input.
    pub failure_audio_source: AudioSource,
    /// What to collect.
    #[serde(flatten)]
    pub digits: DigitCapture,
}

impl Parameters for PlayAudioAndGetDigits {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        self.audio_source.collect(&AUDIO_SOURCE, out);
        self.failure_audio_source
            .collect(&FAILURE_AUDIO_SOURCE, out);
        self.digits.collect(out);
    }
}

/// `Speak`: read text to a leg with Amazon Polly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Speak {
    /// The leg.
    pub call_id: CallId,
    /// Plain text or SSML.
    pub text: String,
    /// Polly engine (default `standard`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine: Option<Engine>,
    /// Polly language code, for bilingual voices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// How `text` is read (default `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_type: Option<TextType>,
    /// Polly voice (default `Joanna`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
}

impl Parameters for Speak {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
        out.text("Text", &self.text);
        out.opt_text("Engine", self.engine.map(Engine::as_str));
        out.opt_text("LanguageCode", self.language_code.as_deref());
        out.opt_text("TextType", self.text_type.map(TextType::as_str));
        out.opt_text("VoiceId", self.voice_id.as_deref());
    }
}

/// `SpeakAndGetDigits`: speak a prompt and collect digits. Reports its result at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SpeakAndGetDigits {
    /// The leg.
    pub call_id: CallId,
    /// The prompt.
    pub speech_parameters: SpeechParameters,
    /// Spoken after invalid input (unset fields default to the prompt's).
    pub failure_speech_parameters: SpeechParameters,
    /// What to collect.
    #[serde(flatten)]
    pub digits: DigitCapture,
}

impl Parameters for SpeakAndGetDigits {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
        self.speech_parameters.collect(&SPEECH, out);
        self.failure_speech_parameters.collect(&FAILURE_SPEECH, out);
        self.digits.collect(out);
    }
}
