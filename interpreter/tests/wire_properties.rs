//! Properties of the wire model: the event decoder never panics and whatever it accepts
//! re-encodes to the same event; every valid action encodes to JSON that the strict decoder
//! turns back into the same action, and passes validation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use interpreter::wire::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Arbitrary JSON, biased towards the keys and values of real events.

const KEYS: &[&str] = &[
    "SchemaVersion",
    "Sequence",
    "InvocationEventType",
    "CallDetails",
    "ActionData",
    "TransactionId",
    "TransactionAttributes",
    "AwsAccountId",
    "AwsRegion",
    "SipRuleId",
    "SipMediaApplicationId",
    "SipApplicationId",
    "Participants",
    "CallId",
    "ParticipantTag",
    "To",
    "From",
    "Direction",
    "StartTimeInMilliseconds",
    "Status",
    "SipHeaders",
    "Type",
    "Parameters",
    "SipResponseCode",
    "Arguments",
    "ReceivedDigits",
    "RecordingDestination",
    "CallRecordingDestination",
    "RecordingTerminatorUsed",
    "IntentResult",
    "ErrorType",
    "ErrorMessage",
    "Error",
    "ErrorList",
    "BucketName",
    "Key",
    "Location",
];

const TEXTS: &[&str] = &[
    "1.0",
    "HANGUP",
    "NEW_INBOUND_CALL",
    "ACTION_FAILED",
    "LEG-A",
    "Leg-B",
    "Inbound",
    "Connected",
    "Disconnected",
    "PlayAudio",
    "CallUpdateRequest",
    "486",
    "-1",
    "1e3",
    "",
    "NoAccess: denied",
    "S3",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        select(TEXTS).prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        let key = prop_oneof![3 => select(KEYS).prop_map(str::to_owned), 1 => "[A-Za-z]{0,8}"];
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(key, inner, 0..8).prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A realistic event to start from.
fn sample_event() -> Value {
    json!({
        "SchemaVersion": "1.0",
        "Sequence": 6,
        "InvocationEventType": "HANGUP",
        "ActionData": {
            "Type": "Hangup",
            "Parameters": { "SipResponseCode": 0, "CallId": "call-a", "ParticipantTag": "LEG-A" },
            "ErrorType": "X", "ErrorList": ["e"]
        },
        "CallDetails": {
            "TransactionId": "tx", "TransactionAttributes": { "state": "bridged" },
            "AwsAccountId": "123456789012", "AwsRegion": "us-east-1", "SipRuleId": "rule",
            "SipMediaApplicationId": "sma",
            "Participants": [
                { "CallId": "call-a", "ParticipantTag": "LEG-A", "To": "+1", "From": "+2",
                  "Direction": "Inbound", "StartTimeInMilliseconds": "1717171717123",
                  "Status": "Disconnected", "SipHeaders": { "X-A": "1" } },
                { "CallId": "call-b", "ParticipantTag": "LEG-B", "To": "+3", "From": "+2",
                  "Direction": "Outbound", "Status": "Connected" }
            ]
        }
    })
}

const POINTERS: &[&str] = &[
    "",
    "/SchemaVersion",
    "/Sequence",
    "/InvocationEventType",
    "/ActionData",
    "/ActionData/Type",
    "/ActionData/Parameters",
    "/ActionData/Parameters/SipResponseCode",
    "/ActionData/Parameters/ParticipantTag",
    "/ActionData/ErrorList",
    "/CallDetails",
    "/CallDetails/TransactionAttributes",
    "/CallDetails/Participants",
    "/CallDetails/Participants/0",
    "/CallDetails/Participants/1/Status",
    "/CallDetails/Participants/0/SipHeaders",
    "/CallDetails/Participants/0/StartTimeInMilliseconds",
];

/// Whatever is accepted must survive a round trip.
fn check_decoding(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(event) = decode_event(bytes) {
        let encoded = serde_json::to_vec(&event).unwrap();
        prop_assert_eq!(decode_event(&encoded), Ok(event));
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_the_decoder(bytes in vec(any::<u8>(), 0..256)) {
        check_decoding(&bytes)?;
    }

    #[test]
    fn arbitrary_json_never_panics_the_decoder(value in json_value()) {
        check_decoding(&serde_json::to_vec(&value).unwrap())?;
    }

    #[test]
    fn a_realistic_event_with_any_part_replaced_never_panics_the_decoder(
        pointer in select(POINTERS),
        replacement in json_value(),
    ) {
        let mut event = sample_event();
        *event.pointer_mut(pointer).unwrap() = replacement;
        check_decoding(&serde_json::to_vec(&event).unwrap())?;
    }

    #[test]
    fn every_event_re_encodes_to_itself(event in event()) {
        let encoded = serde_json::to_vec(&event).unwrap();
        prop_assert_eq!(decode_event(&encoded), Ok(event));
    }

    #[test]
    fn every_valid_action_encodes_decodes_and_validates(action in action()) {
        prop_assert_eq!(action.validate(), Ok(()));
        let encoded = serde_json::to_value(&action).unwrap();
        let decoded: Action = serde_json::from_value(encoded).unwrap();
        prop_assert_eq!(decoded, action);
    }

    #[test]
    fn every_valid_response_round_trips(
        actions in vec(action(), 0..=10),
        attributes in option::of(btree_map(".{0,20}", ".{0,40}", 0..=10)),
    ) {
        let response = Response::new(actions, attributes).unwrap();
        let encoded = serde_json::to_vec(&response).unwrap();
        let decoded: Response = serde_json::from_slice(&encoded).unwrap();
        prop_assert_eq!(decoded, response);
    }
}

// ---------------------------------------------------------------------------------------------
// Events.

fn tag() -> impl Strategy<Value = LegTag> {
    prop_oneof![
        Just(LegTag::A),
        Just(LegTag::B),
        "LEG-[C-Z]".prop_map(LegTag::Other)
    ]
}

fn string_map() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(".{0,10}", ".{0,10}", 0..3)
}

fn participant() -> impl Strategy<Value = Participant> {
    (
        ".{0,36}",
        tag(),
        ".{0,16}",
        ".{0,16}",
        option::of(select(Direction::ALL)),
        option::of(any::<u64>()),
        option::of(select(LegStatus::ALL)),
        string_map(),
    )
        .prop_map(
            |(call_id, tag, to, from, direction, start, status, sip_headers)| Participant {
                call_id: CallId::new(call_id),
                tag,
                to,
                from,
                direction,
                start_time_ms: start,
                status,
                sip_headers,
            },
        )
}

fn action_type() -> impl Strategy<Value = ActionType> {
    prop_oneof![
        select(ActionKind::ALL).prop_map(ActionType::Known),
        Just(ActionType::CallUpdateRequest),
        "[A-Z][a-z]{2,10}Legacy".prop_map(ActionType::Other),
    ]
}

fn action_data() -> impl Strategy<Value = ActionData> {
    let parameters = (
        option::of(".{0,36}".prop_map(CallId::new)),
        option::of(tag()),
        option::of(any::<u16>()),
        string_map(),
    )
        .prop_map(|(call_id, participant_tag, sip_response_code, arguments)| {
            EchoedParameters {
                call_id,
                participant_tag,
                sip_response_code,
                arguments,
            }
        });
    let file = (
        option::of("S3"),
        option::of(".{0,10}"),
        option::of(".{0,20}"),
    )
        .prop_map(|(storage_type, bucket_name, key)| RecordedFile {
            storage_type,
            bucket_name,
            key,
        });
    let location =
        (option::of("S3"), option::of(".{0,30}")).prop_map(|(storage_type, location)| {
            RecordingLocation {
                storage_type,
                location,
            }
        });
    let intent = prop_oneof![
        Just(json!({"SessionId": "s"})),
        Just(json!([1, "a", null, true]))
    ];
    (
        action_type(),
        parameters,
        option::of("[0-9*#]{0,5}"),
        option::of(location),
        option::of(file),
        option::of("[#*]"),
        option::of(intent),
    )
        .prop_map(
            |(action_type, parameters, digits, location, file, terminator, intent)| ActionData {
                action_type,
                parameters,
                received_digits: digits,
                call_recording_destination: location,
                recording_destination: file,
                recording_terminator_used: terminator,
                intent_result: intent,
            },
        )
}

fn action_error() -> impl Strategy<Value = ActionError> {
    (
        option::of("[A-Za-z]{1,20}"),
        option::of(".{0,30}"),
        vec(".{0,10}", 0..3),
    )
        .prop_map(|(error_type, message, details)| ActionError {
            error_type,
            message,
            details,
        })
        .prop_filter("an error says something", |error| !error.is_empty())
}

fn event_type() -> impl Strategy<Value = EventType> {
    prop_oneof![
        select(EventType::KNOWN.to_vec()),
        "[A-Z]{3,8}_EVENT".prop_map(EventType::Unknown),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let call = (
        ".{0,36}",
        string_map(),
        "[0-9]{12}",
        "[a-z]{2}-[a-z]{4}-[0-9]",
        option::of(".{0,36}"),
        option::of(".{0,36}"),
        vec(participant(), 0..3),
    )
        .prop_map(
            |(id, attributes, account, region, rule, sma, participants)| CallDetails {
                transaction_id: id,
                transaction_attributes: attributes,
                aws_account_id: account,
                aws_region: region,
                sip_rule_id: rule,
                sip_media_application_id: sma,
                participants,
            },
        );
    (
        "1\\.0|2\\.0",
        any::<u64>(),
        event_type(),
        call,
        option::of(action_data()),
        option::of(action_error()),
    )
        .prop_map(
            |(schema_version, sequence, event_type, call, action_data, error)| Event {
                schema_version,
                sequence,
                event_type,
                call,
                action_data,
                error,
            },
        )
}

// ---------------------------------------------------------------------------------------------
// Valid actions: each strategy stays inside the documented limits.

fn id() -> impl Strategy<Value = CallId> {
    "[a-z0-9-]{1,36}".prop_map(CallId::new)
}

fn target_among(tags: &'static [LegTag]) -> impl Strategy<Value = Option<Target>> {
    prop_oneof![
        Just(None),
        id().prop_map(|id| Some(Target::CallId(id))),
        select(tags).prop_map(|tag| Some(Target::Tag(tag))),
    ]
}

fn any_target() -> impl Strategy<Value = Option<Target>> {
    target_among(&[LegTag::A, LegTag::B])
}

fn e164() -> impl Strategy<Value = String> {
    "\\+[1-9][0-9]{1,14}"
}

fn audio() -> impl Strategy<Value = AudioSource> {
    ("[a-z0-9][a-z0-9.-]{2,62}", "[a-zA-Z0-9/._-]{1,40}").prop_map(|(b, k)| AudioSource::s3(b, k))
}

fn dtmf_keys() -> impl Strategy<Value = Vec<String>> {
    let all = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "#", "*"];
    subsequence(all.to_vec(), 1..=12).prop_map(|keys| keys.into_iter().map(str::to_owned).collect())
}

fn pattern() -> impl Strategy<Value = String> {
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

fn positive() -> impl Strategy<Value = u32> {
    1..=u32::MAX
}

fn digit_capture() -> impl Strategy<Value = DigitCapture> {
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

fn speech() -> impl Strategy<Value = SpeechParameters> {
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

fn endpoint() -> impl Strategy<Value = BridgeEndpoint> {
    prop_oneof![
        e164().prop_map(BridgeEndpoint::pstn),
        (
            "[a-zA-Z0-9&=+$/%_!~*().-]{1,36}",
            "arn:aws:chime:[a-z]{2}-[a-z]{4}-[1-3]:[0-9]{12}:vcg?/[a-z0-9]{8,20}",
        )
            .prop_map(|(uri, arn)| BridgeEndpoint::Aws { uri, arn }),
    ]
}

fn sip_headers() -> impl Strategy<Value = BTreeMap<String, String>> {
    let name = prop_oneof![
        "[xX]-(app|acct|crm)-[A-Za-z0-9]{1,8}",
        select(vec!["User-to-User", "Diversion"]).prop_map(str::to_owned),
    ];
    btree_map(name, ".{0,64}", 0..4)
}

fn bot_configuration() -> impl Strategy<Value = BotConfiguration> {
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

fn action() -> impl Strategy<Value = Action> {
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
