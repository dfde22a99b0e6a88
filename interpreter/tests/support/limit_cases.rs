//! The limit cases: for each limited parameter of each action, values on both sides of its
//! bounds. Read by `wire_limits.rs`, which also checks that no limited parameter is left out.
#![allow(dead_code, reason = "each test file uses a different part")]

use interpreter::wire::ActionKind;
use serde_json::json;

use super::limit_values::{Val, configuration, header, ids, int, items, list, repeat, text};

/// One parameter's limit cases.
pub struct Case {
    pub kind: ActionKind,
    pub param: &'static str,
    /// Accepted by the table and by `validate`.
    pub good: Vec<Val>,
    /// Representable in the types, refused by the table and by `validate`.
    pub bad: Vec<Val>,
    /// Refused by the table, and not even representable (the strict decoder refuses them).
    pub unrepresentable: Vec<Val>,
}

pub fn case(kind: ActionKind, param: &'static str, good: Vec<Val>, bad: Vec<Val>) -> Case {
    Case {
        kind,
        param,
        good,
        bad,
        unrepresentable: Vec::new(),
    }
}

pub fn typed(
    kind: ActionKind,
    param: &'static str,
    good: Vec<Val>,
    unrepresentable: Vec<Val>,
) -> Case {
    Case {
        kind,
        param,
        good,
        bad: Vec::new(),
        unrepresentable,
    }
}

pub const ANY_TAG: [ActionKind; 6] = [
    ActionKind::Hangup,
    ActionKind::Pause,
    ActionKind::PlayAudio,
    ActionKind::PlayAudioAndGetDigits,
    ActionKind::ReceiveDigits,
    ActionKind::RecordAudio,
];

pub fn cases() -> Vec<Case> {
    use ActionKind as K;
    let mut cases = Vec::new();

    // Leg targeting.
    for kind in ActionKind::ALL {
        if kind.spec().param("CallId").is_some() {
            cases.push(case(*kind, "CallId", vec![text("c")], vec![text("")]));
        }
    }
    for kind in ANY_TAG {
        cases.push(case(
            kind,
            "ParticipantTag",
            vec![text("LEG-A"), text("LEG-B")],
            vec![text("LEG-C"), text("")],
        ));
    }
    for kind in [K::JoinChimeMeeting, K::StartBotConversation] {
        cases.push(case(
            kind,
            "ParticipantTag",
            vec![text("LEG-A")],
            vec![text("LEG-B")],
        ));
    }
    cases.push(case(
        K::ModifyChimeMeetingAttendees,
        "ParticipantTag",
        vec![text("LEG-B")],
        vec![text("LEG-A")],
    ));

    // S3 audio and destinations.
    let prompts = [
        (
            K::CallAndBridge,
            [
                "RingbackTone.Type",
                "RingbackTone.BucketName",
                "RingbackTone.Key",
            ],
        ),
        (
            K::PlayAudio,
            [
                "AudioSource.Type",
                "AudioSource.BucketName",
                "AudioSource.Key",
            ],
        ),
        (
            K::PlayAudioAndGetDigits,
            [
                "AudioSource.Type",
                "AudioSource.BucketName",
                "AudioSource.Key",
            ],
        ),
        (
            K::PlayAudioAndGetDigits,
            [
                "FailureAudioSource.Type",
                "FailureAudioSource.BucketName",
                "FailureAudioSource.Key",
            ],
        ),
        (
            K::RecordAudio,
            [
                "RecordingDestination.Type",
                "RecordingDestination.BucketName",
                "-",
            ],
        ),
        (K::StartCallRecording, ["Destination.Type", "-", "-"]),
    ];
    for (kind, [storage, bucket, key]) in prompts {
        cases.push(typed(
            kind,
            storage,
            vec![text("S3")],
            vec![text("s3"), text("HTTP")],
        ));
        if bucket != "-" {
            let good = vec![text("abc"), repeat('b', 63), text("my.bucket-1")];
            let bad = vec![text("ab"), repeat('b', 64), text("Upper"), text("a_b")];
            cases.push(case(kind, bucket, good, bad));
        }
        if key != "-" {
            cases.push(case(kind, key, vec![text("k.wav")], vec![text("")]));
        }
    }
    cases.push(case(
        K::StartCallRecording,
        "Destination.Location",
        vec![text("bucket/prefix")],
        vec![text("")],
    ));
    cases.push(case(
        K::RecordAudio,
        "RecordingDestination.Prefix",
        vec![text("a"), text("inbox/2024_x-y.z*'()!"), repeat('p', 979)],
        vec![
            text(""),
            repeat('p', 980),
            text("a b"),
            text("a?b"),
            text("é"),
        ],
    ));

    // CallAndBridge.
    cases.push(case(
        K::CallAndBridge,
        "CallTimeoutSeconds",
        vec![int(1), int(120)],
        vec![int(0), int(121)],
    ));
    let e164_good = vec![text("+12065550100"), text("+12"), text("+123456789012345")];
    let e164_bad = vec![
        text("12065550100"),
        text("+1"),
        text("+1234567890123456"),
        text("+0123"),
        text("+1206555010a"),
        text(""),
    ];
    cases.push(case(
        K::CallAndBridge,
        "CallerIdNumber",
        e164_good.clone(),
        e164_bad.clone(),
    ));
    cases.push(case(
        K::CallAndBridge,
        "Endpoints[PSTN].Uri",
        e164_good,
        e164_bad,
    ));
    let endpoint = json!({ "BridgeEndpointType": "PSTN", "Uri": "+12065550188" });
    cases.push(case(
        K::CallAndBridge,
        "Endpoints",
        vec![items(1, &endpoint)],
        vec![items(0, &endpoint), items(2, &endpoint)],
    ));
    cases.push(typed(
        K::CallAndBridge,
        "Endpoints.BridgeEndpointType",
        vec![text("PSTN")],
        vec![text("pstn"), text("SIP")],
    ));
    cases.push(case(
        K::CallAndBridge,
        "Endpoints[AWS].Uri",
        vec![text("a"), text("Ab0&=+$/%-_!~*()."), repeat('u', 36)],
        vec![
            text(""),
            repeat('u', 37),
            text("a b"),
            text("a@b"),
            text("a:b"),
        ],
    ));
    cases.push(case(
        K::CallAndBridge,
        "Endpoints[AWS].Arn",
        vec![text("arn:aws:chime:us-east-1:123456789012:vc/abcdef")],
        vec![
            text("vc/abcdef"),
            text("arn:aws:s3:::bucket"),
            text("arn:aws:chime:us-east-1:123456789012:"),
            text(""),
        ],
    ));
    cases.push(case(
        K::CallAndBridge,
        "SipHeaders",
        vec![
            header("X-Account-Id", 1),
            header("x-a", 2048),
            header("User-to-User", 10),
            header("diversion", 10),
        ],
        vec![
            header("Account", 1),
            header("x-", 1),
            header("X-AMZN-Trace", 1),
            header("x-amzn-id", 1),
            header("X-Vinex", 1),
            header("x-vc-id", 1),
            header("X-Canary", 1),
            header("x-voice-id", 1),
            header("X-A", 2049),
        ],
    ));

    // Hangup.
    cases.push(typed(
        K::Hangup,
        "SipResponseCode",
        vec![text("0"), text("480"), text("486")],
        vec![text("404"), text(""), int(0)],
    ));

    // Meetings.
    cases.push(case(
        K::JoinChimeMeeting,
        "JoinToken",
        vec![text("t")],
        vec![text("")],
    ));
    cases.push(case(
        K::JoinChimeMeeting,
        "MeetingId",
        vec![text("m")],
        vec![text("")],
    ));
    cases.push(case(
        K::ModifyChimeMeetingAttendees,
        "MeetingId",
        vec![text("m")],
        vec![text("")],
    ));
    cases.push(typed(
        K::ModifyChimeMeetingAttendees,
        "Operation",
        vec![text("Mute"), text("Unmute")],
        vec![text("mute"), text("Kick")],
    ));
    cases.push(case(
        K::ModifyChimeMeetingAttendees,
        "AttendeeList",
        vec![ids(1), ids(100)],
        vec![ids(0), ids(101), list(&["a", ""])],
    ));

    // Pause, PlayAudio.
    cases.push(Case {
        kind: K::Pause,
        param: "DurationInMilliseconds",
        good: vec![int(1), int(i64::from(u32::MAX))],
        bad: vec![int(0)],
        unrepresentable: vec![int(i64::from(u32::MAX) + 1), int(-1)],
    });
    let key_lists_good = vec![list(&["#"]), list(&["0", "9", "*", "#"])];
    let key_lists_bad = vec![
        list(&[]),
        list(&["A"]),
        list(&["12"]),
        list(&[""]),
        list(&[","]),
    ];
    cases.push(case(
        K::PlayAudio,
        "PlaybackTerminators",
        key_lists_good.clone(),
        key_lists_bad.clone(),
    ));
    cases.push(case(
        K::PlayAudio,
        "Repeat",
        vec![int(1), int(20)],
        vec![int(0)],
    ));

    // Digit collection, shared by both *GetDigits actions.
    for kind in [K::PlayAudioAndGetDigits, K::SpeakAndGetDigits] {
        cases.push(case(
            kind,
            "InputDigitsRegex",
            vec![text("^[0-9]{4}#$"), text(r"\d+")],
            vec![text("("), text("[z-a]")],
        ));
        cases.push(Case {
            kind,
            param: "MinNumberOfDigits",
            good: vec![int(0), int(10)],
            bad: vec![],
            unrepresentable: vec![int(-1)],
        });
        cases.push(case(
            kind,
            "MaxNumberOfDigits",
            vec![int(10), int(128)],
            vec![int(0)],
        ));
        cases.push(case(
            kind,
            "TerminatorDigits",
            key_lists_good.clone(),
            key_lists_bad.clone(),
        ));
        for param in [
            "InBetweenDigitsDurationInMilliseconds",
            "Repeat",
            "RepeatDurationInMilliseconds",
        ] {
            cases.push(case(kind, param, vec![int(1), int(60_000)], vec![int(0)]));
        }
    }

    // ReceiveDigits.
    cases.push(case(
        K::ReceiveDigits,
        "InputDigitsRegex",
        vec![text(r"^\*\d{1}$"), text("[5-7]")],
        vec![text("(a"), text("")],
    ));
    cases.push(case(
        K::ReceiveDigits,
        "InBetweenDigitsDurationInMilliseconds",
        vec![int(1), int(1000)],
        vec![int(0)],
    ));
    cases.push(case(
        K::ReceiveDigits,
        "FlushDigitsDurationInMilliseconds",
        vec![int(10_000)],
        vec![int(0)],
    ));

    // RecordAudio.
    cases.push(case(
        K::RecordAudio,
        "DurationInSeconds",
        vec![int(1), int(3600)],
        vec![int(0)],
    ));
    for param in ["SilenceDurationInSeconds", "SilenceThreshold"] {
        cases.push(case(
            K::RecordAudio,
            param,
            vec![int(1), int(1000)],
            vec![int(0), int(1001)],
        ));
    }
    cases.push(case(
        K::RecordAudio,
        "RecordingTerminators",
        key_lists_good,
        key_lists_bad,
    ));

    // SendDigits.
    cases.push(case(
        K::SendDigits,
        "Digits",
        vec![text("1"), text("0123456789*#ABCD,"), repeat('9', 50)],
        vec![text(""), repeat('9', 51), text("E"), text("a"), text("1 2")],
    ));
    cases.push(case(
        K::SendDigits,
        "ToneDurationInMilliseconds",
        vec![int(50), int(24_000)],
        vec![int(49), int(24_001)],
    ));

    // Speech.
    let speech = [
        (
            K::Speak,
            ["Text", "Engine", "LanguageCode", "TextType", "VoiceId"],
        ),
        (
            K::SpeakAndGetDigits,
            [
                "SpeechParameters.Text",
                "SpeechParameters.Engine",
                "SpeechParameters.LanguageCode",
                "SpeechParameters.TextType",
                "SpeechParameters.VoiceId",
            ],
        ),
        (
            K::SpeakAndGetDigits,
            [
                "FailureSpeechParameters.Text",
                "FailureSpeechParameters.Engine",
                "FailureSpeechParameters.LanguageCode",
                "FailureSpeechParameters.TextType",
                "FailureSpeechParameters.VoiceId",
            ],
        ),
    ];
    for (kind, [words, engine, language, text_type, voice]) in speech {
        cases.push(case(
            kind,
            words,
            vec![text("x"), repeat('é', 1000)],
            vec![text(""), repeat('x', 1001)],
        ));
        cases.push(typed(
            kind,
            engine,
            vec![text("standard"), text("neural")],
            vec![text("Standard"), text("generative")],
        ));
        cases.push(case(kind, language, vec![text("en-US")], vec![text("")]));
        cases.push(typed(
            kind,
            text_type,
            vec![text("text"), text("ssml")],
            vec![text("SSML"), text("plain")],
        ));
        cases.push(case(kind, voice, vec![text("Matthew")], vec![text("")]));
    }

    // StartBotConversation.
    cases.push(case(
        K::StartBotConversation,
        "BotAliasArn",
        vec![text(
            "arn:aws:lex:eu-west-2:123456789012:bot-alias/B0T/AL1AS",
        )],
        vec![
            text("arn:aws:lex:us-east-1:123456789012:bot/BOT"),
            text("arn:aws:lambda:us-east-1:123456789012:bot-alias/B/A"),
            text("arn:aws:lex:us-east-1:1234:bot-alias/B/A"),
            text("arn:aws:lex:us-east-1:123456789012:bot-alias/B/A/C"),
            text("arn:aws:lex::123456789012:bot-alias/B/A"),
            text(""),
        ],
    ));
    cases.push(case(
        K::StartBotConversation,
        "LocaleId",
        vec![text("en_GB")],
        vec![text("")],
    ));
    cases.push(case(
        K::StartBotConversation,
        "Configuration",
        vec![configuration(200), configuration(10_240)],
        vec![configuration(10_241)],
    ));
    cases.push(typed(
        K::StartBotConversation,
        "Configuration.SessionState.DialogAction.Type",
        vec![text("ElicitIntent")],
        vec![text("Close"), text("elicitintent")],
    ));
    let message = json!({ "Content": "Hi", "ContentType": "SSML" });
    cases.push(case(
        K::StartBotConversation,
        "Configuration.WelcomeMessages",
        vec![items(1, &message), items(3, &message)],
        vec![items(0, &message)],
    ));
    cases.push(case(
        K::StartBotConversation,
        "Configuration.WelcomeMessages.Content",
        vec![text("Hi")],
        vec![text("")],
    ));
    cases.push(typed(
        K::StartBotConversation,
        "Configuration.WelcomeMessages.ContentType",
        vec![text("PlainText"), text("SSML")],
        vec![text("Text"), text("ssml")],
    ));

    // StartCallRecording.
    cases.push(typed(
        K::StartCallRecording,
        "Track",
        vec![text("BOTH"), text("INCOMING"), text("OUTGOING")],
        vec![text("both"), text("MIXED")],
    ));
    cases
}
