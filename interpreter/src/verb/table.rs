//! The entries: one per command, in the order the guide lists them. Shared label groups are
//! written once and named by every verb that takes them.

use super::ArgKind::{
    Count, DigitPattern, Flag, Headers, Keys, Leg, Legs, Listener, Literal, Millis, Phone, Prompt,
    Prompts, Seconds, SipCode, Text, Texts, Word,
};
use super::{ArgRef, Effect, Label, Outcome, RecordingChange, Verb, VerbId};
use crate::wire::ActionKind;

const fn opt(
    name: &'static str,
    kind: super::ArgKind,
    param: &'static str,
    doc: &'static str,
) -> Label {
    Label::optional(name, kind, Some(param), doc)
}

const fn req(
    name: &'static str,
    kind: super::ArgKind,
    param: &'static str,
    doc: &'static str,
) -> Label {
    Label::required(name, kind, Some(param), doc)
}

/// The leg an action acts on, for the actions addressed by call id.
const ON_LEG: Label = req("on", Leg, "CallId", "the leg it acts on");

/// How digits are collected, shared by `collect` and `ask`.
const DIGITS: &[Label] = &[
    opt(
        "min",
        Count,
        "MinNumberOfDigits",
        "the fewest digits accepted",
    ),
    opt(
        "max",
        Count,
        "MaxNumberOfDigits",
        "the most digits accepted",
    ),
    opt(
        "terminators",
        Keys,
        "TerminatorDigits",
        "keys that end the input",
    ),
    opt(
        "repeat",
        Count,
        "Repeat",
        "how many times the prompt is tried",
    ),
    opt(
        "between",
        Millis,
        "InBetweenDigitsDurationInMilliseconds",
        "the longest wait between two digits",
    ),
    req(
        "wait",
        Millis,
        "RepeatDurationInMilliseconds",
        "how long to wait for input before trying again",
    ),
    opt(
        "pattern",
        DigitPattern,
        "InputDigitsRegex",
        "a regular expression the digits must match",
    ),
];

const SPEAK_TO: &[Label] = &[req("to", Leg, "CallId", "the leg that hears it")];

/// How `speak` says its text.
const SPEAK_VOICE: &[Label] = &[
    opt(
        "voice",
        Literal,
        "VoiceId",
        "the Amazon Polly voice, such as \"Joanna\"",
    ),
    opt("engine", Literal, "Engine", "\"standard\" or \"neural\""),
    opt(
        "language",
        Literal,
        "LanguageCode",
        "the language code, such as \"en-US\"",
    ),
    opt("ssml", Flag, "TextType", "`true` when the text is SSML"),
];

/// How `ask` says its texts (both texts use the same voice).
const ASK_VOICE: &[Label] = &[
    opt(
        "voice",
        Literal,
        "SpeechParameters.VoiceId",
        "the Amazon Polly voice, such as \"Joanna\"",
    ),
    opt(
        "engine",
        Literal,
        "SpeechParameters.Engine",
        "\"standard\" or \"neural\"",
    ),
    opt(
        "language",
        Literal,
        "SpeechParameters.LanguageCode",
        "the language code, such as \"en-US\"",
    ),
    opt(
        "ssml",
        Flag,
        "SpeechParameters.TextType",
        "`true` when the texts are SSML",
    ),
];

const COLLECT: &[Label] = &[
    ON_LEG,
    req(
        "failure",
        Prompt,
        "FailureAudioSource",
        "the prompt played when the input is wrong",
    ),
];

const ASK: &[Label] = &[
    ON_LEG,
    req(
        "failure",
        Text,
        "FailureSpeechParameters.Text",
        "what is said when the input is wrong",
    ),
];

const NOTHING: &[&[Label]] = &[];

/// Every command of the language.
pub static VERBS: &[Verb] = &[
    Verb {
        id: VerbId::Play,
        keyword: "play",
        doc: "Play prompts (WAV files in S3) to a leg, or to both.",
        action: ActionKind::PlayAudio,
        subject: Some(req(
            "prompts",
            Prompts,
            "AudioSource",
            "the prompts, one action each",
        )),
        label_groups: &[&[
            req(
                "to",
                Legs,
                "ParticipantTag",
                "the leg that hears it, or `both`",
            ),
            opt("repeat", Count, "Repeat", "how many times it plays"),
            opt(
                "stop_on",
                Keys,
                "PlaybackTerminators",
                "keys that stop the playback",
            ),
        ]],
        leg: Some(ArgRef::Label("to")),
        effects: &[Effect::Plays(ArgRef::Label("to"))],
        outcome: Outcome::Quiet,
        example: "play welcome to caller",
    },
    Verb {
        id: VerbId::Collect,
        keyword: "collect",
        doc: "Play a prompt and collect digits; the result comes to `after collect`.",
        action: ActionKind::PlayAudioAndGetDigits,
        subject: Some(req("prompt", Prompt, "AudioSource", "the prompt that asks")),
        label_groups: &[COLLECT, DIGITS],
        leg: Some(ArgRef::Label("on")),
        effects: &[
            Effect::Plays(ArgRef::Label("on")),
            Effect::CollectsDigits(ArgRef::Label("on")),
        ],
        outcome: Outcome::Result,
        example: "collect enter_number on caller failure sorry max 11 wait 5s",
    },
    Verb {
        id: VerbId::Speak,
        keyword: "speak",
        doc: "Say text with Amazon Polly.",
        action: ActionKind::Speak,
        subject: Some(req("text", Text, "Text", "what is said")),
        label_groups: &[SPEAK_TO, SPEAK_VOICE],
        leg: Some(ArgRef::Label("to")),
        effects: &[Effect::Plays(ArgRef::Label("to"))],
        outcome: Outcome::Quiet,
        example: "speak \"Hello.\" to caller",
    },
    Verb {
        id: VerbId::Ask,
        keyword: "ask",
        doc: "Say text and collect digits; the result comes to `after ask`.",
        action: ActionKind::SpeakAndGetDigits,
        subject: Some(req(
            "text",
            Text,
            "SpeechParameters.Text",
            "what is said to ask",
        )),
        label_groups: &[ASK, DIGITS, ASK_VOICE],
        leg: Some(ArgRef::Label("on")),
        effects: &[
            Effect::Plays(ArgRef::Label("on")),
            Effect::CollectsDigits(ArgRef::Label("on")),
        ],
        outcome: Outcome::Result,
        example: "ask \"Press 1.\" on caller failure \"Sorry.\" wait 5s",
    },
    Verb {
        id: VerbId::Listen,
        keyword: "listen",
        doc: "Arm a declared digit listener; digits come to `on digits`.",
        action: ActionKind::ReceiveDigits,
        subject: Some(Label::required(
            "listener",
            Listener,
            None,
            "the listener to arm",
        )),
        label_groups: NOTHING,
        leg: None,
        effects: &[Effect::ArmsListener],
        outcome: Outcome::Quiet,
        example: "listen keypad",
    },
    Verb {
        id: VerbId::SendDigits,
        keyword: "send digits",
        doc: "Send DTMF tones on a leg.",
        action: ActionKind::SendDigits,
        subject: Some(req("digits", Text, "Digits", "the keys to send")),
        label_groups: &[&[
            req("to", Leg, "CallId", "the leg that hears the tones"),
            opt(
                "tone",
                Millis,
                "ToneDurationInMilliseconds",
                "how long each tone lasts",
            ),
        ]],
        leg: Some(ArgRef::Label("to")),
        effects: &[Effect::SendsDigits(ArgRef::Label("to"))],
        outcome: Outcome::Quiet,
        example: "send digits \"1234#\" to callee",
    },
    Verb {
        id: VerbId::Pause,
        keyword: "pause",
        doc: "Hold a leg silent for a time.",
        action: ActionKind::Pause,
        subject: Some(req(
            "duration",
            Millis,
            "DurationInMilliseconds",
            "how long",
        )),
        label_groups: &[&[req("on", Leg, "ParticipantTag", "the leg held")]],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::Waits(ArgRef::Label("on"))],
        outcome: Outcome::Quiet,
        example: "pause 1s on caller",
    },
    Verb {
        id: VerbId::Hangup,
        keyword: "hangup",
        doc: "End a leg, optionally with a SIP response code.",
        action: ActionKind::Hangup,
        subject: Some(req("leg", Leg, "ParticipantTag", "the leg to end")),
        label_groups: &[&[opt(
            "code",
            SipCode,
            "SipResponseCode",
            "the SIP response code: 0, 480 or 486",
        )]],
        leg: Some(ArgRef::Subject),
        effects: &[Effect::EndsLeg(ArgRef::Subject)],
        outcome: Outcome::Ending,
        example: "hangup caller code 486",
    },
    Verb {
        id: VerbId::Bridge,
        keyword: "bridge",
        doc: "Dial a number and bridge it to the caller; the outcome comes to `after bridge`.",
        action: ActionKind::CallAndBridge,
        subject: None,
        label_groups: &[&[
            req(
                "to",
                Phone,
                "Endpoints[PSTN].Uri",
                "the number dialled (a SIP user with `via`)",
            ),
            req(
                "caller_id",
                Phone,
                "CallerIdNumber",
                "the number shown to the callee",
            ),
            opt(
                "timeout",
                Seconds,
                "CallTimeoutSeconds",
                "how long it rings",
            ),
            opt(
                "ringback",
                Prompt,
                "RingbackTone",
                "the prompt the caller hears meanwhile",
            ),
            opt(
                "via",
                Text,
                "Endpoints[AWS].Arn",
                "a Voice Connector (group) ARN",
            ),
            opt(
                "headers",
                Headers,
                "SipHeaders",
                "SIP headers, each \"Name: value\"",
            ),
        ]],
        leg: None,
        effects: &[Effect::AddsLeg],
        outcome: Outcome::Connection,
        example: "bridge to target caller_id caller_number timeout 30s",
    },
    Verb {
        id: VerbId::RecordAudio,
        keyword: "record audio",
        doc: "Record what a leg says to S3 (voicemail style).",
        action: ActionKind::RecordAudio,
        subject: None,
        label_groups: &[&[
            req("on", Leg, "ParticipantTag", "the leg recorded"),
            req(
                "bucket",
                Text,
                "RecordingDestination.BucketName",
                "the S3 bucket",
            ),
            opt(
                "prefix",
                Text,
                "RecordingDestination.Prefix",
                "the key prefix",
            ),
            opt(
                "limit",
                Seconds,
                "DurationInSeconds",
                "the longest recording",
            ),
            opt(
                "silence",
                Seconds,
                "SilenceDurationInSeconds",
                "silence that ends it",
            ),
            opt(
                "threshold",
                Count,
                "SilenceThreshold",
                "what counts as silence",
            ),
            req("stop_on", Keys, "RecordingTerminators", "keys that end it"),
        ]],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::RecordsAudio(ArgRef::Label("on"))],
        outcome: Outcome::Result,
        example: "record audio on caller bucket b stop_on \"#\"",
    },
    Verb {
        id: VerbId::StartRecording,
        keyword: "start recording",
        doc: "Start recording the call to S3.",
        action: ActionKind::StartCallRecording,
        subject: None,
        label_groups: &[&[
            req("on", Leg, "CallId", "the leg whose call is recorded"),
            req(
                "track",
                Word(&["both", "incoming", "outgoing"]),
                "Track",
                "`both`, `incoming` (what the leg says) or `outgoing` (what it hears)",
            ),
            req(
                "to",
                Text,
                "Destination.Location",
                "`bucket` or `bucket/prefix`",
            ),
        ]],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::Recording(RecordingChange::Start)],
        outcome: Outcome::Quiet,
        example: "start recording on caller track both to recordings",
    },
    recording_change(
        VerbId::PauseRecording,
        "pause recording",
        "Pause the call recording.",
        ActionKind::PauseCallRecording,
        &[Effect::Recording(RecordingChange::Pause)],
    ),
    recording_change(
        VerbId::ResumeRecording,
        "resume recording",
        "Resume the call recording.",
        ActionKind::ResumeCallRecording,
        &[Effect::Recording(RecordingChange::Resume)],
    ),
    recording_change(
        VerbId::StopRecording,
        "stop recording",
        "Stop the call recording.",
        ActionKind::StopCallRecording,
        &[Effect::Recording(RecordingChange::Stop)],
    ),
    Verb {
        id: VerbId::VoiceFocus,
        keyword: "voice focus",
        doc: "Turn noise reduction on a leg on or off.",
        action: ActionKind::VoiceFocus,
        subject: Some(req("enable", Flag, "Enable", "`true` to turn it on")),
        label_groups: &[&[ON_LEG]],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::VoiceFocus(ArgRef::Label("on"))],
        outcome: Outcome::Quiet,
        example: "voice focus true on caller",
    },
    Verb {
        id: VerbId::JoinMeeting,
        keyword: "join meeting",
        doc: "Join a leg to an Amazon Chime SDK meeting.",
        action: ActionKind::JoinChimeMeeting,
        subject: None,
        label_groups: &[&[
            req("on", Leg, "ParticipantTag", "the leg that joins"),
            req("token", Text, "JoinToken", "the attendee's join token"),
            opt("meeting", Text, "MeetingId", "the meeting"),
        ]],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::JoinsMeeting(ArgRef::Label("on"))],
        outcome: Outcome::Connection,
        example: "join meeting on caller token t",
    },
    attendees(
        VerbId::Mute,
        "mute",
        "Mute meeting attendees.",
        "mute a1, a2 on callee meeting m",
    ),
    attendees(
        VerbId::Unmute,
        "unmute",
        "Unmute meeting attendees.",
        "unmute a1 on callee meeting m",
    ),
    Verb {
        id: VerbId::StartBot,
        keyword: "start bot",
        doc: "Hand a leg to an Amazon Lex V2 bot; the outcome comes to `after start bot`.",
        action: ActionKind::StartBotConversation,
        subject: Some(req("bot", Text, "BotAliasArn", "the bot alias ARN")),
        label_groups: &[&[
            req("on", Leg, "ParticipantTag", "the leg that talks to the bot"),
            opt(
                "locale",
                Literal,
                "LocaleId",
                "the bot's locale, such as \"en_US\"",
            ),
            opt(
                "welcome",
                Text,
                "Configuration.WelcomeMessages.Content",
                "what the bot says first",
            ),
        ]],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::HandsToBot(ArgRef::Label("on"))],
        outcome: Outcome::Result,
        example: "start bot bot_arn on caller welcome \"How can I help?\"",
    },
];

/// `pause recording` and its kin: no arguments, one change to the recording.
const fn recording_change(
    id: VerbId,
    keyword: &'static str,
    doc: &'static str,
    action: ActionKind,
    effects: &'static [Effect],
) -> Verb {
    Verb {
        id,
        keyword,
        doc,
        action,
        subject: None,
        label_groups: NOTHING,
        leg: None,
        effects,
        outcome: Outcome::Quiet,
        example: keyword,
    }
}

/// `mute` and `unmute`: the same arguments, a different operation.
const fn attendees(
    id: VerbId,
    keyword: &'static str,
    doc: &'static str,
    example: &'static str,
) -> Verb {
    Verb {
        id,
        keyword,
        doc,
        action: ActionKind::ModifyChimeMeetingAttendees,
        subject: Some(req("attendees", Texts, "AttendeeList", "the attendee ids")),
        label_groups: &[MEETING_ATTENDEES],
        leg: Some(ArgRef::Label("on")),
        effects: &[Effect::ModifiesAttendees],
        outcome: Outcome::Confirmation,
        example,
    }
}

const MEETING_ATTENDEES: &[Label] = &[
    req("on", Leg, "ParticipantTag", "the meeting leg"),
    req("meeting", Text, "MeetingId", "the meeting"),
];

/// The `listener` declaration: its labels fill the `ReceiveDigits` that `listen` sends.
pub static LISTENER: Verb = Verb {
    id: VerbId::Listener,
    keyword: "listener",
    doc: "Declare a digit listener, armed with `listen`.",
    action: ActionKind::ReceiveDigits,
    subject: None,
    label_groups: &[&[
        req("on", Leg, "ParticipantTag", "the leg listened to"),
        req(
            "pattern",
            DigitPattern,
            "InputDigitsRegex",
            "a regular expression for the digits",
        ),
        req(
            "between",
            Millis,
            "InBetweenDigitsDurationInMilliseconds",
            "the longest gap inside one input",
        ),
        req(
            "flush",
            Millis,
            "FlushDigitsDurationInMilliseconds",
            "how long digits are gathered before they are sent",
        ),
    ]],
    leg: Some(ArgRef::Label("on")),
    effects: &[Effect::ArmsListener],
    outcome: Outcome::Quiet,
    example: "listener keypad on caller pattern \"[0-9]\" between 1s flush 10s",
};
