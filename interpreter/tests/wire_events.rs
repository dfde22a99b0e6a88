//! The sample events shipped in `examples/events`: every one decodes, carries the right typed
//! values, and survives a round trip through the encoder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use interpreter::wire::{
    ActionKind, ActionType, Direction, Event, EventType, LegStatus, LegTag, Response, decode_event,
};
use serde_json::Value;

fn repo_events() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/events")
}

fn event_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn is_response(path: &Path) -> bool {
    path.file_name().unwrap().to_string_lossy().starts_with('r')
}

/// The event whose file name starts with `prefix` followed by `-`.
fn sample(prefix: &str) -> Event {
    let file = event_files(&repo_events())
        .into_iter()
        .find(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{prefix}-"))
        })
        .unwrap_or_else(|| panic!("no sample {prefix}"));
    decode_event(&fs::read(file).unwrap()).unwrap()
}

#[test]
fn the_repository_holds_every_sample_and_matches_the_shared_copy() {
    let files = event_files(&repo_events());
    assert_eq!(files.iter().filter(|path| !is_response(path)).count(), 20);
    assert_eq!(files.iter().filter(|path| is_response(path)).count(), 1);
    // Beside the repository on a developer machine and CI; the repository copy is the one the
    // other tests use, so this only checks the two have not drifted apart.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/events");
    if shared.is_dir() {
        for path in event_files(&shared) {
            let ours = repo_events().join(path.file_name().unwrap());
            assert_eq!(
                fs::read(&path).unwrap(),
                fs::read(&ours).unwrap(),
                "{ours:?}"
            );
        }
    }
}

#[test]
fn every_sample_event_decodes_and_round_trips() {
    for path in event_files(&repo_events())
        .into_iter()
        .filter(|p| !is_response(p))
    {
        let bytes = fs::read(&path).unwrap();
        let event = decode_event(&bytes).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let encoded = serde_json::to_vec(&event).unwrap();
        let again = decode_event(&encoded).unwrap();
        assert_eq!(again, event, "{path:?}");

        // What we write is a faithful part of what we read: every key we emit was in the
        // original with the same value (the echoed parameters we do not model are dropped).
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        let written: Value = serde_json::from_slice(&encoded).unwrap();
        assert_subset(&written, &original, &format!("{path:?}"));
    }
}

fn assert_subset(part: &Value, whole: &Value, at: &str) {
    match (part, whole) {
        (Value::Object(part), Value::Object(whole)) => {
            for (key, value) in part {
                let other = whole
                    .get(key)
                    .unwrap_or_else(|| panic!("{at}.{key} was invented"));
                assert_subset(value, other, &format!("{at}.{key}"));
            }
        }
        (Value::Array(part), Value::Array(whole)) => {
            assert_eq!(part.len(), whole.len(), "{at}");
            for (index, (a, b)) in part.iter().zip(whole).enumerate() {
                assert_subset(a, b, &format!("{at}[{index}]"));
            }
        }
        (part, whole) => assert_eq!(part, whole, "{at}"),
    }
}

#[test]
fn events_without_unmodelled_keys_are_reproduced_exactly() {
    for prefix in [
        "e1", "e2", "e3", "e4", "e5", "e12", "e13", "e14", "e15", "e16", "e20",
    ] {
        let path = event_files(&repo_events())
            .into_iter()
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{prefix}-"))
            })
            .unwrap();
        let original: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let event = decode_event(&fs::read(&path).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&event).unwrap(), original, "{prefix}");
    }
}

#[test]
fn a_new_inbound_call_has_one_inbound_leg_a_without_status() {
    let event = sample("e1");
    assert_eq!(event.schema_version, "1.0");
    assert_eq!(event.sequence, 1);
    assert_eq!(event.event_type, EventType::NewInboundCall);
    assert!(event.action_data.is_none());
    assert!(event.error.is_none());
    let call = &event.call;
    assert_eq!(call.transaction_id, "3b1a6f0e-7c2d-4e55-9a41-0d8e2f6b9c10");
    assert!(call.transaction_attributes.is_empty());
    assert_eq!(call.aws_region, "us-east-1");
    assert_eq!(
        call.sip_rule_id.as_deref(),
        Some("a7f3c2d1-5b6e-4f80-9c1d-2e3f4a5b6c7d")
    );
    let leg_a = call.leg(&LegTag::A).unwrap();
    assert_eq!(
        leg_a.call_id.as_str(),
        "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    );
    assert_eq!(leg_a.from, "+14255550199");
    assert_eq!(leg_a.direction, Some(Direction::Inbound));
    assert_eq!(leg_a.start_time_ms, Some(1_717_171_717_123));
    assert_eq!(leg_a.status, None);
    assert!(call.leg(&LegTag::B).is_none());
    assert!(!call.any_connected());
}

#[test]
fn sip_headers_of_a_voice_connector_call_are_kept() {
    let event = sample("e2");
    let leg = event.call.leg(&LegTag::A).unwrap();
    assert_eq!(leg.sip_headers["X-Account-Id"], "ACME-42");
    assert_eq!(leg.sip_headers["User-to-User"], "616d617a6f6e;encoding=hex");
    assert_eq!(leg.sip_headers.len(), 3);
    assert_eq!(leg.status, Some(LegStatus::Connected));
}

#[test]
fn an_outbound_call_carries_its_api_arguments_and_no_sip_rule() {
    let event = sample("e3");
    assert_eq!(event.event_type, EventType::NewOutboundCall);
    assert!(event.call.sip_rule_id.is_none());
    let data = event.action_data.unwrap();
    assert_eq!(data.action_type, ActionType::CallUpdateRequest);
    assert_eq!(data.parameters.arguments["CampaignId"], "spring-reminders");
    assert_eq!(sample("e4").event_type, EventType::Ringing);
    let answered = sample("e5");
    assert_eq!(answered.event_type, EventType::CallAnswered);
    assert!(answered.call.leg(&LegTag::A).unwrap().is_connected());
}

#[test]
fn collected_digits_arrive_with_the_action_that_collected_them() {
    let event = sample("e6");
    assert_eq!(event.event_type, EventType::ActionSuccessful);
    let data = event.action_data.unwrap();
    assert_eq!(data.kind(), Some(ActionKind::PlayAudioAndGetDigits));
    assert_eq!(data.received_digits.as_deref(), Some("2"));
    assert_eq!(
        data.parameters.call_id.unwrap().as_str(),
        "9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    );
    assert_eq!(event.call.transaction_attributes["state"], "main-menu");

    let armed = sample("e10").action_data.unwrap();
    assert_eq!(armed.kind(), Some(ActionKind::ReceiveDigits));
    assert_eq!(armed.received_digits.as_deref(), Some(""));
    let matched = sample("e11");
    assert_eq!(matched.event_type, EventType::DigitsReceived);
    assert_eq!(
        matched.action_data.unwrap().received_digits.as_deref(),
        Some("*5")
    );
}

#[test]
fn a_bridge_shows_both_legs_and_its_failure_shows_the_error_in_action_data() {
    let bridged = sample("e7");
    assert_eq!(
        bridged.action_data.unwrap().kind(),
        Some(ActionKind::CallAndBridge)
    );
    let connected: Vec<_> = bridged
        .call
        .connected_legs()
        .map(|leg| leg.tag.clone())
        .collect();
    assert_eq!(connected, [LegTag::A, LegTag::B]);
    let leg_b = bridged
        .call
        .participant("4f3e2d1c-0b9a-4887-9766-554433221100")
        .unwrap();
    assert_eq!(leg_b.tag, LegTag::B);
    assert_eq!(leg_b.direction, Some(Direction::Outbound));
    assert_eq!(bridged.call.transaction_attributes.len(), 2);

    let failed = sample("e8");
    assert_eq!(failed.event_type, EventType::ActionFailed);
    let error = failed.error.unwrap();
    assert_eq!(error.error_type.as_deref(), Some("CallNotAnswered"));
    assert_eq!(error.message.as_deref(), Some("Call not answered"));
    assert_eq!(failed.call.participants.len(), 1);

    let bad_audio = sample("e9").error.unwrap();
    assert_eq!(bad_audio.error_type.as_deref(), Some("InvalidAudioSource"));
}

#[test]
fn hangups_name_the_leg_that_went_away_and_its_sip_code() {
    let first = sample("e12");
    assert_eq!(first.event_type, EventType::Hangup);
    let params = &first.action_data.as_ref().unwrap().parameters;
    assert_eq!(params.participant_tag, Some(LegTag::A));
    assert_eq!(params.sip_response_code, Some(0));
    assert!(!first.call.leg(&LegTag::A).unwrap().is_connected());
    assert!(first.call.any_connected());

    let last = sample("e13");
    assert_eq!(
        last.action_data.unwrap().parameters.participant_tag,
        Some(LegTag::B)
    );
    assert!(!last.call.any_connected());

    let busy = sample("e14");
    assert_eq!(
        busy.action_data.unwrap().parameters.sip_response_code,
        Some(486)
    );

    let own = sample("e20");
    assert_eq!(own.sequence, 2);
    assert_eq!(
        own.call.transaction_attributes,
        BTreeMap::from([("key1".into(), "val1".into())])
    );
}

#[test]
fn an_invalid_response_event_has_its_error_at_the_top_level() {
    let event = sample("e15");
    assert_eq!(event.event_type, EventType::InvalidLambdaResponse);
    assert!(event.action_data.is_none());
    let error = event.error.unwrap();
    assert_eq!(
        error.error_type.as_deref(),
        Some("TransactionAttributesInvalidMapSize")
    );
    assert!(
        error
            .message
            .unwrap()
            .contains("Maximum number of mappings is 10")
    );
}

#[test]
fn updates_interruptions_and_recordings_carry_their_data() {
    let update = sample("e16");
    assert_eq!(update.event_type, EventType::CallUpdateRequested);
    let data = update.action_data.unwrap();
    assert_eq!(data.action_type, ActionType::CallUpdateRequest);
    assert_eq!(data.parameters.arguments["action"], "StartRecording");
    assert_eq!(data.parameters.arguments["requestedBy"], "agent-17");

    let interrupted = sample("e17");
    assert_eq!(interrupted.event_type, EventType::ActionInterrupted);
    assert_eq!(
        interrupted.action_data.unwrap().kind(),
        Some(ActionKind::PlayAudio)
    );

    let recording = sample("e18").action_data.unwrap();
    assert_eq!(recording.kind(), Some(ActionKind::StartCallRecording));
    let location = recording.call_recording_destination.unwrap();
    assert_eq!(location.storage_type.as_deref(), Some("S3"));
    assert!(
        location
            .location
            .unwrap()
            .starts_with("call-recordings-123456789012/support/2024/")
    );

    let voicemail = sample("e19").action_data.unwrap();
    let file = voicemail.recording_destination.unwrap();
    assert_eq!(file.bucket_name.as_deref(), Some("voicemail-123456789012"));
    assert_eq!(
        file.key.as_deref(),
        Some("inbox/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d.wav")
    );
    assert_eq!(voicemail.recording_terminator_used.as_deref(), Some("#"));
}

#[test]
fn the_sample_response_decodes_validates_and_round_trips() {
    let path = repo_events().join("r1-response-to-e1.json");
    let bytes = fs::read(path).unwrap();
    let response: Response = serde_json::from_slice(&bytes).unwrap();
    let kinds: Vec<_> = response.actions().iter().map(|a| a.kind()).collect();
    assert_eq!(
        kinds,
        [ActionKind::Pause, ActionKind::PlayAudioAndGetDigits]
    );
    assert_eq!(
        response.transaction_attributes().unwrap()["state"],
        "main-menu"
    );
    for action in response.actions() {
        action.validate().unwrap();
    }
    let original: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), original);
    let again: Response = serde_json::from_value(original).unwrap();
    assert_eq!(again, response);
}
