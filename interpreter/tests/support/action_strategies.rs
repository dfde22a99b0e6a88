//! Proptest strategies for valid actions: each stays inside the documented limits.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::BTreeMap;

use interpreter::wire::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

// ---------------------------------------------------------------------------------------------
// Valid actions: each strategy stays inside the documented limits.

pub fn id() -> impl Strategy<Value = CallId> {
    "[a-z0-9-]{1,36}".prop_map(CallId::new)
}

pub fn target_among(tags: &'static [LegTag]) -> impl Strategy<Value = Option<Target>> {
    prop_oneof![
        Just(None),
        id().prop_map(|id| Some(Target::CallId(id))),
        select(tags).prop_map(|tag| Some(Target::Tag(tag))),
    ]
}

pub fn any_target() -> impl Strategy<Value = Option<Target>> {
    target_among(&[LegTag::A, LegTag::B])
}

pub fn e164() -> impl Strategy<Value = String> {
    "\\+[1-9][0-9]{1,14}"
}

pub fn audio() -> impl Strategy<Value = AudioSource> {
    ("[a-z0-9][a-z0-9.-]{2,62}", "[a-zA-Z0-9/._-]{1,40}").prop_map(|(b, k)| AudioSource::s3(b, k))
}

pub fn dtmf_keys() -> impl Strategy<Value = Vec<String>> {
    let all = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "#", "*"];
    subsequence(all.to_vec(), 1..=12).prop_map(|keys| keys.into_iter().map(str::to_owned).collect())
}

pub fn pattern() -> impl Strategy<Value = String> {
    select(vec![
        "^[0-9]$",
        r"\d{1,4}#?",
        "[5-7]",
        r"^\*\d{1}$",
        "[0-1]$",
        ".*",
    ])
    .prop_map(str::to_owned)
}

pub fn positive() -> impl Strategy<Value = u32> {
    1..=u32::MAX
}

pub fn digit_capture() -> impl Strategy<Value = DigitCapture> {
    (
        option::of(pattern()),
        option::of(0..=128_u32),
        option::of(0..=100_u32),
        option::of(dtmf_keys()),
        option::of(positive()),
        option::of(1..=10_u32),
        positive(),
    )
        .prop_map(
            |(regex, min, extra, terminators, gap, repeat, wait)| DigitCapture {
                input_digits_regex: regex,
                min_number_of_digits: min,
                max_number_of_digits: extra.map(|extra| (min.unwrap_or(0) + extra).max(1)),
                terminator_digits: terminators,
                in_between_digits_duration_in_milliseconds: gap,
                repeat,
                repeat_duration_in_milliseconds: wait,
            },
        )
}

pub fn speech() -> impl Strategy<Value = SpeechParameters> {
    (
        ".{1,300}",
        option::of(select(Engine::ALL)),
        option::of("[a-z]{2}-[A-Z]{2}"),
        option::of(select(TextType::ALL)),
        option::of("[A-Z][a-z]{2,10}"),
    )
        .prop_map(
            |(text, engine, language_code, text_type, voice_id)| SpeechParameters {
                text,
                engine,
                language_code,
                text_type,
                voice_id,
            },
        )
}

pub fn endpoint() -> impl Strategy<Value = BridgeEndpoint> {
    prop_oneof![
        e164().prop_map(BridgeEndpoint::pstn),
        (
            "[a-zA-Z0-9&=+$/%_!~*().-]{1,36}",
            "arn:aws:chime:[a-z]{2}-[a-z]{4}-[1-3]:[0-9]{12}:vcg?/[a-z0-9]{8,20}",
        )
            .prop_map(|(uri, arn)| BridgeEndpoint::Aws { uri, arn }),
    ]
}

pub fn sip_headers() -> impl Strategy<Value = BTreeMap<String, String>> {
    let name = prop_oneof![
        "[xX]-(app|acct|crm)-[A-Za-z0-9]{1,8}",
        select(vec!["User-to-User", "Diversion"]).prop_map(str::to_owned),
    ];
    btree_map(name, ".{0,64}", 0..4)
}

pub fn bot_configuration() -> impl Strategy<Value = BotConfiguration> {
    let message =
        (".{1,80}", select(WelcomeContentType::ALL)).prop_map(|(content, content_type)| {
            WelcomeMessage {
                content,
                content_type,
            }
        });
    (
        option::of(btree_map("[a-z:*-]{1,30}", ".{0,20}", 0..4)),
        option::of(select(DialogActionType::ALL)),
        option::of(vec(message, 1..4)),
    )
        .prop_map(|(session_attributes, dialog, welcome_messages)| {
            // Welcome messages need the ElicitIntent dialog action.
            let dialog = if welcome_messages.is_some() {
                Some(DialogActionType::ElicitIntent)
            } else {
                dialog
            };
            BotConfiguration {
                session_state: Some(SessionState {
                    session_attributes,
                    dialog_action: dialog.map(|action_type| DialogAction { action_type }),
                }),
                welcome_messages,
            }
        })
}

pub fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (
            option::of(1..=120_u32),
            e164(),
            endpoint(),
            option::of(audio()),
            option::of(sip_headers())
        )
            .prop_map(|(timeout, caller, endpoint, ringback, headers)| {
                Action::CallAndBridge(CallAndBridge {
                    call_timeout_seconds: timeout,
                    caller_id_number: caller,
                    endpoints: vec![endpoint],
                    ringback_tone: ringback,
                    sip_headers: headers,
                })
            }),
        (any_target(), option::of(select(HangupCode::ALL))).prop_map(|(target, code)| {
            Action::Hangup(Hangup {
                target,
                sip_response_code: code,
            })
        }),
        (
            target_among(&[LegTag::A]),
            ".{1,64}",
            option::of("[a-f0-9-]{36}")
        )
            .prop_map(|(target, join_token, meeting_id)| Action::JoinChimeMeeting(
                JoinChimeMeeting {
                    target,
                    join_token,
                    meeting_id,
                }
            )),
        (
            target_among(&[LegTag::B]),
            select(MeetingOperation::ALL),
            "[a-f0-9-]{36}",
            vec("[a-f0-9-]{1,36}", 1..=100)
        )
            .prop_map(|(target, operation, meeting_id, attendee_list)| {
                Action::ModifyChimeMeetingAttendees(ModifyChimeMeetingAttendees {
                    target,
                    operation,
                    meeting_id,
                    attendee_list,
                })
            }),
        (any_target(), positive()).prop_map(|(target, ms)| Action::Pause(Pause {
            target,
            duration_in_milliseconds: ms
        })),
        (
            any_target(),
            option::of(dtmf_keys()),
            option::of(positive()),
            audio()
        )
            .prop_map(
                |(target, terminators, repeat, audio_source)| Action::PlayAudio(PlayAudio {
                    target,
                    playback_terminators: terminators,
                    repeat,
                    audio_source,
                })
            ),
        (any_target(), audio(), audio(), digit_capture()).prop_map(
            |(target, audio_source, failure_audio_source, digits)| {
                Action::PlayAudioAndGetDigits(PlayAudioAndGetDigits {
                    target,
                    audio_source,
                    failure_audio_source,
                    digits,
                })
            }
        ),
        (any_target(), pattern(), 1..=10_000_u32, 0..=60_000_u32).prop_map(
            |(target, regex, gap, extra)| Action::ReceiveDigits(ReceiveDigits {
                target,
                input_digits_regex: regex,
                in_between_digits_duration_in_milliseconds: gap,
                flush_digits_duration_in_milliseconds: gap + extra,
            })
        ),
        (
            any_target(),
            option::of(positive()),
            option::of(1..=1000_u32),
            option::of(1..=1000_u32),
            dtmf_keys(),
            "[a-z0-9][a-z0-9.-]{2,62}",
            option::of("[a-zA-Z0-9!_.*'()/-]{1,979}"),
        )
            .prop_map(
                |(target, duration, silence, threshold, terminators, bucket, prefix)| {
                    Action::RecordAudio(RecordAudio {
                        target,
                        duration_in_seconds: duration,
                        silence_duration_in_seconds: silence,
                        silence_threshold: threshold,
                        recording_terminators: terminators,
                        recording_destination: RecordingDestination::s3(bucket, prefix),
                    })
                }
            ),
        (id(), "[0-9*#A-D,]{1,50}", option::of(50..=24_000_u32)).prop_map(
            |(call_id, digits, tone)| Action::SendDigits(SendDigits {
                call_id,
                digits,
                tone_duration_in_milliseconds: tone,
            })
        ),
        (id(), speech()).prop_map(|(call_id, speech)| Action::Speak(Speak {
            call_id,
            text: speech.text,
            engine: speech.engine,
            language_code: speech.language_code,
            text_type: speech.text_type,
            voice_id: speech.voice_id,
        })),
        (id(), speech(), speech(), digit_capture()).prop_map(
            |(call_id, speech_parameters, failure_speech_parameters, digits)| {
                Action::SpeakAndGetDigits(SpeakAndGetDigits {
                    call_id,
                    speech_parameters,
                    failure_speech_parameters,
                    digits,
                })
            }
        ),
        (
            target_among(&[LegTag::A]),
            "arn:aws:lex:[a-z]{2}-[a-z]{4,7}-[1-3]:[0-9]{12}:bot-alias/[A-Z0-9]{10}/[A-Z0-9]{10}",
            option::of("[a-z]{2}_[A-Z]{2}"),
            option::of(bot_configuration()),
        )
            .prop_map(|(target, bot_alias_arn, locale_id, configuration)| {
                Action::StartBotConversation(StartBotConversation {
                    target,
                    bot_alias_arn,
                    locale_id,
                    configuration,
                })
            }),
        (
            id(),
            select(Track::ALL),
            "[a-z0-9.-]{3,20}(/[a-z0-9-]{1,10}){0,3}"
        )
            .prop_map(|(call_id, track, location)| Action::StartCallRecording(
                StartCallRecording {
                    call_id,
                    track,
                    destination: CallRecordingDestination::s3(location),
                }
            )),
        id().prop_map(|call_id| Action::StopCallRecording(StopCallRecording { call_id })),
        id().prop_map(|call_id| Action::PauseCallRecording(PauseCallRecording { call_id })),
        id().prop_map(|call_id| Action::ResumeCallRecording(ResumeCallRecording { call_id })),
        (id(), any::<bool>())
            .prop_map(|(call_id, enable)| Action::VoiceFocus(VoiceFocus { call_id, enable })),
    ]
}
