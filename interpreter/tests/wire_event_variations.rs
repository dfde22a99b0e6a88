//! Hand-made variations on an event: what the lenient decoder tolerates, how it merges the
//! error forms, and why it refuses what it refuses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use interpreter::wire::{
    ActionKind, ActionType, Event, EventType, FieldPath, LegStatus, LegTag, Salvage, UnusableEvent,
    UnusableReason, decode_event,
};
use serde_json::{Value, json};

fn base() -> Value {
    json!({
        "SchemaVersion": "1.0",
        "Sequence": 4,
        "InvocationEventType": "ACTION_FAILED",
        "ActionData": {
            "Type": "PlayAudio",
            "Parameters": { "CallId": "call-a", "ParticipantTag": "LEG-A" }
        },
        "CallDetails": {
            "TransactionId": "tx-1",
            "AwsAccountId": "123456789012",
            "AwsRegion": "us-east-1",
            "SipMediaApplicationId": "sma-1",
            "Participants": [
                { "CallId": "call-a", "ParticipantTag": "LEG-A", "To": "+12065550100",
                  "From": "+14255550199", "Direction": "Inbound",
                  "StartTimeInMilliseconds": "1717171717123", "Status": "Connected" }
            ]
        }
    })
}

fn decode(value: &Value) -> Result<Event, UnusableEvent> {
    decode_event(&serde_json::to_vec(value).unwrap())
}

fn ok(value: &Value) -> Event {
    decode(value).unwrap()
}

fn reason(value: &Value) -> UnusableReason {
    decode(value).unwrap_err().reason
}

fn missing(path: &str) -> UnusableReason {
    UnusableReason::MissingField(FieldPath::new(path))
}

fn invalid(path: &str) -> UnusableReason {
    UnusableReason::InvalidField(FieldPath::new(path))
}

#[test]
fn optional_fields_may_all_be_absent() {
    let mut event = base();
    event.as_object_mut().unwrap().remove("ActionData");
    let leg = &mut event["CallDetails"]["Participants"][0];
    for key in ["Direction", "StartTimeInMilliseconds", "Status"] {
        leg.as_object_mut().unwrap().remove(key);
    }
    event["CallDetails"]
        .as_object_mut()
        .unwrap()
        .remove("SipMediaApplicationId");
    let decoded = ok(&event);
    let leg = decoded.call.leg(&LegTag::A).unwrap();
    assert_eq!(
        (leg.direction, leg.start_time_ms, leg.status),
        (None, None, None)
    );
    assert!(decoded.call.sip_media_application_id.is_none());
    assert!(decoded.call.sip_rule_id.is_none());
    assert!(decoded.action_data.is_none());
    assert!(
        decoded
            .call
            .participant("call-a")
            .unwrap()
            .sip_headers
            .is_empty()
    );
}

#[test]
fn null_counts_as_absent_for_optional_fields() {
    let mut event = base();
    event["CallDetails"]["SipRuleId"] = Value::Null;
    event["CallDetails"]["TransactionAttributes"] = Value::Null;
    event["ActionData"]["ReceivedDigits"] = Value::Null;
    let decoded = ok(&event);
    assert!(decoded.call.sip_rule_id.is_none());
    assert!(decoded.call.transaction_attributes.is_empty());
    assert!(decoded.action_data.unwrap().received_digits.is_none());
}

#[test]
fn numbers_may_arrive_as_strings_and_the_other_way_round() {
    let mut event = base();
    event["Sequence"] = json!("17");
    event["ActionData"]["Parameters"]["SipResponseCode"] = json!("486");
    event["ActionData"]["ReceivedDigits"] = json!(42);
    event["CallDetails"]["Participants"][0]["StartTimeInMilliseconds"] =
        json!(1_717_171_717_123_u64);
    let decoded = ok(&event);
    assert_eq!(decoded.sequence, 17);
    let data = decoded.action_data.as_ref().unwrap();
    assert_eq!(data.parameters.sip_response_code, Some(486));
    assert_eq!(data.received_digits.as_deref(), Some("42"));
    assert_eq!(
        decoded.call.participants[0].start_time_ms,
        Some(1_717_171_717_123)
    );

    event["ActionData"]["Parameters"]["SipResponseCode"] = json!(480);
    assert_eq!(
        ok(&event).action_data.unwrap().parameters.sip_response_code,
        Some(480)
    );
}

#[test]
fn unusable_optional_values_are_dropped_not_fatal() {
    let mut event = base();
    event["ActionData"]["Parameters"]["SipResponseCode"] = json!("busy");
    event["CallDetails"]["Participants"][0]["StartTimeInMilliseconds"] = json!({"when": 1});
    event["CallDetails"]["Participants"][0]["Status"] = json!("Ringing");
    event["CallDetails"]["Participants"][0]["SipHeaders"] = json!(["X-A"]);
    event["ActionData"]["Parameters"]["Repeat"] = json!("not modelled anyway");
    let decoded = ok(&event);
    let leg = &decoded.call.participants[0];
    assert_eq!(leg.start_time_ms, None);
    assert_eq!(leg.status, None);
    assert!(leg.sip_headers.is_empty());
    assert_eq!(
        decoded.action_data.unwrap().parameters.sip_response_code,
        None
    );
}

#[test]
fn error_fields_inside_action_data() {
    let mut event = base();
    event["ActionData"]["ErrorType"] = json!("InvalidAudioSource");
    event["ActionData"]["ErrorMessage"] = json!("Audio Source parameter value is invalid.");
    let error = ok(&event).error.unwrap();
    assert_eq!(error.error_type.as_deref(), Some("InvalidAudioSource"));
    assert_eq!(
        error.message.as_deref(),
        Some("Audio Source parameter value is invalid.")
    );
    assert!(error.details.is_empty());
}

#[test]
fn error_fields_at_the_top_level() {
    let mut event = base();
    event.as_object_mut().unwrap().remove("ActionData");
    event["InvocationEventType"] = json!("INVALID_LAMBDA_RESPONSE");
    event["ErrorType"] = json!("SchemaVersionMismatch");
    event["ErrorMessage"] = json!("Schema version mismatch");
    let decoded = ok(&event);
    assert_eq!(decoded.event_type, EventType::InvalidLambdaResponse);
    let error = decoded.error.unwrap();
    assert_eq!(error.error_type.as_deref(), Some("SchemaVersionMismatch"));
    assert_eq!(error.message.as_deref(), Some("Schema version mismatch"));
}

#[test]
fn action_data_errors_win_and_top_level_ones_fill_the_gaps() {
    let mut event = base();
    event["ErrorType"] = json!("TopLevelType");
    event["ErrorMessage"] = json!("top-level message");
    event["ActionData"]["ErrorType"] = json!("InnerType");
    let error = ok(&event).error.unwrap();
    assert_eq!(error.error_type.as_deref(), Some("InnerType"));
    assert_eq!(error.message.as_deref(), Some("top-level message"));
}

#[test]
fn the_single_error_string_is_split_into_type_and_message() {
    let mut event = base();
    event["ActionData"]["Type"] = json!("StartCallRecording");
    event["ActionData"]["Error"] =
        json!("NoAccessToDestination: Error while accessing destination");
    let error = ok(&event).error.unwrap();
    assert_eq!(error.error_type.as_deref(), Some("NoAccessToDestination"));
    assert_eq!(
        error.message.as_deref(),
        Some("Error while accessing destination")
    );

    event["ActionData"]["Error"] = json!("Something went wrong: badly");
    let error = ok(&event).error.unwrap();
    assert_eq!(error.error_type, None);
    assert_eq!(
        error.message.as_deref(),
        Some("Something went wrong: badly")
    );
}

#[test]
fn the_error_list_keeps_each_item_as_text() {
    let mut event = base();
    event["ActionData"]["Type"] = json!("ModifyChimeMeetingAttendees");
    event["ActionData"]["ErrorType"] = json!("InvalidActionParameter");
    event["ActionData"]["ErrorList"] = json!(["attendee 1 not in meeting", {"AttendeeId": "a2"}]);
    let decoded = ok(&event);
    let error = decoded.error.clone().unwrap();
    assert_eq!(
        error.details,
        ["attendee 1 not in meeting", r#"{"AttendeeId":"a2"}"#]
    );
    // The merged error always round-trips, whatever form it came in.
    let again = decode_event(&serde_json::to_vec(&decoded).unwrap()).unwrap();
    assert_eq!(again, decoded);
}

#[test]
fn no_error_fields_means_no_error() {
    let mut event = base();
    event["ActionData"]["ErrorList"] = json!([]);
    assert_eq!(ok(&event).error, None);
}

#[test]
fn unknown_event_and_action_types_are_kept_verbatim() {
    let mut event = base();
    event["InvocationEventType"] = json!("NEW_INCOMING_CALL");
    event["ActionData"]["Type"] = json!("Answer");
    let decoded = ok(&event);
    assert_eq!(
        decoded.event_type,
        EventType::Unknown("NEW_INCOMING_CALL".into())
    );
    let data = decoded.action_data.as_ref().unwrap();
    assert_eq!(data.action_type, ActionType::Other("Answer".into()));
    assert_eq!(data.kind(), None);
    let again = decode_event(&serde_json::to_vec(&decoded).unwrap()).unwrap();
    assert_eq!(again, decoded);
}

#[test]
fn every_documented_event_type_is_recognised() {
    for known in EventType::KNOWN {
        let mut event = base();
        event["InvocationEventType"] = json!(known.as_str());
        assert_eq!(ok(&event).event_type, known);
    }
    for kind in ActionKind::ALL {
        let mut event = base();
        event["ActionData"]["Type"] = json!(kind.as_str());
        assert_eq!(ok(&event).action_data.unwrap().kind(), Some(*kind));
    }
}

#[test]
fn the_old_sip_application_id_spelling_is_accepted() {
    let mut event = base();
    let details = event["CallDetails"].as_object_mut().unwrap();
    details.remove("SipMediaApplicationId");
    details.insert("SipApplicationId".into(), json!("sma-old"));
    assert_eq!(
        ok(&event).call.sip_media_application_id.as_deref(),
        Some("sma-old")
    );
}

#[test]
fn leg_tags_are_read_ignoring_case_and_written_in_capitals() {
    let mut event = base();
    event["CallDetails"]["Participants"][0]["ParticipantTag"] = json!("Leg-A");
    event["CallDetails"]["Participants"][0]["Status"] = json!("connected");
    event["ActionData"]["Parameters"]["ParticipantTag"] = json!("leg-a");
    let decoded = ok(&event);
    let leg = decoded.call.leg(&LegTag::A).unwrap();
    assert_eq!(leg.status, Some(LegStatus::Connected));
    let written = serde_json::to_value(&decoded).unwrap();
    assert_eq!(
        written["CallDetails"]["Participants"][0]["ParticipantTag"],
        "LEG-A"
    );
    assert_eq!(
        written["ActionData"]["Parameters"]["ParticipantTag"],
        "LEG-A"
    );

    event["CallDetails"]["Participants"][0]["ParticipantTag"] = json!("LEG-C");
    assert_eq!(
        ok(&event).call.participants[0].tag,
        LegTag::Other("LEG-C".into())
    );
}

#[test]
fn legs_are_found_by_tag_not_position() {
    let mut event = base();
    let leg_b = json!({ "CallId": "call-b", "ParticipantTag": "LEG-B", "To": "+1", "From": "+2",
                        "Status": "Connected" });
    event["CallDetails"]["Participants"]
        .as_array_mut()
        .unwrap()
        .insert(0, leg_b);
    let decoded = ok(&event);
    assert_eq!(
        decoded.call.leg(&LegTag::A).unwrap().call_id.as_str(),
        "call-a"
    );
    assert_eq!(
        decoded.call.leg(&LegTag::B).unwrap().call_id.as_str(),
        "call-b"
    );
    assert_eq!(decoded.call.connected_legs().count(), 2);
}

#[test]
fn non_string_attribute_values_are_stringified() {
    let mut event = base();
    event["CallDetails"]["TransactionAttributes"] = json!({ "count": 3, "ratio": 0.5, "on": true, "none": null, "nested": {"a": [1]}, "s": "x" });
    let attributes = ok(&event).call.transaction_attributes;
    assert_eq!(attributes["count"], "3");
    assert_eq!(attributes["ratio"], "0.5");
    assert_eq!(attributes["on"], "true");
    assert_eq!(attributes["none"], "null");
    assert_eq!(attributes["nested"], r#"{"a":[1]}"#);
    assert_eq!(attributes["s"], "x");
}

#[test]
fn the_call_id_beside_the_type_is_used_when_parameters_lack_it() {
    let mut event = base();
    event["ActionData"]["Type"] = json!("StartBotConversation");
    event["ActionData"]["Parameters"] = json!({ "BotAliasArn": "arn:aws:lex:x" });
    event["ActionData"]["CallId"] = json!("call-a");
    event["ActionData"]["IntentResult"] = json!({ "SessionId": "call-a", "SessionState": {} });
    let data = ok(&event).action_data.unwrap();
    assert_eq!(data.parameters.call_id.unwrap().as_str(), "call-a");
    assert_eq!(data.intent_result.unwrap()["SessionId"], "call-a");
}

#[test]
fn garbage_is_refused_with_the_reason() {
    for bytes in [
        &b""[..],
        b"not json",
        b"{\"a\":",
        b"{} trailing",
        b"\xff\xfe",
    ] {
        let refused = decode_event(bytes).unwrap_err();
        assert!(
            matches!(refused.reason, UnusableReason::NotJson { .. }),
            "{bytes:?}: {refused}"
        );
        assert_eq!(refused.salvage, Salvage::default());
    }
    for bytes in [
        &b"[]"[..],
        b"[{\"Sequence\":1}]",
        b"null",
        b"\"HANGUP\"",
        b"42",
        b"true",
    ] {
        assert_eq!(
            decode_event(bytes).unwrap_err().reason,
            UnusableReason::NotAnObject,
            "{bytes:?}"
        );
    }
    let duplicated = decode_event(br#"{"Sequence":1,"Sequence":2}"#).unwrap_err();
    assert!(
        matches!(duplicated.reason, UnusableReason::Malformed { .. }),
        "{duplicated}"
    );
}

#[test]
fn deep_nesting_neither_overflows_nor_passes_unnoticed() {
    let nest = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // Skipped values are drained without recursion: the event is judged on its fields.
    let mut event = base();
    event["CallDetails"] = json!("placeholder");
    let text = serde_json::to_string(&event)
        .unwrap()
        .replace("\"placeholder\"", &nest(100_000));
    assert_eq!(
        decode_event(text.as_bytes()).unwrap_err().reason,
        invalid("CallDetails")
    );
    // Values that are kept are built with the parser's depth limit.
    let mut attributes = base();
    attributes["CallDetails"]["TransactionAttributes"] = json!({ "deep": "placeholder" });
    let mut intent = base();
    intent["ActionData"]["IntentResult"] = json!("placeholder");
    for event in [attributes, intent] {
        let text = serde_json::to_string(&event)
            .unwrap()
            .replace("\"placeholder\"", &nest(10_000));
        let refused = decode_event(text.as_bytes()).unwrap_err();
        assert!(
            matches!(refused.reason, UnusableReason::NotJson { .. }),
            "{refused}"
        );
    }
}

#[test]
fn each_required_field_is_named_when_missing() {
    let cases: [(&[&str], &str); 11] = [
        (&["SchemaVersion"], "SchemaVersion"),
        (&["Sequence"], "Sequence"),
        (&["InvocationEventType"], "InvocationEventType"),
        (&["CallDetails"], "CallDetails"),
        (
            &["CallDetails", "TransactionId"],
            "CallDetails.TransactionId",
        ),
        (&["CallDetails", "AwsAccountId"], "CallDetails.AwsAccountId"),
        (&["CallDetails", "AwsRegion"], "CallDetails.AwsRegion"),
        (&["CallDetails", "Participants"], "CallDetails.Participants"),
        (&["ActionData", "Type"], "ActionData.Type"),
        (
            &["CallDetails", "Participants", "0", "CallId"],
            "CallDetails.Participants[0].CallId",
        ),
        (
            &["CallDetails", "Participants", "0", "ParticipantTag"],
            "CallDetails.Participants[0].ParticipantTag",
        ),
    ];
    for (pointer, path) in cases {
        let mut event = base();
        let (last, parents) = pointer.split_last().unwrap();
        let mut target = &mut event;
        for key in parents {
            target = match key.parse::<usize>() {
                Ok(index) => &mut target[index],
                Err(_) => &mut target[*key],
            };
        }
        target.as_object_mut().unwrap().remove(*last);
        assert_eq!(reason(&event), missing(path), "{path}");
    }
}

#[test]
fn each_required_field_is_named_when_unusable() {
    let cases = [
        ("/SchemaVersion", json!({"v": 1}), "SchemaVersion"),
        ("/Sequence", json!("four"), "Sequence"),
        ("/Sequence", json!(-4), "Sequence"),
        ("/InvocationEventType", json!(7), "InvocationEventType"),
        ("/CallDetails", json!([]), "CallDetails"),
        (
            "/CallDetails/TransactionId",
            json!(["tx"]),
            "CallDetails.TransactionId",
        ),
        (
            "/CallDetails/Participants",
            json!({}),
            "CallDetails.Participants",
        ),
        (
            "/CallDetails/Participants/0",
            json!("leg"),
            "CallDetails.Participants[0]",
        ),
        (
            "/CallDetails/Participants/0/To",
            json!(true),
            "CallDetails.Participants[0].To",
        ),
        ("/ActionData", json!("PlayAudio"), "ActionData"),
        ("/ActionData/Type", json!({}), "ActionData.Type"),
    ];
    for (pointer, value, path) in cases {
        let mut event = base();
        *event.pointer_mut(pointer).unwrap() = value;
        assert_eq!(reason(&event), invalid(path), "{path}");
    }
}

#[test]
fn a_second_participant_is_named_by_its_index() {
    let mut event = base();
    event["CallDetails"]["Participants"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "ParticipantTag": "LEG-B", "To": "+1", "From": "+2" }));
    assert_eq!(
        reason(&event),
        missing("CallDetails.Participants[1].CallId")
    );
}

#[test]
fn what_can_be_read_of_an_unusable_event_is_salvaged() {
    let mut event = base();
    event["CallDetails"]["Participants"] = json!("nobody");
    let refused = decode(&event).unwrap_err();
    assert_eq!(refused.reason, invalid("CallDetails.Participants"));
    assert_eq!(
        refused.salvage,
        Salvage {
            transaction_id: Some("tx-1".into()),
            sequence: Some(4),
            event_type: Some(EventType::ActionFailed),
        }
    );
    let line = refused.to_string();
    assert!(
        line.contains("invalid field CallDetails.Participants"),
        "{line}"
    );
    assert!(
        line.contains("transaction tx-1") && line.contains("sequence 4"),
        "{line}"
    );

    let mut bare = base();
    bare.as_object_mut().unwrap().remove("CallDetails");
    bare["Sequence"] = json!("x");
    let refused = decode(&bare).unwrap_err();
    assert_eq!(refused.reason, invalid("Sequence"));
    assert_eq!(refused.salvage.transaction_id, None);
    assert_eq!(refused.salvage.event_type, Some(EventType::ActionFailed));
}

#[test]
fn unknown_keys_are_ignored_everywhere() {
    let mut event = base();
    event["Extra"] = json!({"deep": [1, 2, {"x": null}]});
    event["CallDetails"]["Extra"] = json!([]);
    event["CallDetails"]["Participants"][0]["Extra"] = json!(1.5);
    event["ActionData"]["Parameters"]["AudioSource"] = json!({"Type": "S3"});
    assert_eq!(ok(&event), ok(&base()));
}
