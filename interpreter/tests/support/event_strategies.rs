//! Proptest strategies for events the encoder can write (so that decoding gives them back).
#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::BTreeMap;

use interpreter::wire::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Events.

pub fn tag() -> impl Strategy<Value = LegTag> {
    prop_oneof![
        Just(LegTag::A),
        Just(LegTag::B),
        "LEG-[C-Z]".prop_map(LegTag::Other)
    ]
}

pub fn string_map() -> impl Strategy<Value = BTreeMap<String, String>> {
    btree_map(".{0,10}", ".{0,10}", 0..3)
}

pub fn participant() -> impl Strategy<Value = Participant> {
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

pub fn action_type() -> impl Strategy<Value = ActionType> {
    prop_oneof![
        select(ActionKind::ALL).prop_map(ActionType::Known),
        Just(ActionType::CallUpdateRequest),
        "[A-Z][a-z]{2,10}Legacy".prop_map(ActionType::Other),
    ]
}

pub fn action_data() -> impl Strategy<Value = ActionData> {
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
                others: Default::default(),
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

pub fn action_error() -> impl Strategy<Value = ActionError> {
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

pub fn event_type() -> impl Strategy<Value = EventType> {
    prop_oneof![
        select(EventType::KNOWN.to_vec()),
        "[A-Z]{3,8}_EVENT".prop_map(EventType::Unknown),
    ]
}

pub fn event() -> impl Strategy<Value = Event> {
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
