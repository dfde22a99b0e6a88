//! Hand-made variations on an event: what the lenient decoder tolerates, how it merges the
//! error forms, and why it refuses what it refuses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "support/base_event.rs"]
mod base_event;

use base_event::{base, ok};
use interpreter::wire::{ActionKind, ActionType, EventType, LegStatus, LegTag, decode_event};
use serde_json::{Value, json};

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
fn unknown_keys_are_ignored_everywhere() {
    let mut event = base();
    event["Extra"] = json!({"deep": [1, 2, {"x": null}]});
    event["CallDetails"]["Extra"] = json!([]);
    event["CallDetails"]["Participants"][0]["Extra"] = json!(1.5);
    event["ActionData"]["Parameters"]["AudioSource"] = json!({"Type": "S3"});
    let mut decoded = ok(&event);
    // The action's other echoed parameters are kept as sent (they tell apart two actions of one
    // type on one leg); nothing else is read.
    let others = decoded
        .action_data
        .as_mut()
        .map(|d| std::mem::take(&mut d.parameters.others))
        .unwrap_or_default();
    assert_eq!(others.get("AudioSource"), Some(&json!({"Type": "S3"})));
    assert_eq!(decoded, ok(&base()));
}
