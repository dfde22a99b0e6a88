//! Action encoding, the strict action decoder, the relations between parameters, and the table's
//! agreement with the encoder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/full_actions.rs"]
mod full_actions;

use std::collections::BTreeSet;

use full_actions::{bridge_to_voice_connector, full, text};
use interpreter::wire::limits::{ParamValue, Problem, Relation, ValueKind};
use interpreter::wire::*;
use serde_json::{Value, json};

#[test]
fn actions_encode_as_type_and_parameters_with_numbers_booleans_and_no_absent_optionals() {
    let pause = Action::Pause(Pause {
        target: Some(Target::CallId(CallId::new("c1"))),
        duration_in_milliseconds: 1000,
    });
    assert_eq!(
        serde_json::to_value(&pause).unwrap(),
        json!({ "Type": "Pause", "Parameters": { "CallId": "c1", "DurationInMilliseconds": 1000 } })
    );
    let hangup = Action::Hangup(Hangup {
        target: Some(Target::Tag(LegTag::B)),
        sip_response_code: Some(HangupCode::Normal),
    });
    assert_eq!(
        serde_json::to_value(&hangup).unwrap(),
        json!({ "Type": "Hangup", "Parameters": { "ParticipantTag": "LEG-B", "SipResponseCode": "0" } })
    );
    assert_eq!(
        serde_json::to_value(Action::Hangup(Hangup::default())).unwrap(),
        json!({ "Type": "Hangup", "Parameters": {} })
    );
    let focus = Action::VoiceFocus(VoiceFocus {
        call_id: CallId::new("c1"),
        enable: false,
    });
    assert_eq!(
        serde_json::to_value(&focus).unwrap()["Parameters"]["Enable"],
        json!(false)
    );
    let play = Action::PlayAudio(PlayAudio {
        target: None,
        playback_terminators: None,
        repeat: None,
        audio_source: AudioSource::s3("b-1", "k.wav"),
    });
    assert_eq!(
        serde_json::to_value(&play).unwrap(),
        json!({ "Type": "PlayAudio", "Parameters": {
            "AudioSource": { "Type": "S3", "BucketName": "b-1", "Key": "k.wav" } } })
    );
}

#[test]
fn bridge_endpoints_carry_an_arn_only_for_voice_connectors() {
    let pstn = serde_json::to_value(full(ActionKind::CallAndBridge)).unwrap();
    assert_eq!(
        pstn["Parameters"]["Endpoints"],
        json!([{ "BridgeEndpointType": "PSTN", "Uri": "+12065550188" }])
    );
    let aws = serde_json::to_value(bridge_to_voice_connector()).unwrap();
    assert_eq!(
        aws["Parameters"]["Endpoints"][0]["BridgeEndpointType"],
        "AWS"
    );
    assert!(aws["Parameters"]["Endpoints"][0]["Arn"].is_string());

    let mut with_arn = pstn.clone();
    with_arn["Parameters"]["Endpoints"][0]["Arn"] = json!("arn:aws:chime:us-east-1:1:vc/x");
    assert!(serde_json::from_value::<Action>(with_arn).is_err());
    let mut without_arn = aws;
    without_arn["Parameters"]["Endpoints"][0]
        .as_object_mut()
        .unwrap()
        .remove("Arn");
    assert!(serde_json::from_value::<Action>(without_arn).is_err());
}

#[test]
fn every_full_action_round_trips_exactly() {
    for action in ActionKind::ALL
        .iter()
        .map(|kind| full(*kind))
        .chain([bridge_to_voice_connector()])
    {
        let encoded = serde_json::to_value(&action).unwrap();
        assert_eq!(encoded["Type"], action.kind().as_str());
        let decoded: Action = serde_json::from_value(encoded).unwrap();
        assert_eq!(decoded, action);
    }
}

#[test]
fn the_strict_decoder_refuses_anything_the_encoder_would_not_write() {
    let pause = json!({ "Type": "Pause", "Parameters": { "CallId": "c1", "DurationInMilliseconds": 1000 } });
    serde_json::from_value::<Action>(pause.clone()).unwrap();
    let refusals = [
        ("/Parameters/DurationInMilliseconds", json!("1000")),
        ("/Parameters/Repeat", json!(2)),
        ("/Parameters/ParticipantTag", json!("LEG-A")),
        ("/Type", json!("Wait")),
        ("/Type", json!("pause")),
    ];
    for (pointer, value) in refusals {
        let mut edited = pause.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        edited.pointer_mut(parent).unwrap()[key] = value.clone();
        let refused = serde_json::from_value::<Action>(edited);
        assert!(
            refused.is_err(),
            "{pointer} = {value} was accepted: {refused:?}"
        );
    }
    let tag_case = json!({ "Type": "Pause", "Parameters": { "ParticipantTag": "Leg-A", "DurationInMilliseconds": 1 } });
    let refused = serde_json::from_value::<Action>(tag_case)
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("canonical form at Parameters.ParticipantTag"),
        "{refused}"
    );
    assert!(serde_json::from_value::<Action>(json!({ "Type": "Hangup" })).is_err());
    assert!(
        serde_json::from_value::<Action>(json!({ "Type": "Hangup", "Parameters": {}, "X": 1 }))
            .is_err()
    );
}

#[test]
fn violations_read_as_sentences() {
    let mut bridge = full(ActionKind::CallAndBridge);
    let Action::CallAndBridge(params) = &mut bridge else {
        unreachable!()
    };
    params.call_timeout_seconds = Some(0);
    params.endpoints.clear();
    let messages: Vec<String> = bridge
        .validate()
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        [
            "CallAndBridge: CallTimeoutSeconds must be between 1 and 120, got 0",
            "CallAndBridge: Endpoints must have exactly 1 item, got 0 items",
        ]
    );
    let spec = ActionKind::SendDigits.spec();
    let cases = [
        (
            "Digits",
            ParamValue::Text("12E"),
            "SendDigits: Digits must be 1 to 50 characters from 0-9 * # A B C D , (a comma pauses 0.5 s), got 'E'",
        ),
        (
            "ToneDurationInMilliseconds",
            ParamValue::Text("250"),
            "SendDigits: ToneDurationInMilliseconds must be a whole number, got a string",
        ),
        (
            "Tone",
            ParamValue::Int(1),
            "SendDigits: Tone is not a parameter of this action",
        ),
    ];
    for (param, value, message) in cases {
        assert_eq!(spec.check(param, value).unwrap_err().to_string(), message);
    }
    let big = ActionKind::Pause
        .spec()
        .check("DurationInMilliseconds", ParamValue::Int(1 << 40));
    assert_eq!(
        big.unwrap_err().to_string(),
        "Pause: DurationInMilliseconds must be at most 4294967295, got 1099511627776"
    );
    let engine = ActionKind::Speak
        .spec()
        .check("Engine", ParamValue::Text("fast"))
        .unwrap_err();
    assert_eq!(
        engine.to_string(),
        r#"Speak: Engine must be one of standard, neural, got "fast""#
    );
}

fn with_digits(kind: ActionKind, min: Option<u32>, max: Option<u32>) -> Action {
    let mut action = full(kind);
    let digits = match &mut action {
        Action::PlayAudioAndGetDigits(p) => &mut p.digits,
        Action::SpeakAndGetDigits(p) => &mut p.digits,
        _ => unreachable!(),
    };
    digits.min_number_of_digits = min;
    digits.max_number_of_digits = max;
    action
}

#[test]
fn the_maximum_number_of_digits_is_never_below_the_minimum_or_its_default() {
    for kind in [
        ActionKind::PlayAudioAndGetDigits,
        ActionKind::SpeakAndGetDigits,
    ] {
        for (min, max) in [
            (Some(3), Some(3)),
            (Some(128), None),
            (None, Some(1)),
            (None, None),
        ] {
            with_digits(kind, min, max).validate().unwrap();
        }
        for (min, max, other_value, got) in [(Some(3), Some(2), 3, 2), (Some(129), None, 129, 128)]
        {
            let violations = with_digits(kind, min, max).validate().unwrap_err();
            assert_eq!(violations.len(), 1);
            assert_eq!(violations[0].param, "MaxNumberOfDigits");
            assert_eq!(
                violations[0].problem,
                Problem::Below {
                    other: "MinNumberOfDigits",
                    other_value,
                    got
                }
            );
        }
        // A checker that knows only the minimum cannot tell yet.
        let known = [("MinNumberOfDigits", ParamValue::Int(200))];
        kind.spec().check_known(&known).unwrap();
        assert!(kind.spec().check_complete(&known).is_err());
    }
}

#[test]
fn the_flush_window_is_at_least_the_in_between_gap() {
    let receive = |gap, flush| {
        Action::ReceiveDigits(ReceiveDigits {
            target: None,
            input_digits_regex: text("[0-9]"),
            in_between_digits_duration_in_milliseconds: gap,
            flush_digits_duration_in_milliseconds: flush,
        })
    };
    receive(1000, 1000).validate().unwrap();
    let violations = receive(1000, 999).validate().unwrap_err();
    assert_eq!(violations[0].param, "FlushDigitsDurationInMilliseconds");
    assert!(
        violations[0]
            .to_string()
            .ends_with("must be at least InBetweenDigitsDurationInMilliseconds (1000), got 999")
    );
}

#[test]
fn record_audio_takes_a_call_id_or_a_tag_not_both() {
    let spec = ActionKind::RecordAudio.spec();
    let both = [
        ("CallId", ParamValue::Text("c")),
        ("ParticipantTag", ParamValue::Text("LEG-A")),
    ];
    let violations = spec.check_known(&both).unwrap_err();
    assert_eq!(
        violations[0].problem,
        Problem::Conflicts {
            other: "ParticipantTag"
        }
    );
    spec.check_known(&both[..1]).unwrap();
}

#[test]
fn welcome_messages_need_the_elicit_intent_dialog_action() {
    let bot = |dialog: Option<DialogActionType>, welcome: bool| {
        let Action::StartBotConversation(mut params) = full(ActionKind::StartBotConversation)
        else {
            unreachable!()
        };
        let configuration = params.configuration.as_mut().unwrap();
        configuration.session_state.as_mut().unwrap().dialog_action =
            dialog.map(|action_type| DialogAction { action_type });
        if !welcome {
            configuration.welcome_messages = None;
        }
        Action::StartBotConversation(params)
    };
    bot(Some(DialogActionType::ElicitIntent), true)
        .validate()
        .unwrap();
    bot(Some(DialogActionType::Delegate), false)
        .validate()
        .unwrap();
    bot(None, false).validate().unwrap();
    for (dialog, got) in [
        (
            Some(DialogActionType::Delegate),
            Some("Delegate".to_owned()),
        ),
        (None, None),
    ] {
        let violations = bot(dialog, true).validate().unwrap_err();
        assert_eq!(violations.len(), 1);
        assert_eq!(
            violations[0].problem,
            Problem::RequiredWith {
                value: "ElicitIntent",
                when: "Configuration.WelcomeMessages",
                got
            }
        );
    }
}

#[test]
fn every_relation_in_the_table_is_exercised_above() {
    let exercised = [
        (ActionKind::PlayAudioAndGetDigits, "MaxNumberOfDigits"),
        (
            ActionKind::ReceiveDigits,
            "FlushDigitsDurationInMilliseconds",
        ),
        (ActionKind::RecordAudio, "CallId"),
        (ActionKind::SpeakAndGetDigits, "MaxNumberOfDigits"),
        (
            ActionKind::StartBotConversation,
            "Configuration.SessionState.DialogAction.Type",
        ),
    ];
    let mut in_table = Vec::new();
    for kind in ActionKind::ALL {
        for relation in kind.spec().relations {
            let param = match relation {
                Relation::AtLeast { param, .. }
                | Relation::NotBoth { param, .. }
                | Relation::RequiredWith { param, .. } => *param,
            };
            in_table.push((*kind, param));
        }
    }
    assert_eq!(in_table, exercised);
}

#[test]
fn required_parameters_are_reported_missing() {
    for kind in ActionKind::ALL {
        let action = full(*kind);
        let values = action.parameters();
        for param in kind.spec().params.iter().filter(|p| p.required) {
            let Some(index) = values.iter().position(|(path, _)| *path == param.path) else {
                continue; // The fields of the other kind of bridge endpoint.
            };
            let mut without = values.clone();
            without.remove(index);
            let violations = kind.spec().check_complete(&without).unwrap_err();
            assert!(
                violations
                    .iter()
                    .any(|v| v.param == param.path && v.problem == Problem::Missing),
                "{kind} {}: {violations:?}",
                param.path
            );
        }
    }
    let children_of_absent_objects_are_not_missing = [("CallId", ParamValue::Text("c"))];
    ActionKind::StartCallRecording
        .spec()
        .check_complete(&children_of_absent_objects_are_not_missing)
        .unwrap_err()
        .iter()
        .for_each(|v| assert!(!v.param.starts_with("Destination."), "{v}"));
}

/// Every key path of a JSON object, list items included under their list's key; the keys of
/// string maps (`opaque`) are data, not parameters.
fn paths(value: &Value, at: &str, opaque: &BTreeSet<String>, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) if !opaque.contains(at) => {
            for (key, item) in map {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                out.insert(path.clone());
                paths(item, &path, opaque, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| paths(item, at, opaque, out)),
        _ => {}
    }
}

fn plain(path: &str) -> String {
    path.split(['[', ']']).step_by(2).collect()
}

#[test]
fn the_table_the_encoder_and_the_parameter_lists_name_the_same_keys() {
    for kind in ActionKind::ALL {
        let mut actions = vec![full(*kind)];
        if *kind == ActionKind::CallAndBridge {
            actions.push(bridge_to_voice_connector());
        }
        let opaque: BTreeSet<String> = kind
            .spec()
            .params
            .iter()
            .filter(|p| p.rule.expects() == ValueKind::Map)
            .map(|p| p.path.to_owned())
            .collect();
        let mut encoded = BTreeSet::new();
        let mut listed = BTreeSet::new();
        for action in &actions {
            paths(
                &serde_json::to_value(action).unwrap()["Parameters"],
                "",
                &opaque,
                &mut encoded,
            );
            listed.extend(action.parameters().iter().map(|(path, _)| plain(path)));
        }
        let mut table: BTreeSet<String> =
            kind.spec().params.iter().map(|p| plain(p.path)).collect();
        // A leg is named one way at a time; the full actions use the call id.
        if table.contains("ParticipantTag") && table.contains("CallId") {
            table.remove("ParticipantTag");
        }
        assert_eq!(encoded, table, "{kind}: encoder vs table");
        assert_eq!(listed, table, "{kind}: parameter list vs table");
    }
}
