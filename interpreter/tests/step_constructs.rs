//! `step` itself, one construct per test, independent of any shipped flow: how each command lowers
//! to its SMA action, control flow, and every fault path with its typed outcome.

#![expect(
    clippy::indexing_slicing,
    reason = "a missing key reads as null and fails the comparison"
)]

#[path = "support/step_flow.rs"]
mod support;

use interpreter::ir::{ActionTemplate as T, DigitInput, Expr, RecordingOp, Speech, Stmt, Value};
use interpreter::step::{Fault, Remark};
use interpreter::wire::{EnvelopeError, Track};
use serde_json::json;
use support::*;

fn speech(s: &str) -> Speech {
    Speech {
        text: text(s),
        voice: None,
        engine: None,
        language: None,
        ssml: false,
    }
}

fn digits() -> DigitInput {
    DigitInput {
        max: Some(4),
        wait_ms: 5000,
        ..DigitInput::default()
    }
}

/// The one action `stmt` sends, as JSON.
fn one(stmt: Stmt) -> serde_json::Value {
    let mut sent = actions(vec![stmt]);
    assert_eq!(sent.len(), 1, "{sent:?}");
    sent.remove(0)
}

#[test]
fn play_sends_the_prompt_from_its_bucket() {
    let a = one(send(T::PlayAudio {
        to: A,
        prompt: 0,
        repeat: Some(2),
        terminators: None,
    }));
    assert_eq!(a["Type"], "PlayAudio");
    assert_eq!(a["Parameters"]["AudioSource"]["BucketName"], "prompts");
    assert_eq!(a["Parameters"]["AudioSource"]["Key"], "hello.wav");
    assert_eq!(a["Parameters"]["Repeat"], 2);
}

#[test]
fn play_to_both_sends_one_per_connected_leg() {
    let flow = flow_with(
        vec![send(T::PlayAudioBoth {
            prompt: 0,
            repeat: None,
            terminators: None,
        })],
        Vec::new(),
        None,
    );
    assert_eq!(actions_of(&turn_of(&flow, false)).len(), 1);
    let both = actions_of(&turn_of(&flow, true));
    let legs: Vec<_> = both
        .iter()
        .map(|a| a["Parameters"]["CallId"].clone())
        .collect();
    assert_eq!(legs, [json!("call-a"), json!("call-b")]);
}

#[test]
fn collect_sends_both_prompts_and_the_digit_rules() {
    let a = one(send(T::PlayAudioAndGetDigits {
        on: A,
        prompt: 0,
        failure: 0,
        digits: digits(),
    }));
    assert_eq!(a["Type"], "PlayAudioAndGetDigits");
    assert_eq!(a["Parameters"]["FailureAudioSource"]["Key"], "hello.wav");
    assert_eq!(a["Parameters"]["MaxNumberOfDigits"], 4);
    assert_eq!(a["Parameters"]["RepeatDurationInMilliseconds"], 5000);
}

#[test]
fn speak_sends_the_text_to_the_leg() {
    let a = one(send(T::Speak {
        to: A,
        speech: speech("Hello."),
    }));
    assert_eq!(
        a,
        json!({"Type": "Speak", "Parameters": {"CallId": "call-a", "Text": "Hello."}})
    );
}

#[test]
fn ask_sends_both_texts() {
    let a = one(send(T::SpeakAndGetDigits {
        on: A,
        speech: speech("Press 1."),
        failure: text("Sorry."),
        digits: digits(),
    }));
    assert_eq!(a["Type"], "SpeakAndGetDigits");
    assert_eq!(a["Parameters"]["SpeechParameters"]["Text"], "Press 1.");
    assert_eq!(a["Parameters"]["FailureSpeechParameters"]["Text"], "Sorry.");
}

#[test]
fn send_digits_sends_the_keys() {
    let a = one(send(T::SendDigits {
        to: A,
        digits: text("12#"),
        tone_ms: Some(300),
    }));
    assert_eq!(a["Parameters"]["Digits"], "12#");
    assert_eq!(a["Parameters"]["ToneDurationInMilliseconds"], 300);
}

#[test]
fn pause_sends_its_duration() {
    let a = one(send(T::Pause {
        on: A,
        duration_ms: 500,
    }));
    assert_eq!(a["Type"], "Pause");
    assert_eq!(a["Parameters"]["DurationInMilliseconds"], 500);
}

#[test]
fn hangup_sends_its_sip_code_as_text() {
    let a = one(send(T::Hangup {
        leg: A,
        code: Some(486),
    }));
    assert_eq!(a["Parameters"]["SipResponseCode"], "486");
}

#[test]
fn bridge_dials_the_number_with_the_caller_id() {
    let a = one(send(T::CallAndBridge {
        to: Expr::Lit(Value::Phone("+14255550111".into())),
        caller_id: Expr::Lit(Value::Phone("+12065550100".into())),
        timeout_s: Some(20),
        ringback: None,
        via: None,
        headers: Vec::new(),
    }));
    assert_eq!(a["Type"], "CallAndBridge");
    assert_eq!(a["Parameters"]["Endpoints"][0]["Uri"], "+14255550111");
    assert_eq!(a["Parameters"]["CallTimeoutSeconds"], 20);
}

#[test]
fn record_audio_writes_to_the_bucket() {
    let a = one(send(T::RecordAudio {
        on: A,
        bucket: text("voicemail"),
        prefix: None,
        limit_s: Some(30),
        silence_s: None,
        threshold: None,
        terminators: "#".into(),
    }));
    assert_eq!(
        a["Parameters"]["RecordingDestination"]["BucketName"],
        "voicemail"
    );
    assert_eq!(a["Parameters"]["RecordingTerminators"], json!(["#"]));
}

#[test]
fn voice_focus_meeting_mute_and_bot_send_their_actions() {
    assert_eq!(
        one(send(T::VoiceFocus {
            on: A,
            enable: true
        }))["Parameters"]["Enable"],
        true
    );
    let join = one(send(T::JoinChimeMeeting {
        on: A,
        token: text("tok"),
        meeting: None,
    }));
    assert_eq!(join["Parameters"]["JoinToken"], "tok");
    let mute = one(send(T::ModifyChimeMeetingAttendees {
        on: A,
        mute: true,
        meeting: text("m-1"),
        attendees: vec![text("a-1")],
    }));
    assert_eq!(mute["Parameters"]["Operation"], "Mute");
    assert_eq!(mute["Parameters"]["AttendeeList"], json!(["a-1"]));
    let arn = "arn:aws:lex:us-east-1:123456789012:bot-alias/ABCDEFGHIJ/TSTALIASID";
    let bot = one(send(T::StartBotConversation {
        on: A,
        bot: text(arn),
        locale: None,
        welcome: None,
    }));
    assert_eq!(bot["Parameters"]["BotAliasArn"], arn);
}

#[test]
fn listen_arms_the_listener_and_recording_starts_on_its_leg() {
    let listen = one(Stmt::Listen {
        site: 0,
        listener: 0,
    });
    assert_eq!(listen["Parameters"]["InputDigitsRegex"], "[0-9]");
    let start = one(Stmt::Recording {
        site: 0,
        op: RecordingOp::Start {
            on: A,
            track: Track::Both,
            location: text("rec/x"),
        },
    });
    assert_eq!(start["Parameters"]["Destination"]["Location"], "rec/x");
}

#[test]
fn goto_runs_the_states_enter_block_in_the_same_answer() {
    let flow = flow_with(
        vec![Stmt::Goto(0)],
        vec![send(T::Pause {
            on: A,
            duration_ms: 1,
        })],
        None,
    );
    let turn = turn_of(&flow, false);
    assert_eq!(actions_of(&turn).len(), 1);
    assert_eq!(turn.state.as_deref(), Some("s"));
}

#[test]
fn if_takes_one_branch_and_done_ends_the_handler() {
    let pause = |ms| {
        send(T::Pause {
            on: A,
            duration_ms: ms,
        })
    };
    let sent = actions(vec![
        Stmt::If {
            cond: Expr::Lit(Value::Bool(false)),
            then: interpreter::ir::Block(vec![pause(1)]),
            otherwise: interpreter::ir::Block(vec![pause(2)]),
        },
        Stmt::Done,
        pause(3),
    ]);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["Parameters"]["DurationInMilliseconds"], 2);
}

fn fault_of(body: Vec<Stmt>, with_b: bool) -> Option<Fault> {
    turn_of(&flow_with(body, Vec::new(), None), with_b)
        .fault()
        .cloned()
}

#[test]
fn a_flow_out_of_fuel_faults() {
    let assign = Stmt::Assign {
        var: 0,
        value: text("a"),
    };
    assert_eq!(fault_of(vec![assign; 100_001], false), Some(Fault::Fuel));
}

#[test]
fn a_state_that_enters_itself_hits_the_goto_limit() {
    let flow = flow_with(vec![Stmt::Goto(0)], vec![Stmt::Goto(0)], None);
    let turn = turn_of(&flow, false);
    assert_eq!(turn.fault(), Some(&Fault::GotoLimit));
    assert!(actions_of(&turn).is_empty());
}

#[test]
fn an_answer_over_ten_actions_is_an_envelope_fault() {
    let pause = send(T::Pause {
        on: A,
        duration_ms: 1,
    });
    let fault = fault_of(vec![pause; 11], false);
    assert!(matches!(
        fault,
        Some(Fault::Envelope(EnvelopeError::TooManyActions { count: 11 }))
    ));
}

#[test]
fn a_leg_not_in_the_call_faults() {
    let speak = send(T::Speak {
        to: B,
        speech: speech("Hi."),
    });
    assert_eq!(
        fault_of(vec![speak.clone()], false),
        Some(Fault::MissingLeg(interpreter::ir::LegRef::B))
    );
    assert_eq!(fault_of(vec![speak], true), None);
}

#[test]
fn a_variable_is_held_to_its_json_size() {
    let assign = |s: &str| {
        vec![Stmt::Assign {
            var: 0,
            value: text(s),
        }]
    };
    assert_eq!(fault_of(assign("abcd"), false), None);
    // Four control characters are 26 characters of JSON: text(4)'s room allows for that.
    assert_eq!(fault_of(assign("\u{1}\u{2}\u{3}\u{4}"), false), None);
    let too_long = fault_of(assign("abcde"), false);
    assert!(
        matches!(
            too_long,
            Some(Fault::VariableTooLong { len: 5, max: 4, .. })
        ),
        "{too_long:?}"
    );
}

#[test]
fn an_unknown_sip_code_faults_instead_of_becoming_zero() {
    let hangup = send(T::Hangup {
        leg: A,
        code: Some(404),
    });
    assert_eq!(fault_of(vec![hangup], false), Some(Fault::SipCode(404)));
}

#[test]
fn recover_answers_a_fault_with_the_fallback_handler() {
    let speak = send(T::Speak {
        to: B,
        speech: speech("Hi."),
    });
    let sorry = send(T::Speak {
        to: A,
        speech: speech("Sorry."),
    });
    let turn = turn_of(
        &flow_with(vec![speak], Vec::new(), Some(vec![sorry])),
        false,
    );
    assert_eq!(
        turn.note,
        Some(Remark::Fault(Fault::MissingLeg(interpreter::ir::LegRef::B)))
    );
    let sent = actions_of(&turn);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["Parameters"]["Text"], "Sorry.");
}
