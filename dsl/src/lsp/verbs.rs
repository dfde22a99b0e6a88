//! What the language server knows about verbs and their labels, in one place: the keyword, the
//! labels each verb takes, the kind of value each expects, the SMA action and wire parameter
//! behind it (whose limits come from the wire model's table) and a line of documentation.
//!
//! Hover, completion and the editor grammar's test read verbs only through this module, so that
//! moving it onto a shared verb table changes this file and nothing else. A test holds it to the
//! checker: every label listed here is accepted by the checker, and every verb is one it knows.

use interpreter::wire::ActionKind;
use interpreter::wire::limits::Rule;

/// The kind of value a verb's positional argument or a label expects, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expects {
    /// A leg: `caller`, `callee` or a `leg` variable.
    Leg,
    /// A leg, or `both`.
    Legs,
    /// One prompt.
    Prompt,
    /// One or more prompts, separated by commas.
    Prompts,
    /// A listener.
    Listener,
    Text,
    Phone,
    Duration,
    Int,
    Bool,
    /// DTMF keys as a string, such as `"#"`.
    Keys,
    /// `both`, `incoming` or `outgoing`.
    Track,
    /// SIP headers as a list of strings.
    Headers,
}

/// One labelled argument of a verb.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    pub name: &'static str,
    pub expects: Expects,
    /// The SMA parameter it fills, if it maps onto one.
    pub param: Option<&'static str>,
    pub doc: &'static str,
}

/// One verb of the language.
#[derive(Debug, Clone, Copy)]
pub struct Verb {
    /// One or two words: `play`, `start recording`.
    pub keyword: &'static str,
    /// The SMA action it sends; `None` for operations that only change the call's state.
    pub action: Option<ActionKind>,
    /// What the positional argument is, if the verb takes one.
    pub positional: Option<Expects>,
    /// The SMA parameter the positional argument fills.
    pub positional_param: Option<&'static str>,
    pub labels: &'static [Label],
    pub doc: &'static str,
}

const fn label(
    name: &'static str,
    expects: Expects,
    param: Option<&'static str>,
    doc: &'static str,
) -> Label {
    Label {
        name,
        expects,
        param,
        doc,
    }
}

use Expects as E;

const ON: Label = label("on", E::Leg, Some("ParticipantTag"), "The leg it acts on.");
const TO: Label = label(
    "to",
    E::Leg,
    Some("ParticipantTag"),
    "The leg it is sent to.",
);
const FAILURE_PROMPT: Label = label(
    "failure",
    E::Prompt,
    Some("FailureAudioSource.Key"),
    "Played when the digits entered do not match.",
);
const MIN: Label = label(
    "min",
    E::Int,
    Some("MinNumberOfDigits"),
    "The fewest digits accepted.",
);
const MAX: Label = label(
    "max",
    E::Int,
    Some("MaxNumberOfDigits"),
    "The most digits accepted.",
);
const TERMINATORS: Label = label(
    "terminators",
    E::Keys,
    Some("TerminatorDigits"),
    "Keys that end the input early.",
);
const REPEAT: Label = label("repeat", E::Int, Some("Repeat"), "How many times to ask.");
const BETWEEN: Label = label(
    "between",
    E::Duration,
    Some("InBetweenDigitsDurationInMilliseconds"),
    "The longest pause between two digits.",
);
const WAIT: Label = label(
    "wait",
    E::Duration,
    Some("RepeatDurationInMilliseconds"),
    "How long to wait before asking again.",
);
const PATTERN: Label = label(
    "pattern",
    E::Text,
    Some("InputDigitsRegex"),
    "A regular expression the digits must match.",
);
const VOICE: Label = label("voice", E::Text, Some("VoiceId"), "The Amazon Polly voice.");
const ENGINE: Label = label(
    "engine",
    E::Text,
    Some("Engine"),
    "\"standard\" or \"neural\".",
);
const LANGUAGE: Label = label(
    "language",
    E::Text,
    Some("LanguageCode"),
    "The language code.",
);
const SSML: Label = label(
    "ssml",
    E::Bool,
    Some("TextType"),
    "Whether the text is SSML.",
);

const COLLECT: &[Label] = &[
    ON,
    FAILURE_PROMPT,
    MIN,
    MAX,
    TERMINATORS,
    REPEAT,
    BETWEEN,
    WAIT,
    PATTERN,
];
const ASK: &[Label] = &[
    ON,
    label(
        "failure",
        E::Text,
        Some("FailureSpeechParameters.Text"),
        "Said when the digits entered do not match.",
    ),
    MIN,
    MAX,
    TERMINATORS,
    REPEAT,
    BETWEEN,
    WAIT,
    PATTERN,
    Label {
        param: Some("SpeechParameters.VoiceId"),
        ..VOICE
    },
    Label {
        param: Some("SpeechParameters.Engine"),
        ..ENGINE
    },
    Label {
        param: Some("SpeechParameters.LanguageCode"),
        ..LANGUAGE
    },
    Label {
        param: Some("SpeechParameters.TextType"),
        ..SSML
    },
];
const SPEAK: &[Label] = &[TO, VOICE, ENGINE, LANGUAGE, SSML];

/// Every verb, in the order completion offers them.
pub const VERBS: &[Verb] = &[
    Verb {
        keyword: "play",
        action: Some(ActionKind::PlayAudio),
        positional: Some(E::Prompts),
        positional_param: Some("AudioSource.Key"),
        labels: &[
            label(
                "to",
                E::Legs,
                Some("ParticipantTag"),
                "The leg that hears it, or `both`.",
            ),
            label(
                "repeat",
                E::Int,
                Some("Repeat"),
                "How many times to play it.",
            ),
            label(
                "stop_on",
                E::Keys,
                Some("PlaybackTerminators"),
                "Keys that stop the playback.",
            ),
        ],
        doc: "Plays prompts from the prompt bucket to a leg, one action per prompt.",
    },
    Verb {
        keyword: "collect",
        action: Some(ActionKind::PlayAudioAndGetDigits),
        positional: Some(E::Prompt),
        positional_param: Some("AudioSource.Key"),
        labels: COLLECT,
        doc: "Plays a prompt and collects digits; `after collect` receives them in `digits`.",
    },
    Verb {
        keyword: "speak",
        action: Some(ActionKind::Speak),
        positional: Some(E::Text),
        positional_param: Some("Text"),
        labels: SPEAK,
        doc: "Says text with Amazon Polly.",
    },
    Verb {
        keyword: "ask",
        action: Some(ActionKind::SpeakAndGetDigits),
        positional: Some(E::Text),
        positional_param: Some("SpeechParameters.Text"),
        labels: ASK,
        doc: "Says text and collects digits; `after ask` receives them in `digits`.",
    },
    Verb {
        keyword: "listen",
        action: Some(ActionKind::ReceiveDigits),
        positional: Some(E::Listener),
        positional_param: None,
        labels: &[],
        doc: "Arms a declared listener; its digits arrive in `on digits LISTENER`.",
    },
    Verb {
        keyword: "send digits",
        action: Some(ActionKind::SendDigits),
        positional: Some(E::Text),
        positional_param: Some("Digits"),
        labels: &[
            TO,
            label(
                "tone",
                E::Duration,
                Some("ToneDurationInMilliseconds"),
                "How long each tone lasts.",
            ),
        ],
        doc: "Sends DTMF tones to a leg.",
    },
    Verb {
        keyword: "pause",
        action: Some(ActionKind::Pause),
        positional: Some(E::Duration),
        positional_param: Some("DurationInMilliseconds"),
        labels: &[ON],
        doc: "Waits on a leg for a while.",
    },
    Verb {
        keyword: "hangup",
        action: Some(ActionKind::Hangup),
        positional: Some(E::Leg),
        positional_param: Some("ParticipantTag"),
        labels: &[label(
            "code",
            E::Int,
            Some("SipResponseCode"),
            "The SIP response code sent with the hang-up.",
        )],
        doc: "Hangs up a leg.",
    },
    Verb {
        keyword: "bridge",
        action: Some(ActionKind::CallAndBridge),
        positional: None,
        positional_param: None,
        labels: &[
            label(
                "to",
                E::Phone,
                Some("Endpoints[PSTN].Uri"),
                "The number to dial.",
            ),
            label(
                "caller_id",
                E::Phone,
                Some("CallerIdNumber"),
                "The number the callee sees.",
            ),
            label(
                "timeout",
                E::Duration,
                Some("CallTimeoutSeconds"),
                "How long to let it ring.",
            ),
            label(
                "ringback",
                E::Prompt,
                Some("RingbackTone.Key"),
                "What the caller hears while it rings.",
            ),
            label(
                "via",
                E::Text,
                Some("Endpoints[AWS].Arn"),
                "A Voice Connector to dial through; `to` is then a SIP address.",
            ),
            label(
                "headers",
                E::Headers,
                Some("SipHeaders"),
                "SIP headers sent with the call.",
            ),
        ],
        doc: "Dials a new leg and bridges it to the caller; `after bridge` runs once it answers.",
    },
    Verb {
        keyword: "record audio",
        action: Some(ActionKind::RecordAudio),
        positional: None,
        positional_param: None,
        labels: &[
            ON,
            label(
                "bucket",
                E::Text,
                Some("RecordingDestination.BucketName"),
                "The S3 bucket for the recording.",
            ),
            label(
                "prefix",
                E::Text,
                Some("RecordingDestination.Prefix"),
                "The key prefix of the recording.",
            ),
            label(
                "limit",
                E::Duration,
                Some("DurationInSeconds"),
                "The longest recording.",
            ),
            label(
                "silence",
                E::Duration,
                Some("SilenceDurationInSeconds"),
                "How much silence ends the recording.",
            ),
            label(
                "threshold",
                E::Int,
                Some("SilenceThreshold"),
                "The level counted as silence.",
            ),
            label(
                "stop_on",
                E::Keys,
                Some("RecordingTerminators"),
                "Keys that end the recording.",
            ),
        ],
        doc: "Records one leg to S3, voicemail style.",
    },
    Verb {
        keyword: "start recording",
        action: Some(ActionKind::StartCallRecording),
        positional: None,
        positional_param: None,
        labels: &[
            ON,
            label(
                "track",
                E::Track,
                Some("Track"),
                "`both`, `incoming` (what the leg says) or `outgoing` (what it hears).",
            ),
            label(
                "to",
                E::Text,
                Some("Destination.Location"),
                "The bucket and prefix, as `bucket/prefix`.",
            ),
        ],
        doc: "Starts recording the call to S3; `recording is active` holds afterwards.",
    },
    Verb {
        keyword: "pause recording",
        action: Some(ActionKind::PauseCallRecording),
        positional: None,
        positional_param: None,
        labels: &[],
        doc: "Pauses the recording that was started.",
    },
    Verb {
        keyword: "resume recording",
        action: Some(ActionKind::ResumeCallRecording),
        positional: None,
        positional_param: None,
        labels: &[],
        doc: "Resumes a paused recording.",
    },
    Verb {
        keyword: "stop recording",
        action: Some(ActionKind::StopCallRecording),
        positional: None,
        positional_param: None,
        labels: &[],
        doc: "Stops the recording for good.",
    },
    Verb {
        keyword: "voice focus",
        action: Some(ActionKind::VoiceFocus),
        positional: Some(E::Bool),
        positional_param: Some("Enable"),
        labels: &[ON],
        doc: "Turns noise reduction on (`true`) or off (`false`).",
    },
    Verb {
        keyword: "join meeting",
        action: Some(ActionKind::JoinChimeMeeting),
        positional: None,
        positional_param: None,
        labels: &[
            ON,
            label(
                "token",
                E::Text,
                Some("JoinToken"),
                "The attendee's join token.",
            ),
            label("meeting", E::Text, Some("MeetingId"), "The meeting's id."),
        ],
        doc: "Joins a leg to an Amazon Chime SDK meeting.",
    },
    Verb {
        keyword: "mute",
        action: Some(ActionKind::ModifyChimeMeetingAttendees),
        positional: Some(E::Text),
        positional_param: Some("AttendeeList"),
        labels: &[
            ON,
            label("meeting", E::Text, Some("MeetingId"), "The meeting's id."),
        ],
        doc: "Mutes meeting attendees.",
    },
    Verb {
        keyword: "unmute",
        action: Some(ActionKind::ModifyChimeMeetingAttendees),
        positional: Some(E::Text),
        positional_param: Some("AttendeeList"),
        labels: &[
            ON,
            label("meeting", E::Text, Some("MeetingId"), "The meeting's id."),
        ],
        doc: "Unmutes meeting attendees.",
    },
    Verb {
        keyword: "start bot",
        action: Some(ActionKind::StartBotConversation),
        positional: Some(E::Text),
        positional_param: Some("BotAliasArn"),
        labels: &[
            ON,
            label("locale", E::Text, Some("LocaleId"), "The bot's locale."),
            label(
                "welcome",
                E::Text,
                Some("Configuration.WelcomeMessages.Content"),
                "What the bot says first.",
            ),
        ],
        doc: "Hands the leg to an Amazon Lex V2 bot.",
    },
];

/// A `listener` declaration takes labels like a command does: the SMA `ReceiveDigits` it arms.
pub const LISTENER: Verb = Verb {
    keyword: "listener",
    action: Some(ActionKind::ReceiveDigits),
    positional: None,
    positional_param: None,
    labels: &[
        ON,
        label(
            "pattern",
            E::Text,
            Some("InputDigitsRegex"),
            "A regular expression the digits must match.",
        ),
        label(
            "between",
            E::Duration,
            Some("InBetweenDigitsDurationInMilliseconds"),
            "The longest pause between two digits.",
        ),
        label(
            "flush",
            E::Duration,
            Some("FlushDigitsDurationInMilliseconds"),
            "How long digits are kept before they are sent.",
        ),
    ],
    doc: "Declares a digit listener, armed with `listen NAME` and handled in `on digits NAME`.",
};

/// The verb written as `keyword`.
pub fn verb(keyword: &str) -> Option<&'static Verb> {
    VERBS.iter().find(|v| v.keyword == keyword)
}

impl Verb {
    pub fn label(&self, name: &str) -> Option<&'static Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// Markdown documentation: what it does, the SMA action, and each label with its limits.
    pub fn markdown(&self) -> String {
        let mut out = format!("**{}**: {}", self.keyword, self.doc);
        if let Some(action) = self.action {
            out.push_str(&format!("\n\nSMA action `{}`", action.as_str()));
            if let Some(limit) = self.positional_param.and_then(|p| limit(action, p)) {
                out.push_str(&format!(
                    "; the first argument is `{}` ({limit})",
                    self.positional_param.unwrap_or_default()
                ));
            }
            out.push('.');
        }
        if !self.labels.is_empty() {
            out.push_str("\n\nLabels:");
            for l in self.labels {
                out.push_str(&format!("\n- `{}`: {}", l.name, l.doc));
            }
        }
        out
    }

    /// Markdown documentation of one label of this verb.
    pub fn label_markdown(&self, label: &Label) -> String {
        let mut out = format!("**{} … {}**: {}", self.keyword, label.name, label.doc);
        if let (Some(action), Some(param)) = (self.action, label.param) {
            out.push_str(&format!(
                "\n\nSMA `{}` parameter `{param}`",
                action.as_str()
            ));
            if let Some(limit) = limit(action, param) {
                out.push_str(&format!(": {limit}"));
            }
            out.push('.');
        }
        out
    }
}

/// The protocol's limit on a parameter, in words, from the wire model's table.
fn limit(action: ActionKind, param: &str) -> Option<String> {
    let spec = action.spec().param(param)?;
    let rule = match spec.rule {
        Rule::Int {
            min,
            max: Some(max),
        } => format!("an integer from {min} to {max}"),
        Rule::Int { min, max: None } => format!("an integer of at least {min}"),
        Rule::Text {
            min_chars,
            max_chars: Some(max),
        } => format!("{min_chars} to {max} characters"),
        Rule::Text { min_chars, .. } => format!("at least {min_chars} characters"),
        Rule::Chars {
            set,
            min_len,
            max_len,
        } => format!("{min_len} to {max_len} of {}", set.label),
        Rule::OneOf(values) => format!("one of {}", values.join(", ")),
        Rule::E164 => "an E.164 phone number".to_owned(),
        Rule::Keys { set, min_items } => format!("at least {min_items} of {}", set.label),
        Rule::Count {
            min,
            max: Some(max),
        } => format!("{min} to {max} items"),
        Rule::Ids {
            min_items,
            max_items,
        } => format!("{min_items} to {max_items} items"),
        Rule::Regex => "a regular expression".to_owned(),
        other => format!("{}", other.expects()),
    };
    let required = if spec.required {
        "required"
    } else {
        "optional"
    };
    Some(format!("{required}, {rule}"))
}

/// The longest verb written at the start of `words` (two-word verbs first), and how many words
/// it takes.
pub fn verb_at_start(words: &[&str]) -> Option<(&'static Verb, usize)> {
    if let [first, second, ..] = words
        && let Some(v) = verb(&format!("{first} {second}"))
    {
        return Some((v, 2));
    }
    words.first().and_then(|w| verb(w)).map(|v| (v, 1))
}

/// Every word that starts a verb or is part of one, for the editor grammar's test.
pub fn verb_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = VERBS.iter().flat_map(|v| v.keyword.split(' ')).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Every label of every verb, for the editor grammar's test.
pub fn label_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = VERBS
        .iter()
        .chain([&LISTENER])
        .flat_map(|v| v.labels.iter().map(|l| l.name))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}
