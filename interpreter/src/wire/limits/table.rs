//! The table itself: every documented parameter, default and limit of the 18 SMA actions, from
//! the protocol reference (`sma-protocol.md`, section 4). Where the sources conflict the safer
//! reading is taken and the choice is noted next to the entry.

mod shared;

use super::rule::{Rule, SipHeaderRule, ValueKind};
use super::spec::{ActionSpec, ParamSpec, ProtocolDefault as D, Relation};
use crate::wire::action::ActionKind;
use crate::wire::vocab::{
    BridgeEndpointType, DialogActionType, Engine, HangupCode, MeetingOperation, TextType, Track,
    WelcomeContentType,
};
use shared::{
    ANY_LEG, AWS_URI_CHARS, BUCKET, CALL_ID, CALL_ID_OPTIONAL, IN_BETWEEN_DIGITS, INPUT_REGEX,
    KEYS, LEG_A_ONLY, LEG_B_ONLY, MAX_DIGITS, MAX_NOT_BELOW_MIN, MIN_DIGITS, NON_EMPTY, OBJECT,
    POSITIVE, REPEAT, REPEAT_DURATION, S3, S3_SAFE_CHARS, SEND_DIGIT_KEYS, SPEECH_TEXT,
    TERMINATOR_DIGITS,
};

static CALL_AND_BRIDGE: ActionSpec = ActionSpec {
    kind: ActionKind::CallAndBridge,
    params: &[
        // 1..120 in the table; one error text says 0..120. Zero makes no sense for a timer.
        ParamSpec::optional(
            "CallTimeoutSeconds",
            Rule::Int {
                min: 1,
                max: Some(120),
            },
        )
        .or(D::Int(30)),
        ParamSpec::required("CallerIdNumber", Rule::E164),
        ParamSpec::required(
            "Endpoints",
            Rule::Count {
                min: 1,
                max: Some(1),
            },
        ),
        ParamSpec::required(
            "Endpoints.BridgeEndpointType",
            Rule::OneOf(BridgeEndpointType::WIRE),
        ),
        ParamSpec::optional("Endpoints[PSTN]", OBJECT),
        ParamSpec::required("Endpoints[PSTN].Uri", Rule::E164),
        ParamSpec::optional("Endpoints[AWS]", OBJECT),
        // 1..36 in the current page, 1..30 in the 2023 archive; the service accepts the former.
        ParamSpec::required(
            "Endpoints[AWS].Uri",
            Rule::Chars {
                set: AWS_URI_CHARS,
                min_len: 1,
                max_len: 36,
            },
        ),
        ParamSpec::required(
            "Endpoints[AWS].Arn",
            Rule::Arn {
                service: Some("chime"),
            },
        ),
        ParamSpec::optional("RingbackTone", OBJECT),
        ParamSpec::required("RingbackTone.Type", S3),
        ParamSpec::required("RingbackTone.BucketName", BUCKET),
        ParamSpec::required("RingbackTone.Key", NON_EMPTY),
        ParamSpec::optional(
            "SipHeaders",
            Rule::SipHeaders(SipHeaderRule {
                custom_prefix: "x-",
                standard_names: &["User-to-User", "Diversion"],
                reserved_prefixes: &["x-amzn", "x-vinex", "x-vc", "x-canary", "x-voice"],
                max_value_chars: 2048,
            }),
        ),
    ],
    relations: &[],
    result_bearing: true,
    interruptible: false,
};

static HANGUP: ActionSpec = ActionSpec {
    kind: ActionKind::Hangup,
    params: &[
        CALL_ID_OPTIONAL,
        ANY_LEG,
        ParamSpec::optional("SipResponseCode", Rule::OneOf(HangupCode::WIRE)).or(D::Text("0")),
    ],
    relations: &[],
    result_bearing: true,
    interruptible: false,
};

static JOIN_CHIME_MEETING: ActionSpec = ActionSpec {
    kind: ActionKind::JoinChimeMeeting,
    params: &[
        CALL_ID_OPTIONAL,
        LEG_A_ONLY,
        ParamSpec::required("JoinToken", NON_EMPTY),
        ParamSpec::optional("MeetingId", NON_EMPTY),
    ],
    relations: &[],
    result_bearing: true,
    interruptible: false,
};

static MODIFY_CHIME_MEETING_ATTENDEES: ActionSpec = ActionSpec {
    kind: ActionKind::ModifyChimeMeetingAttendees,
    params: &[
        CALL_ID_OPTIONAL,
        LEG_B_ONLY,
        ParamSpec::required("Operation", Rule::OneOf(MeetingOperation::WIRE)),
        ParamSpec::required("MeetingId", NON_EMPTY),
        ParamSpec::required(
            "AttendeeList",
            Rule::Ids {
                min_items: 1,
                max_items: 100,
            },
        ),
    ],
    relations: &[],
    result_bearing: true,
    interruptible: false,
};

static PAUSE: ActionSpec = ActionSpec {
    kind: ActionKind::Pause,
    params: &[
        CALL_ID_OPTIONAL,
        ANY_LEG,
        // No maximum is documented.
        ParamSpec::required("DurationInMilliseconds", POSITIVE),
    ],
    relations: &[],
    result_bearing: false,
    interruptible: true,
};

static PLAY_AUDIO: ActionSpec = ActionSpec {
    kind: ActionKind::PlayAudio,
    params: &[
        CALL_ID_OPTIONAL,
        ANY_LEG,
        ParamSpec::optional("PlaybackTerminators", KEYS),
        REPEAT,
        ParamSpec::required("AudioSource", OBJECT),
        ParamSpec::required("AudioSource.Type", S3),
        ParamSpec::required("AudioSource.BucketName", BUCKET),
        ParamSpec::required("AudioSource.Key", NON_EMPTY),
    ],
    relations: &[],
    result_bearing: false,
    interruptible: true,
};

static PLAY_AUDIO_AND_GET_DIGITS: ActionSpec = ActionSpec {
    kind: ActionKind::PlayAudioAndGetDigits,
    params: &[
        CALL_ID_OPTIONAL,
        ANY_LEG,
        INPUT_REGEX,
        ParamSpec::required("AudioSource", OBJECT),
        ParamSpec::required("AudioSource.Type", S3),
        ParamSpec::required("AudioSource.BucketName", BUCKET),
        ParamSpec::required("AudioSource.Key", NON_EMPTY),
        ParamSpec::required("FailureAudioSource", OBJECT),
        ParamSpec::required("FailureAudioSource.Type", S3),
        ParamSpec::required("FailureAudioSource.BucketName", BUCKET),
        ParamSpec::required("FailureAudioSource.Key", NON_EMPTY),
        MIN_DIGITS,
        MAX_DIGITS,
        TERMINATOR_DIGITS,
        IN_BETWEEN_DIGITS,
        REPEAT,
        REPEAT_DURATION,
    ],
    relations: &[MAX_NOT_BELOW_MIN],
    result_bearing: true,
    interruptible: false,
};

static RECEIVE_DIGITS: ActionSpec = ActionSpec {
    kind: ActionKind::ReceiveDigits,
    params: &[
        CALL_ID_OPTIONAL,
        ANY_LEG,
        ParamSpec::required("InputDigitsRegex", Rule::Regex),
        ParamSpec::required("InBetweenDigitsDurationInMilliseconds", POSITIVE),
        ParamSpec::required("FlushDigitsDurationInMilliseconds", POSITIVE),
    ],
    // The docs' allowed-values cell for the flush window just names the in-between duration;
    // a window shorter than the gap it must outlast cannot work, so it must be at least that.
    relations: &[Relation::AtLeast {
        param: "FlushDigitsDurationInMilliseconds",
        other: "InBetweenDigitsDurationInMilliseconds",
    }],
    result_bearing: false,
    interruptible: false,
};

static RECORD_AUDIO: ActionSpec = ActionSpec {
    kind: ActionKind::RecordAudio,
    params: &[
        CALL_ID_OPTIONAL,
        ANY_LEG,
        ParamSpec::optional("DurationInSeconds", POSITIVE),
        // The docs say both "disabled when absent" and "default 200"; no default is assumed.
        ParamSpec::optional(
            "SilenceDurationInSeconds",
            Rule::Int {
                min: 1,
                max: Some(1000),
            },
        ),
        ParamSpec::optional(
            "SilenceThreshold",
            Rule::Int {
                min: 1,
                max: Some(1000),
            },
        )
        .or(D::Int(200)),
        ParamSpec::required("RecordingTerminators", KEYS),
        ParamSpec::required("RecordingDestination", OBJECT),
        ParamSpec::required("RecordingDestination.Type", S3),
        ParamSpec::required("RecordingDestination.BucketName", BUCKET),
        ParamSpec::optional(
            "RecordingDestination.Prefix",
            Rule::Chars {
                set: S3_SAFE_CHARS,
                min_len: 1,
                max_len: 979,
            },
        ),
    ],
    relations: &[Relation::NotBoth {
        param: "CallId",
        other: "ParticipantTag",
    }],
    result_bearing: true,
    interruptible: true,
};

static SEND_DIGITS: ActionSpec = ActionSpec {
    kind: ActionKind::SendDigits,
    params: &[
        CALL_ID,
        ParamSpec::required(
            "Digits",
            Rule::Chars {
                set: SEND_DIGIT_KEYS,
                min_len: 1,
                max_len: 50,
            },
        ),
        ParamSpec::optional(
            "ToneDurationInMilliseconds",
            Rule::Int {
                min: 50,
                max: Some(24000),
            },
        )
        .or(D::Int(250)),
    ],
    relations: &[],
    result_bearing: false,
    interruptible: false,
};

static SPEAK: ActionSpec = ActionSpec {
    kind: ActionKind::Speak,
    params: &[
        CALL_ID,
        ParamSpec::required("Text", SPEECH_TEXT),
        ParamSpec::optional("Engine", Rule::OneOf(Engine::WIRE)).or(D::Text("standard")),
        ParamSpec::optional("LanguageCode", NON_EMPTY),
        ParamSpec::optional("TextType", Rule::OneOf(TextType::WIRE)).or(D::Text("text")),
        ParamSpec::optional("VoiceId", NON_EMPTY).or(D::Text("Joanna")),
    ],
    relations: &[],
    result_bearing: false,
    interruptible: false,
};

static SPEAK_AND_GET_DIGITS: ActionSpec = ActionSpec {
    kind: ActionKind::SpeakAndGetDigits,
    params: &[
        CALL_ID,
        INPUT_REGEX,
        ParamSpec::required("SpeechParameters", OBJECT),
        ParamSpec::required("SpeechParameters.Text", SPEECH_TEXT),
        ParamSpec::optional("SpeechParameters.Engine", Rule::OneOf(Engine::WIRE))
            .or(D::Text("standard")),
        ParamSpec::optional("SpeechParameters.LanguageCode", NON_EMPTY),
        ParamSpec::optional("SpeechParameters.TextType", Rule::OneOf(TextType::WIRE))
            .or(D::Text("text")),
        ParamSpec::optional("SpeechParameters.VoiceId", NON_EMPTY).or(D::Text("Joanna")),
        ParamSpec::required("FailureSpeechParameters", OBJECT),
        ParamSpec::required("FailureSpeechParameters.Text", SPEECH_TEXT),
        ParamSpec::optional("FailureSpeechParameters.Engine", Rule::OneOf(Engine::WIRE))
            .or(D::SameAs("SpeechParameters.Engine")),
        ParamSpec::optional("FailureSpeechParameters.LanguageCode", NON_EMPTY)
            .or(D::SameAs("SpeechParameters.LanguageCode")),
        ParamSpec::optional(
            "FailureSpeechParameters.TextType",
            Rule::OneOf(TextType::WIRE),
        )
        .or(D::SameAs("SpeechParameters.TextType")),
        // One doc row calls it required while giving a default; it is treated as optional.
        ParamSpec::optional("FailureSpeechParameters.VoiceId", NON_EMPTY)
            .or(D::SameAs("SpeechParameters.VoiceId")),
        MIN_DIGITS,
        MAX_DIGITS,
        TERMINATOR_DIGITS,
        IN_BETWEEN_DIGITS,
        REPEAT,
        REPEAT_DURATION,
    ],
    relations: &[MAX_NOT_BELOW_MIN],
    result_bearing: true,
    interruptible: false,
};

static START_BOT_CONVERSATION: ActionSpec = ActionSpec {
    kind: ActionKind::StartBotConversation,
    params: &[
        CALL_ID_OPTIONAL,
        LEG_A_ONLY,
        ParamSpec::required("BotAliasArn", Rule::LexBotAliasArn),
        ParamSpec::optional("LocaleId", NON_EMPTY).or(D::Text("en_US")),
        ParamSpec::optional("Configuration", Rule::JsonBytes { max: 10 * 1024 }),
        ParamSpec::optional("Configuration.SessionState", OBJECT),
        ParamSpec::optional(
            "Configuration.SessionState.SessionAttributes",
            Rule::Any(ValueKind::Map),
        ),
        ParamSpec::optional("Configuration.SessionState.DialogAction", OBJECT),
        ParamSpec::required(
            "Configuration.SessionState.DialogAction.Type",
            Rule::OneOf(DialogActionType::WIRE),
        ),
        ParamSpec::optional(
            "Configuration.WelcomeMessages",
            Rule::Count { min: 1, max: None },
        ),
        ParamSpec::required("Configuration.WelcomeMessages.Content", NON_EMPTY),
        ParamSpec::required(
            "Configuration.WelcomeMessages.ContentType",
            Rule::OneOf(WelcomeContentType::WIRE),
        ),
    ],
    relations: &[Relation::RequiredWith {
        param: "Configuration.SessionState.DialogAction.Type",
        value: "ElicitIntent",
        when: "Configuration.WelcomeMessages",
    }],
    result_bearing: true,
    interruptible: false,
};

static START_CALL_RECORDING: ActionSpec = ActionSpec {
    kind: ActionKind::StartCallRecording,
    params: &[
        CALL_ID,
        ParamSpec::required("Track", Rule::OneOf(Track::WIRE)),
        ParamSpec::required("Destination", OBJECT),
        ParamSpec::required("Destination.Type", S3),
        // `bucket` or `bucket/prefix/...`.
        ParamSpec::required("Destination.Location", NON_EMPTY),
    ],
    relations: &[],
    result_bearing: false,
    interruptible: false,
};

static STOP_CALL_RECORDING: ActionSpec = call_id_only(ActionKind::StopCallRecording);
static PAUSE_CALL_RECORDING: ActionSpec = call_id_only(ActionKind::PauseCallRecording);
static RESUME_CALL_RECORDING: ActionSpec = call_id_only(ActionKind::ResumeCallRecording);

const fn call_id_only(kind: ActionKind) -> ActionSpec {
    ActionSpec {
        kind,
        params: &[CALL_ID],
        relations: &[],
        result_bearing: false,
        interruptible: false,
    }
}

static VOICE_FOCUS: ActionSpec = ActionSpec {
    kind: ActionKind::VoiceFocus,
    params: &[
        CALL_ID,
        ParamSpec::required("Enable", Rule::Any(ValueKind::Bool)),
    ],
    relations: &[],
    result_bearing: false,
    interruptible: false,
};

/// The specification of one action kind.
pub(super) fn spec(kind: ActionKind) -> &'static ActionSpec {
    match kind {
        ActionKind::CallAndBridge => &CALL_AND_BRIDGE,
        ActionKind::Hangup => &HANGUP,
        ActionKind::JoinChimeMeeting => &JOIN_CHIME_MEETING,
        ActionKind::ModifyChimeMeetingAttendees => &MODIFY_CHIME_MEETING_ATTENDEES,
        ActionKind::Pause => &PAUSE,
        ActionKind::PlayAudio => &PLAY_AUDIO,
        ActionKind::PlayAudioAndGetDigits => &PLAY_AUDIO_AND_GET_DIGITS,
        ActionKind::ReceiveDigits => &RECEIVE_DIGITS,
        ActionKind::RecordAudio => &RECORD_AUDIO,
        ActionKind::SendDigits => &SEND_DIGITS,
        ActionKind::Speak => &SPEAK,
        ActionKind::SpeakAndGetDigits => &SPEAK_AND_GET_DIGITS,
        ActionKind::StartBotConversation => &START_BOT_CONVERSATION,
        ActionKind::StartCallRecording => &START_CALL_RECORDING,
        ActionKind::StopCallRecording => &STOP_CALL_RECORDING,
        ActionKind::PauseCallRecording => &PAUSE_CALL_RECORDING,
        ActionKind::ResumeCallRecording => &RESUME_CALL_RECORDING,
        ActionKind::VoiceFocus => &VOICE_FOCUS,
    }
}
