//! The recording flow, as built into the handler, against the behaviour it must have: every
//! numbered rule and every defect of the original application, with realistic event sequences.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use interpreter::effect::{CallDirection, Effect, RecordingChange};
use serde_json::json;
use support::call::*;

fn inbound_bridged() -> Call {
    let (mut call, _) = Call::inbound(STRANGER);
    call.bridge_answered(OWNER);
    call
}

fn outbound_bridged(to: &str) -> Call {
    let (mut call, _) = Call::inbound(OWNER);
    let digits = to.trim_start_matches("+1");
    call.collected(digits);
    call.bridge_answered(to);
    call
}

const CALLED: &str = "+13125550177";

// ---- calls from someone else -----------------------------------------------------------------

#[test]
fn rule_1_inbound_call_is_told_and_bridged_to_the_owner_with_the_callers_number() {
    let (_, turn) = Call::inbound(STRANGER);
    assert_eq!(types(&turn), ["PlayAudio", "PlayAudio", "CallAndBridge"]);
    assert_eq!(
        prompts(&turn),
        ["thisCallIsBeingRecorded.wav", "connectingYou.wav"]
    );
    let a = actions(&turn);
    assert_eq!(a[0]["Parameters"]["CallId"], LEG_A);
    assert_eq!(
        a[0]["Parameters"]["AudioSource"]["BucketName"],
        "prompts-bucket"
    );
    let bridge = &a[2]["Parameters"];
    assert_eq!(bridge["CallerIdNumber"], STRANGER);
    assert_eq!(bridge["CallTimeoutSeconds"], 30);
    assert_eq!(
        bridge["Endpoints"],
        json!([{"BridgeEndpointType": "PSTN", "Uri": OWNER}])
    );
    // Defect 4: no digit listener before the bridge.
    assert!(!types(&turn).contains(&"ReceiveDigits".to_owned()));
    assert!(matches!(
        effects(&turn),
        [Effect::Started { direction: CallDirection::Inbound, caller, at_ms: Some(1717171717123) }] if caller == STRANGER
    ));
}

#[test]
fn rule_2_answered_bridge_records_leg_a_and_listens_on_the_owners_leg() {
    let (mut call, _) = Call::inbound(STRANGER);
    let turn = call.bridge_answered(OWNER);
    assert_eq!(types(&turn), ["StartCallRecording", "ReceiveDigits"]);
    let a = actions(&turn);
    assert_eq!(a[0]["Parameters"]["CallId"], LEG_A);
    assert_eq!(a[0]["Parameters"]["Track"], "BOTH");
    assert_eq!(
        a[0]["Parameters"]["Destination"],
        json!({"Type": "S3", "Location": "recordings-bucket/originalAudio"})
    );
    // Defect 1: the owner (LEG-B here), not the stranger, controls the recording.
    assert_eq!(a[1]["Parameters"]["CallId"], LEG_B);
    assert_eq!(a[1]["Parameters"]["InputDigitsRegex"], "[5-7]");
    assert_eq!(
        a[1]["Parameters"]["InBetweenDigitsDurationInMilliseconds"],
        1000
    );
    assert_eq!(
        a[1]["Parameters"]["FlushDigitsDurationInMilliseconds"],
        10000
    );
    assert!(
        effects(&turn)
            .iter()
            .any(|e| matches!(e, Effect::Answered { callee, .. } if callee == OWNER))
    );
    assert!(effects(&turn).iter().any(|e| matches!(e, Effect::Recording { change: RecordingChange::Started, location: Some(l), .. } if l == "recordings-bucket/originalAudio")));
}

// ---- calls from the owner ----------------------------------------------------------------------

#[test]
fn rule_3_owner_is_asked_for_a_north_american_number() {
    let (_, turn) = Call::inbound(OWNER);
    assert_eq!(types(&turn), ["PlayAudioAndGetDigits"]);
    let p = &actions(&turn)[0]["Parameters"];
    assert_eq!(p["CallId"], LEG_A);
    assert_eq!(p["AudioSource"]["Key"], "enterNumberToDial.wav");
    assert_eq!(p["FailureAudioSource"]["Key"], "sorryIDidntGetThat.wav");
    assert_eq!(p["MinNumberOfDigits"], 10);
    assert_eq!(p["MaxNumberOfDigits"], 11);
    assert_eq!(p["TerminatorDigits"], json!(["#"]));
    assert_eq!(p["Repeat"], 3);
    assert_eq!(p["InBetweenDigitsDurationInMilliseconds"], 2500);
    assert_eq!(p["RepeatDurationInMilliseconds"], 5000);
    let re = regex::Regex::new(p["InputDigitsRegex"].as_str().unwrap()).unwrap();
    for ok in ["2065550123", "12065550123"] {
        assert!(re.is_match(ok), "{ok}");
    }
    for bad in [
        "1065550123",
        "2061550123",
        "22065550123",
        "206555012",
        "2065550123456",
    ] {
        assert!(!re.is_match(bad), "{bad}");
    }
}

#[test]
fn rule_4_dialled_number_is_bridged_with_the_recording_number_as_caller_id() {
    let (mut call, _) = Call::inbound(OWNER);
    let turn = call.collected("13125550177");
    assert_eq!(types(&turn), ["PlayAudio", "CallAndBridge"]);
    assert_eq!(prompts(&turn), ["connectingYou.wav"]);
    let bridge = &actions(&turn)[1]["Parameters"];
    assert_eq!(bridge["Endpoints"][0]["Uri"], CALLED);
    // Defect 3: the owner's number is masked behind the recording number.
    assert_eq!(bridge["CallerIdNumber"], NUMBER);
}

#[test]
fn rule_4_refused_numbers_are_asked_again_three_attempts_in_all() {
    for refused in [
        "9005550123",
        "19765550123",
        "2065550100",
        "2065550199",
        "0065550123",
    ] {
        let (mut call, _) = Call::inbound(OWNER);
        let first = call.collected(refused);
        assert_eq!(
            types(&first),
            ["PlayAudio", "PlayAudioAndGetDigits"],
            "{refused}"
        );
        assert_eq!(prompts(&first)[0], "sorryIDidntGetThat.wav");
        let second = call.collected(refused);
        assert_eq!(types(&second), ["PlayAudio", "PlayAudioAndGetDigits"]);
        let third = call.collected(refused);
        assert_eq!(types(&third), ["PlayAudio", "Hangup"], "{refused}");
        assert_eq!(prompts(&third), ["unableToConnect.wav"]);
        assert_eq!(actions(&third)[1]["Parameters"]["CallId"], LEG_A);
    }
}

#[test]
fn rule_4_a_good_number_after_a_refusal_still_connects() {
    let (mut call, _) = Call::inbound(OWNER);
    call.collected("9005550123");
    let turn = call.collected("3125550177");
    assert_eq!(types(&turn), ["PlayAudio", "CallAndBridge"]);
}

#[test]
fn rule_5_the_person_called_is_told_and_the_owners_leg_controls_the_recording() {
    let (mut call, _) = Call::inbound(OWNER);
    call.collected("3125550177");
    let turn = call.bridge_answered(CALLED);
    assert_eq!(
        types(&turn),
        ["PlayAudio", "StartCallRecording", "ReceiveDigits"]
    );
    assert_eq!(targets(&turn), [LEG_B, LEG_A, LEG_A]);
    assert_eq!(prompts(&turn), ["thisCallIsBeingRecorded.wav"]);
    assert!(
        effects(&turn)
            .iter()
            .any(|e| matches!(e, Effect::Answered { callee, .. } if callee == CALLED))
    );
}

// ---- keypad control ----------------------------------------------------------------------------

#[test]
fn rule_6_each_digit_in_each_recording_state() {
    let owner_leg = LEG_B;
    // recording
    let mut call = inbound_bridged();
    let t = call.digits_on(owner_leg, "5");
    assert_eq!(
        types(&t),
        [
            "PlayAudio",
            "PlayAudio",
            "PauseCallRecording",
            "ReceiveDigits"
        ]
    );
    assert_eq!(prompts(&t), ["recordingPaused.wav", "recordingPaused.wav"]);
    assert_eq!(targets(&t), [LEG_A, LEG_B, LEG_A, owner_leg]);
    // paused: 5 again re-arms only
    let t = call.digits_on(owner_leg, "5");
    assert_eq!(types(&t), ["ReceiveDigits"]);
    // paused: 6 resumes
    let t = call.digits_on(owner_leg, "6");
    assert_eq!(
        types(&t),
        [
            "PlayAudio",
            "PlayAudio",
            "ResumeCallRecording",
            "ReceiveDigits"
        ]
    );
    assert_eq!(
        prompts(&t),
        ["recordingResumed.wav", "recordingResumed.wav"]
    );
    // recording: 6 re-arms only
    let t = call.digits_on(owner_leg, "6");
    assert_eq!(types(&t), ["ReceiveDigits"]);
    // recording: 7 stops for good, no re-arm
    let t = call.digits_on(owner_leg, "7");
    assert_eq!(types(&t), ["PlayAudio", "PlayAudio", "StopCallRecording"]);
    assert_eq!(
        prompts(&t),
        ["recordingStopped.wav", "recordingStopped.wav"]
    );
    // stopped: nothing for any digit
    for d in ["5", "6", "7"] {
        assert!(types(&call.digits_on(owner_leg, d)).is_empty(), "{d}");
    }
}

#[test]
fn rule_6_seven_while_paused_stops() {
    let mut call = inbound_bridged();
    call.digits_on(LEG_B, "5");
    let t = call.digits_on(LEG_B, "7");
    assert_eq!(types(&t), ["PlayAudio", "PlayAudio", "StopCallRecording"]);
}

#[test]
fn rule_6_recording_operations_use_the_leg_the_recording_started_on() {
    // Defect 2: on dial-outs the original paused and stopped with another leg's id.
    let mut call = outbound_bridged(CALLED);
    for (digit, kind) in [
        ("5", "PauseCallRecording"),
        ("6", "ResumeCallRecording"),
        ("7", "StopCallRecording"),
    ] {
        let t = call.digits_on(LEG_A, digit);
        let op = actions(&t).into_iter().find(|a| a["Type"] == kind).unwrap();
        assert_eq!(op["Parameters"]["CallId"], LEG_A);
    }
}

#[test]
fn rule_6_digits_from_the_other_leg_change_nothing() {
    let mut call = inbound_bridged();
    let t = call.digits_on(LEG_A, "7");
    assert!(types(&t).is_empty());
    // The recording is still running: the owner can still pause it.
    let t = call.digits_on(LEG_B, "5");
    assert!(types(&t).contains(&"PauseCallRecording".to_owned()));
}

#[test]
fn rule_6_changes_are_added_to_the_call_record() {
    let mut call = inbound_bridged();
    let t = call.digits_on(LEG_B, "5");
    assert!(matches!(
        effects(&t),
        [Effect::Recording {
            change: RecordingChange::Paused,
            ..
        }]
    ));
    let t = call.digits_on(LEG_B, "6");
    assert!(matches!(
        effects(&t),
        [Effect::Recording {
            change: RecordingChange::Resumed,
            ..
        }]
    ));
    let t = call.digits_on(LEG_B, "7");
    assert!(matches!(
        effects(&t),
        [Effect::Recording {
            change: RecordingChange::Stopped,
            ..
        }]
    ));
}

#[test]
fn rule_7_call_updates_act_like_the_keypad() {
    let mut call = inbound_bridged();
    let t = call.update("recording", "pause");
    assert_eq!(
        types(&t),
        [
            "PlayAudio",
            "PlayAudio",
            "PauseCallRecording",
            "ReceiveDigits"
        ]
    );
    let t = call.update("recording", "resume");
    assert_eq!(
        types(&t),
        [
            "PlayAudio",
            "PlayAudio",
            "ResumeCallRecording",
            "ReceiveDigits"
        ]
    );
    let t = call.update("recording", "stop");
    assert_eq!(types(&t), ["PlayAudio", "PlayAudio", "StopCallRecording"]);
    let t = call.update("recording", "pause");
    assert!(types(&t).is_empty());
}

#[test]
fn rule_7_other_updates_only_re_arm() {
    let mut call = inbound_bridged();
    let t = call.update("something", "else");
    assert_eq!(types(&t), ["ReceiveDigits"]);
}

// ---- ending and failures -------------------------------------------------------------------

#[test]
fn rule_8_a_hang_up_hangs_up_the_other_leg_then_closes_the_record() {
    for (first, other) in [("LEG-A", LEG_B), ("LEG-B", LEG_A)] {
        let mut call = inbound_bridged();
        let t = call.hangup(first);
        assert_eq!(types(&t), ["Hangup"]);
        assert_eq!(targets(&t), [other]);
        let second = if first == "LEG-A" { "LEG-B" } else { "LEG-A" };
        let t = call.hangup(second);
        assert!(types(&t).is_empty());
        assert!(matches!(
            effects(&t),
            [Effect::LegEnded { leg, sip_code: Some(0), .. }, Effect::Ended { .. }] if leg == second
        ));
    }
}

#[test]
fn rule_8_caller_hanging_up_before_the_bridge_ends_the_call() {
    let (mut call, _) = Call::inbound(STRANGER);
    let t = call.hangup("LEG-A");
    assert!(types(&t).is_empty());
    assert!(matches!(
        effects(&t),
        [Effect::LegEnded { .. }, Effect::Ended { .. }]
    ));
}

#[test]
fn a_leg_that_hangs_up_busy_keeps_its_sip_code_in_the_record() {
    let mut call = inbound_bridged();
    let data = json!({"Type": "Hangup", "Parameters": {
        "SipResponseCode": 486, "CallId": LEG_B, "ParticipantTag": "LEG-B"}});
    let t = call.send("HANGUP", Some(data), json!({}));
    assert!(matches!(
        effects(&t),
        [Effect::LegEnded { leg, sip_code: Some(486), .. }, ..] if leg == "LEG-B"
    ));
}

#[test]
fn the_recording_object_the_service_reports_goes_into_the_record() {
    let mut call = inbound_bridged();
    let key = "recordings/originalAudio/2024/05/31/call.wav";
    let data = json!({"Type": "StartCallRecording",
        "Parameters": {"CallId": LEG_A, "Track": "BOTH",
            "Destination": {"Type": "S3", "Location": "recordings/originalAudio"}},
        "CallRecordingDestination": {"Type": "S3", "Location": key}});
    let t = call.send("ACTION_SUCCESSFUL", Some(data), json!({}));
    assert!(matches!(effects(&t), [Effect::RecordingObject { key: k }] if k == key));
}

#[test]
fn rule_9_a_bridge_that_fails_apologises_and_hangs_up_and_keeps_the_error() {
    for error in ["CallNotAnswered", "InvalidActionParameter"] {
        let (mut call, _) = Call::inbound(STRANGER);
        let t = call.bridge_failed(error);
        assert_eq!(types(&t), ["PlayAudio", "Hangup"]);
        assert_eq!(prompts(&t), ["unableToConnect.wav"]);
        assert_eq!(targets(&t), [LEG_A, LEG_A]);
        assert!(matches!(effects(&t), [Effect::Failed { error: e, .. }] if e == error));
    }
}

#[test]
fn rule_9_no_valid_input_apologises_and_hangs_up() {
    let (mut call, _) = Call::inbound(OWNER);
    call.connect_all();
    let t = call.failed("PlayAudioAndGetDigits", LEG_A, "InvalidActionParameter");
    assert_eq!(types(&t), ["PlayAudio", "Hangup"]);
    assert_eq!(prompts(&t), ["unableToConnect.wav"]);
}

#[test]
fn rule_10_a_failed_recording_never_hangs_up() {
    for op in [
        "StartCallRecording",
        "PauseCallRecording",
        "ResumeCallRecording",
        "StopCallRecording",
    ] {
        let mut call = inbound_bridged();
        let t = call.failed(op, LEG_A, "SystemException");
        assert_eq!(types(&t), ["PlayAudio", "ReceiveDigits"], "{op}");
        assert_eq!(prompts(&t), ["recordingUnavailable.wav"]);
        // Only the owner hears it.
        assert_eq!(targets(&t), [LEG_B, LEG_B]);
    }
}

#[test]
fn rule_10_a_failed_start_leaves_nothing_to_pause() {
    let mut call = inbound_bridged();
    call.failed("StartCallRecording", LEG_A, "SystemException");
    let t = call.digits_on(LEG_B, "5");
    assert_eq!(types(&t), ["ReceiveDigits"]);
}

#[test]
fn rule_10_a_failed_pause_leaves_the_recording_running() {
    let mut call = inbound_bridged();
    call.digits_on(LEG_B, "5");
    call.failed("PauseCallRecording", LEG_A, "SystemException");
    let t = call.digits_on(LEG_B, "5");
    assert!(types(&t).contains(&"PauseCallRecording".to_owned()));
}

#[test]
fn rule_11_a_prompt_that_fails_does_not_stop_the_call() {
    let (mut call, _) = Call::inbound(STRANGER);
    call.connect_all();
    let t = call.failed("PlayAudio", LEG_A, "InvalidAudioSource");
    // What was left after the first prompt: the second prompt and the bridge.
    assert_eq!(types(&t), ["PlayAudio", "CallAndBridge"]);
    assert_eq!(prompts(&t), ["connectingYou.wav"]);
}

#[test]
fn rule_11_a_failed_prompt_on_a_bridged_call_keeps_it_up() {
    let mut call = inbound_bridged();
    call.digits_on(LEG_B, "5");
    let t = call.failed("PlayAudio", LEG_A, "InvalidAudioSource");
    assert!(!types(&t).contains(&"Hangup".to_owned()));
    assert_eq!(
        types(&t),
        ["PlayAudio", "PauseCallRecording", "ReceiveDigits"]
    );
}

#[test]
fn rule_12_invalid_response_apologises_when_the_caller_is_there() {
    for place in ["top", "action_data"] {
        let (mut call, _) = Call::inbound(STRANGER);
        let error =
            json!({"ErrorType": "TransactionAttributesInvalidMapSize", "ErrorMessage": "too many"});
        let t = if place == "top" {
            call.send("INVALID_LAMBDA_RESPONSE", None, error)
        } else {
            call.send("INVALID_LAMBDA_RESPONSE", Some(json!({"Type": "Unknown", "Parameters": {}, "ErrorType": "SchemaVersionMismatch"})), json!({}))
        };
        assert_eq!(types(&t), ["PlayAudio", "Hangup"], "{place}");
        assert_eq!(prompts(&t), ["unableToConnect.wav"]);
    }
}

#[test]
fn rule_12_invalid_response_with_nobody_left_is_empty() {
    let (mut call, _) = Call::inbound(STRANGER);
    call.a["Status"] = json!("Disconnected");
    let t = call.send("INVALID_LAMBDA_RESPONSE", None, json!({"ErrorType": "X"}));
    assert!(types(&t).is_empty());
}

#[test]
fn rule_13_any_event_with_no_leg_connected_is_empty() {
    let mut call = inbound_bridged();
    call.a["Status"] = json!("Disconnected");
    call.b.as_mut().unwrap()["Status"] = json!("Disconnected");
    let t = call.digits_on(LEG_B, "5");
    assert!(types(&t).is_empty());
}

#[test]
fn rule_14_ignored_events_get_an_empty_envelope() {
    for kind in ["RINGING", "NEW_OUTBOUND_CALL", "ACTION_INTERRUPTED"] {
        let (mut call, _) = Call::inbound(STRANGER);
        let t = call.send(kind, None, json!({}));
        // Defect 5: an envelope, never a bare list.
        assert_eq!(
            serde_json::to_value(&t.response).unwrap(),
            json!({"SchemaVersion": "1.0", "Actions": []}),
            "{kind}"
        );
    }
    let mut call = inbound_bridged();
    let t = call.send(
        "ACTION_SUCCESSFUL",
        Some(
            json!({"Type": "ReceiveDigits", "Parameters": {"CallId": LEG_B}, "ReceivedDigits": ""}),
        ),
        json!({}),
    );
    assert!(types(&t).is_empty());
}

// ---- always ------------------------------------------------------------------------------------

#[test]
fn early_keypresses_before_the_bridge_do_nothing() {
    // Defect 4: the original crashed reading a second participant that did not exist yet.
    let (mut call, _) = Call::inbound(STRANGER);
    call.connect_all();
    let t = call.digits_on(LEG_A, "5");
    assert!(types(&t).is_empty());
}

#[test]
fn the_same_event_twice_gets_the_same_answer() {
    let mut call = inbound_bridged();
    let event = call.event("DIGITS_RECEIVED", Some(json!({"Type": "ReceiveDigits", "Parameters": {"CallId": LEG_B}, "ReceivedDigits": "5"})), json!({}));
    let first = call.deliver(&event);
    let second = call.deliver(&event);
    assert_eq!(first, second);
}

#[test]
fn every_answer_is_a_valid_envelope_within_the_limits() {
    let mut call = outbound_bridged(CALLED);
    for d in ["5", "6", "5", "7"] {
        let t = call.digits_on(LEG_A, d);
        let v = serde_json::to_value(&t.response).unwrap();
        assert_eq!(v["SchemaVersion"], "1.0");
        assert!(v["Actions"].as_array().unwrap().len() <= 10);
        let attrs = v["TransactionAttributes"].as_object().unwrap();
        assert!(attrs.len() <= 10);
        assert!(
            attrs
                .values()
                .all(|s| s.as_str().unwrap().chars().count() <= 1024)
        );
    }
}

#[test]
fn state_from_another_flow_version_is_never_misread() {
    let mut call = inbound_bridged();
    call.attributes["flow"] = json!("recording@0000000000000000");
    let t = call.digits_on(LEG_B, "5");
    assert_eq!(types(&t), ["Hangup", "Hangup"]);
    assert!(matches!(
        &t.note,
        Some(interpreter::step::Remark::Foreign(interpreter::step::Foreign::OtherFlow { found, .. }))
            if found == "recording@0000000000000000"
    ));
}
