//! The language's verbs, written once: for each command its keyword, its labels (what each takes,
//! whether it is required, the SMA parameter it fills and so the limit that bounds it), the SMA
//! action it sends, its outcomes and what it does to the call's legs, recording and listeners.
//!
//! Pipeline position: data on the runtime side of the boundary, free of parser types. The checker
//! takes each command's labels and limits from here, the analyses take the outcomes, the guide's
//! command table, the YAML form's schema and editor support are generated from (or tested against)
//! it, and the verifier reads the effects. The protocol facts themselves stay in
//! [`wire::limits`](crate::wire::limits): a label names its wire parameter, and the parameter's
//! rule and default are read from there, never restated.

pub mod doc;
mod table;

pub use table::{LISTENER, VERBS};

use crate::wire::ActionKind;
use crate::wire::limits::{ParamSpec, ProtocolDefault};

/// Names every command of the language, so that code that lowers a command matches on a closed
/// set instead of on keyword strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VerbId {
    Play,
    Collect,
    Speak,
    Ask,
    Listen,
    SendDigits,
    Pause,
    Hangup,
    Bridge,
    RecordAudio,
    StartRecording,
    PauseRecording,
    ResumeRecording,
    StopRecording,
    VoiceFocus,
    JoinMeeting,
    Mute,
    Unmute,
    StartBot,
    /// The `listener` declaration: not a command, but its labels fill `ReceiveDigits`.
    Listener,
}

/// What an argument is written as, and so how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A leg: `caller`, `callee` or an expression of type `leg`.
    Leg,
    /// A leg, or `both` for each connected leg.
    Legs,
    /// The name of a prompt.
    Prompt,
    /// Prompts separated by commas: one action each.
    Prompts,
    /// An expression of type text.
    Text,
    /// An expression of type phone (E.164), or text when the verb routes through a Voice Connector.
    Phone,
    /// Text written out in quotes: fixed when the flow is checked.
    Literal,
    /// Keys written out as one string, such as `"#*"`.
    Keys,
    /// A duration written out (`500ms`, `5s`, `1m`), sent in milliseconds.
    Millis,
    /// A duration written out in whole seconds.
    Seconds,
    /// A whole number written out.
    Count,
    /// `true` or `false`, written out.
    Flag,
    /// A regular expression over the digit keys, written out.
    DigitPattern,
    /// One of these words, written bare.
    Word(&'static [&'static str]),
    /// `"Name: value"` texts in a list.
    Headers,
    /// The name of a listener.
    Listener,
    /// Expressions of type text, separated by commas.
    Texts,
    /// A SIP response code written as a whole number, such as `486`.
    SipCode,
}

impl ArgKind {
    /// How a missing value of this kind is described in messages and docs.
    #[must_use]
    pub fn what(self) -> &'static str {
        match self {
            ArgKind::Leg => "a leg",
            ArgKind::Legs => "a leg or `both`",
            ArgKind::Prompt | ArgKind::Prompts => "a prompt",
            ArgKind::Text | ArgKind::Literal => "text",
            ArgKind::Phone => "a phone number",
            ArgKind::Keys => "keys such as \"#\"",
            ArgKind::Millis | ArgKind::Seconds => "a duration",
            ArgKind::Count => "a whole number",
            ArgKind::Flag => "`true` or `false`",
            ArgKind::DigitPattern => "a regular expression",
            ArgKind::Word(_) => "one of its words",
            ArgKind::Headers => "a list of \"Name: value\" texts",
            ArgKind::Listener => "a listener",
            ArgKind::Texts => "texts",
            ArgKind::SipCode => "a SIP response code",
        }
    }

    /// Whether the value must be written out in the flow (so its limits are checked then).
    #[must_use]
    pub fn is_literal(self) -> bool {
        !matches!(
            self,
            ArgKind::Leg
                | ArgKind::Legs
                | ArgKind::Prompt
                | ArgKind::Prompts
                | ArgKind::Text
                | ArgKind::Phone
                | ArgKind::Listener
                | ArgKind::Texts
        )
    }
}

/// One argument of a command: the positional one (its subject) or a labelled one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// The label as written; for a subject, the noun the guide shows in its place.
    pub name: &'static str,
    /// One line for hovers and the guide.
    pub doc: &'static str,
    pub kind: ArgKind,
    pub required: bool,
    /// The wire path (see [`wire::limits`](crate::wire::limits)) this argument fills, in the
    /// verb's action.
    pub param: Option<&'static str>,
}

impl Label {
    /// A label that must be given.
    #[must_use]
    pub const fn required(
        name: &'static str,
        kind: ArgKind,
        param: Option<&'static str>,
        doc: &'static str,
    ) -> Self {
        Self {
            name,
            doc,
            kind,
            required: true,
            param,
        }
    }

    /// A label that may be left out.
    #[must_use]
    pub const fn optional(
        name: &'static str,
        kind: ArgKind,
        param: Option<&'static str>,
        doc: &'static str,
    ) -> Self {
        let mut label = Self::required(name, kind, param, doc);
        label.required = false;
        label
    }
}

/// Which argument of a command names something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgRef {
    /// The positional argument.
    Subject,
    /// The argument with this label.
    Label(&'static str),
}

/// A change to the recording of the call (`StartCallRecording` and its kin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordingChange {
    Start,
    Pause,
    Resume,
    Stop,
}

/// What a command does to the call, beyond sending its action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Audio or speech is heard on the leg (or legs) named.
    Plays(ArgRef),
    /// Digits pressed on the leg come back in the action's result, not to the listeners.
    CollectsDigits(ArgRef),
    /// DTMF tones are sent on the leg.
    SendsDigits(ArgRef),
    /// The leg is held for a time.
    Waits(ArgRef),
    /// The leg ends.
    EndsLeg(ArgRef),
    /// A second leg is dialled and, when it answers, bridged to the first.
    AddsLeg,
    /// What the leg says is written to a file (voicemail style).
    RecordsAudio(ArgRef),
    /// The call recording changes.
    Recording(RecordingChange),
    /// The listener named by the subject is armed on its leg.
    ArmsListener,
    /// Noise reduction on the leg changes.
    VoiceFocus(ArgRef),
    /// The leg joins a meeting.
    JoinsMeeting(ArgRef),
    /// Meeting attendees are muted or unmuted.
    ModifiesAttendees,
    /// The leg is handed to a bot until the conversation ends.
    HandsToBot(ArgRef),
}

/// What the call waits for after a command, which decides the handlers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not result-bearing: the list carries on; only a failure comes back (`ACTION_FAILED`).
    Quiet,
    /// Its result is the point: the call is silent until a success handler moves it on, and a
    /// failure must be handled too.
    Result,
    /// It connects the call (a bridge, a meeting): success carries on by itself; a failure must be
    /// handled.
    Connection,
    /// It ends a leg; its success is reported but nothing waits on it.
    Ending,
    /// Reported, but nothing waits on it.
    Confirmation,
}

impl Outcome {
    /// Only a success handler can move the call on after it.
    #[must_use]
    pub fn needs_success_handler(self) -> bool {
        matches!(self, Outcome::Result)
    }

    /// A failure leaves the call in silence unless it is handled.
    #[must_use]
    pub fn needs_failure_handler(self) -> bool {
        matches!(self, Outcome::Result | Outcome::Connection)
    }

    /// It moves the call on: dropping it because an earlier action failed stalls the call.
    #[must_use]
    pub fn moves_call_on(self) -> bool {
        matches!(
            self,
            Outcome::Result | Outcome::Connection | Outcome::Ending
        )
    }
}

/// One command of the language.
#[derive(Debug, PartialEq, Eq)]
pub struct Verb {
    pub id: VerbId,
    /// The keyword, one or two words (`play`, `send digits`).
    pub keyword: &'static str,
    /// One line for hovers and the guide.
    pub doc: &'static str,
    /// The SMA action it sends.
    pub action: ActionKind,
    /// The positional argument, when it takes one.
    pub subject: Option<Label>,
    /// Its labelled arguments, in groups so that verbs share a group (the digit labels) instead of
    /// restating it.
    pub label_groups: &'static [&'static [Label]],
    /// The leg it acts on, when it names one.
    pub leg: Option<ArgRef>,
    pub effects: &'static [Effect],
    pub outcome: Outcome,
    /// An example for hovers and the guide.
    pub example: &'static str,
}

impl Verb {
    /// Its labelled arguments.
    pub fn labels(&self) -> impl Iterator<Item = &'static Label> + use<> {
        self.label_groups.iter().flat_map(|group| group.iter())
    }

    /// The labelled argument called `name`.
    #[must_use]
    pub fn label(&self, name: &str) -> Option<&'static Label> {
        self.labels().find(|label| label.name == name)
    }

    /// The labels' names.
    pub fn label_names(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.labels().map(|label| label.name)
    }

    /// The protocol's limit on an argument: the spec of the wire parameter it fills.
    #[must_use]
    pub fn limit(&self, label: &Label) -> Option<&'static ParamSpec> {
        self.action.spec().param(label.param?)
    }

    /// What the service assumes when an optional argument is left out.
    #[must_use]
    pub fn protocol_default(&self, label: &Label) -> Option<ProtocolDefault> {
        self.limit(label)?.default
    }

    /// Reports `ACTION_SUCCESSFUL` (so `after` handlers can follow it), read from the limits table.
    #[must_use]
    pub fn result_bearing(&self) -> bool {
        self.action.is_result_bearing()
    }

    /// Whether `after VERB` can ever run: only result-bearing actions report success.
    #[must_use]
    pub fn can_trigger_after(&self) -> bool {
        self.result_bearing()
    }

    /// Whether `on failed VERB` can run: every action can fail.
    #[must_use]
    pub fn can_trigger_failed(&self) -> bool {
        true
    }
}

/// The command with this keyword.
#[must_use]
pub fn find(keyword: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|verb| verb.keyword == keyword)
}

/// The entry for a verb id.
#[must_use]
pub fn get(id: VerbId) -> &'static Verb {
    match VERBS.iter().find(|verb| verb.id == id) {
        Some(verb) => verb,
        None => &LISTENER,
    }
}

/// Words of `after` and `on failed` that stand for several actions.
pub const GROUPS: &[(&str, &[ActionKind])] = &[(
    "recording",
    &[
        ActionKind::StartCallRecording,
        ActionKind::PauseCallRecording,
        ActionKind::ResumeCallRecording,
        ActionKind::StopCallRecording,
    ],
)];

/// The actions a word of `after` or `on failed` stands for: a verb's keyword or a group.
#[must_use]
pub fn trigger_kinds(word: &str) -> Option<Vec<ActionKind>> {
    if let Some(verb) = find(word) {
        return Some(vec![verb.action]);
    }
    GROUPS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, kinds)| kinds.to_vec())
}

/// The first verb that sends an action, for messages (`verb_of(PlayAudio)` is `play`).
#[must_use]
pub fn verb_of(kind: ActionKind) -> &'static str {
    VERBS
        .iter()
        .find(|verb| verb.action == kind)
        .map_or(kind.as_str(), |verb| verb.keyword)
}

/// What the call waits for after an action, from the verbs that send it.
#[must_use]
pub fn outcome_of(kind: ActionKind) -> Outcome {
    VERBS
        .iter()
        .find(|verb| verb.action == kind)
        .map_or(Outcome::Quiet, |verb| verb.outcome)
}

/// Every label word of the language (of commands and of the `listener` declaration), sorted and
/// without repeats: a word that starts a continued command line.
#[must_use]
pub fn all_label_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = VERBS
        .iter()
        .chain(std::iter::once(&LISTENER))
        .flat_map(Verb::label_names)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests;
