//! Valid actions of every kind with every optional parameter set, shared by the limit tests.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::BTreeMap;

use interpreter::wire::*;

pub const CALL_A: &str = "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

pub fn text(text: &str) -> String {
    text.to_owned()
}

pub fn keys(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| (*key).to_owned()).collect()
}

fn digits() -> DigitCapture {
    DigitCapture {
        input_digits_regex: Some(text("^[0-9]{1,4}$")),
        min_number_of_digits: Some(1),
        max_number_of_digits: Some(10),
        terminator_digits: Some(keys(&["#"])),
        in_between_digits_duration_in_milliseconds: Some(3000),
        repeat: Some(3),
        repeat_duration_in_milliseconds: 5000,
    }
}

fn speech(words: &str) -> SpeechParameters {
    SpeechParameters {
        text: text(words),
        engine: Some(Engine::Neural),
        language_code: Some(text("en-US")),
        text_type: Some(TextType::Text),
        voice_id: Some(text("Joanna")),
    }
}

fn call_id() -> CallId {
    CallId::new(CALL_A)
}

fn target() -> Option<Target> {
    Some(Target::CallId(call_id()))
}

/// A valid action of this kind with all optional parameters present.
pub fn full(kind: ActionKind) -> Action {
    match kind {
        ActionKind::CallAndBridge => Action::CallAndBridge(CallAndBridge {
            call_timeout_seconds: Some(30),
            caller_id_number: text("+14255550199"),
            endpoints: vec![BridgeEndpoint::pstn("+12065550188")],
            ringback_tone: Some(AudioSource::s3("ivr-prompts", "ringback.wav")),
            sip_headers: Some(BTreeMap::from([
                (text("X-Account-Id"), text("ACME-42")),
                (text("User-to-User"), text("616d;encoding=hex")),
            ])),
        }),
        ActionKind::Hangup => Action::Hangup(Hangup {
            target: target(),
            sip_response_code: Some(HangupCode::Busy),
        }),
        ActionKind::JoinChimeMeeting => Action::JoinChimeMeeting(JoinChimeMeeting {
            target: target(),
            join_token: text("join-token"),
            meeting_id: Some(text("meeting-1")),
        }),
        ActionKind::ModifyChimeMeetingAttendees => {
            Action::ModifyChimeMeetingAttendees(ModifyChimeMeetingAttendees {
                target: target(),
                operation: MeetingOperation::Mute,
                meeting_id: text("meeting-1"),
                attendee_list: keys(&["attendee-1", "attendee-2"]),
            })
        }
        ActionKind::Pause => Action::Pause(Pause {
            target: target(),
            duration_in_milliseconds: 1000,
        }),
        ActionKind::PlayAudio => Action::PlayAudio(PlayAudio {
            target: target(),
            playback_terminators: Some(keys(&["#", "*"])),
            repeat: Some(2),
            audio_source: AudioSource::s3("ivr-prompts", "welcome.wav"),
        }),
        ActionKind::PlayAudioAndGetDigits => Action::PlayAudioAndGetDigits(PlayAudioAndGetDigits {
            target: target(),
            audio_source: AudioSource::s3("ivr-prompts", "menu.wav"),
            failure_audio_source: AudioSource::s3("ivr-prompts", "invalid.wav"),
            digits: digits(),
        }),
        ActionKind::ReceiveDigits => Action::ReceiveDigits(ReceiveDigits {
            target: target(),
            input_digits_regex: text(r"^\*[0-9]$"),
            in_between_digits_duration_in_milliseconds: 1000,
            flush_digits_duration_in_milliseconds: 10000,
        }),
        ActionKind::RecordAudio => Action::RecordAudio(RecordAudio {
            target: target(),
            duration_in_seconds: Some(60),
            silence_duration_in_seconds: Some(3),
            silence_threshold: Some(100),
            recording_terminators: keys(&["#"]),
            recording_destination: RecordingDestination::s3("voicemail", Some(text("inbox/"))),
        }),
        ActionKind::SendDigits => Action::SendDigits(SendDigits {
            call_id: call_id(),
            digits: text("1234,#"),
            tone_duration_in_milliseconds: Some(250),
        }),
        ActionKind::Speak => Action::Speak(Speak {
            call_id: call_id(),
            text: text("Hello"),
            engine: Some(Engine::Standard),
            language_code: Some(text("en-US")),
            text_type: Some(TextType::Text),
            voice_id: Some(text("Joanna")),
        }),
        ActionKind::SpeakAndGetDigits => Action::SpeakAndGetDigits(SpeakAndGetDigits {
            call_id: call_id(),
            speech_parameters: speech("Enter your PIN"),
            failure_speech_parameters: speech("That was not valid"),
            digits: digits(),
        }),
        ActionKind::StartBotConversation => Action::StartBotConversation(StartBotConversation {
            target: target(),
            bot_alias_arn: text("arn:aws:lex:us-east-1:123456789012:bot-alias/BOT123/ALIAS45"),
            locale_id: Some(text("en_US")),
            configuration: Some(BotConfiguration {
                session_state: Some(SessionState {
                    session_attributes: Some(BTreeMap::from([(
                        text("x-amz-lex:start-timeout-ms:*:*"),
                        text("4000"),
                    )])),
                    dialog_action: Some(DialogAction {
                        action_type: DialogActionType::ElicitIntent,
                    }),
                }),
                welcome_messages: Some(vec![WelcomeMessage {
                    content: text("How can I help?"),
                    content_type: WelcomeContentType::PlainText,
                }]),
            }),
        }),
        ActionKind::StartCallRecording => Action::StartCallRecording(StartCallRecording {
            call_id: call_id(),
            track: Track::Both,
            destination: CallRecordingDestination::s3("call-recordings/support"),
        }),
        ActionKind::StopCallRecording => {
            Action::StopCallRecording(StopCallRecording { call_id: call_id() })
        }
        ActionKind::PauseCallRecording => {
            Action::PauseCallRecording(PauseCallRecording { call_id: call_id() })
        }
        ActionKind::ResumeCallRecording => {
            Action::ResumeCallRecording(ResumeCallRecording { call_id: call_id() })
        }
        ActionKind::VoiceFocus => Action::VoiceFocus(VoiceFocus {
            call_id: call_id(),
            enable: true,
        }),
    }
}

/// `CallAndBridge` to a Voice Connector, the only shape with the `Endpoints[AWS]` fields.
pub fn bridge_to_voice_connector() -> Action {
    let Action::CallAndBridge(mut bridge) = full(ActionKind::CallAndBridge) else {
        unreachable!()
    };
    bridge.endpoints = vec![BridgeEndpoint::Aws {
        uri: text("agent+5"),
        arn: text("arn:aws:chime:us-east-1:123456789012:vc/abcdefghijklmnop"),
    }];
    Action::CallAndBridge(bridge)
}
