//! Lenient decoding of invocation bytes into an [`Event`]: the entry point of every invocation.
//!
//! One pass of derived serde over mirror structs made only of [`lax`](crate::wire::lax) fields,
//! then a conversion that insists only on the fields the runtime cannot do without and names the
//! first one that is missing or unusable. Optional fields with unusable values are dropped.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::error::Category;

use super::unusable::{FieldPath, Salvage, UnusableEvent, UnusableReason};
use super::{Event, EventType};
use crate::wire::action_data::{
    ActionData, ActionError, ActionType, EchoedParameters, RecordedFile, RecordingLocation,
};
use crate::wire::call::{CallDetails, Participant};
use crate::wire::lax::{Lax, LaxList, LaxMap, LaxObject, Scalar, Slot, Stringified};
use crate::wire::leg::{CallId, LegTag};
use crate::wire::vocab::{Direction, LegStatus};

/// Decodes one invocation. Never panics and never gives up silently: either an [`Event`] or an
/// [`UnusableEvent`] saying why, with the transaction id, sequence and event type when readable.
///
/// # Errors
///
/// When the bytes are not a JSON object, or a field the runtime needs (`SchemaVersion`,
/// `Sequence`, `InvocationEventType`, `CallDetails` with its ids and participants,
/// `ActionData.Type` when `ActionData` is present) is missing or unusable.
pub fn decode_event(bytes: &[u8]) -> Result<Event, UnusableEvent> {
    let raw = match serde_json::from_slice::<LaxObject<RawEvent>>(bytes) {
        Ok(LaxObject(Slot::Valid(raw))) => raw,
        Ok(LaxObject(Slot::Missing | Slot::Invalid)) => {
            return Err(unusable(UnusableReason::NotAnObject, Salvage::default()));
        }
        Err(error) => {
            let detail = error.to_string();
            let reason = match error.classify() {
                Category::Data => UnusableReason::Malformed { detail },
                Category::Io | Category::Syntax | Category::Eof => {
                    UnusableReason::NotJson { detail }
                }
            };
            return Err(unusable(reason, salvage(bytes)));
        }
    };
    convert(raw).map_err(|reason| unusable(reason, salvage(bytes)))
}

fn unusable(reason: UnusableReason, salvage: Salvage) -> UnusableEvent {
    UnusableEvent { reason, salvage }
}

/// Reads the identifying fields again on the failure path only, so the happy path pays nothing.
fn salvage(bytes: &[u8]) -> Salvage {
    #[derive(Default, Deserialize)]
    #[serde(default, rename_all = "PascalCase")]
    struct Ids {
        sequence: Lax<u64>,
        invocation_event_type: Lax<EventType>,
        call_details: LaxObject<Transaction>,
    }
    #[derive(Default, Deserialize)]
    #[serde(default, rename_all = "PascalCase")]
    struct Transaction {
        transaction_id: Lax<String>,
    }

    match serde_json::from_slice::<LaxObject<Ids>>(bytes) {
        Ok(LaxObject(Slot::Valid(ids))) => Salvage {
            transaction_id: ids
                .call_details
                .0
                .ok()
                .and_then(|t| t.transaction_id.0.ok()),
            sequence: ids.sequence.0.ok(),
            event_type: ids.invocation_event_type.0.ok(),
        },
        Ok(_) | Err(_) => Salvage::default(),
    }
}

impl Scalar for EventType {
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::parse(text))
    }
}

impl Scalar for ActionType {
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::parse(text))
    }
}

impl Scalar for LegTag {
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::parse(text))
    }
}

impl Scalar for CallId {
    fn from_text(text: &str) -> Option<Self> {
        Some(Self::new(text))
    }
}

impl Scalar for Direction {
    fn from_text(text: &str) -> Option<Self> {
        Self::parse_ignore_case(text)
    }
}

impl Scalar for LegStatus {
    fn from_text(text: &str) -> Option<Self> {
        Self::parse_ignore_case(text)
    }
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawEvent {
    schema_version: Lax<String>,
    sequence: Lax<u64>,
    invocation_event_type: Lax<EventType>,
    call_details: LaxObject<RawCallDetails>,
    action_data: LaxObject<RawActionData>,
    // The error fields may sit here or inside `ActionData`. They are repeated rather than
    // flattened because `flatten` buffers every unknown key of the object.
    error_type: Lax<String>,
    error_message: Lax<String>,
    error: Lax<String>,
    error_list: LaxList<Stringified>,
}

/// The error fields of either place.
struct RawError {
    error_type: Lax<String>,
    error_message: Lax<String>,
    error: Lax<String>,
    error_list: LaxList<Stringified>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawCallDetails {
    transaction_id: Lax<String>,
    transaction_attributes: LaxMap,
    aws_account_id: Lax<String>,
    aws_region: Lax<String>,
    sip_rule_id: Lax<String>,
    sip_media_application_id: Lax<String>,
    sip_application_id: Lax<String>,
    participants: LaxList<LaxObject<RawParticipant>>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawParticipant {
    call_id: Lax<CallId>,
    participant_tag: Lax<LegTag>,
    to: Lax<String>,
    from: Lax<String>,
    direction: Lax<Direction>,
    start_time_in_milliseconds: Lax<u64>,
    status: Lax<LegStatus>,
    sip_headers: LaxMap,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawActionData {
    #[serde(rename = "Type")]
    action_type: Lax<ActionType>,
    parameters: LaxObject<RawParameters>,
    /// One document puts the call id beside `Type` rather than in `Parameters`.
    call_id: Lax<CallId>,
    received_digits: Lax<String>,
    call_recording_destination: LaxObject<RawLocation>,
    recording_destination: LaxObject<RawFile>,
    recording_terminator_used: Lax<String>,
    intent_result: Option<serde_json::Value>,
    error_type: Lax<String>,
    error_message: Lax<String>,
    error: Lax<String>,
    error_list: LaxList<Stringified>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawParameters {
    call_id: Lax<CallId>,
    participant_tag: Lax<LegTag>,
    sip_response_code: Lax<u16>,
    arguments: LaxMap,
    #[serde(flatten)]
    others: BTreeMap<String, serde_json::Value>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawFile {
    #[serde(rename = "Type")]
    storage_type: Lax<String>,
    bucket_name: Lax<String>,
    key: Lax<String>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
struct RawLocation {
    #[serde(rename = "Type")]
    storage_type: Lax<String>,
    location: Lax<String>,
}

fn required<T>(slot: Slot<T>, path: impl FnOnce() -> String) -> Result<T, UnusableReason> {
    match slot {
        Slot::Valid(value) => Ok(value),
        Slot::Missing => Err(UnusableReason::MissingField(FieldPath::new(path()))),
        Slot::Invalid => Err(UnusableReason::InvalidField(FieldPath::new(path()))),
    }
}

fn convert(raw: RawEvent) -> Result<Event, UnusableReason> {
    let schema_version = required(raw.schema_version.0, || "SchemaVersion".into())?;
    let sequence = required(raw.sequence.0, || "Sequence".into())?;
    let event_type = required(raw.invocation_event_type.0, || "InvocationEventType".into())?;
    let call = convert_call(required(raw.call_details.0, || "CallDetails".into())?)?;
    let top_error = convert_error(RawError {
        error_type: raw.error_type,
        error_message: raw.error_message,
        error: raw.error,
        error_list: raw.error_list,
    });
    let (action_data, error) = match raw.action_data.0 {
        Slot::Missing => (None, top_error),
        Slot::Invalid => return Err(UnusableReason::InvalidField(FieldPath::new("ActionData"))),
        Slot::Valid(data) => {
            let (data, inner_error) = convert_action_data(data)?;
            (Some(data), merge(inner_error, top_error))
        }
    };
    Ok(Event {
        schema_version,
        sequence,
        event_type,
        call,
        action_data,
        error,
    })
}

fn convert_call(raw: RawCallDetails) -> Result<CallDetails, UnusableReason> {
    let transaction_id = required(raw.transaction_id.0, || "CallDetails.TransactionId".into())?;
    let aws_account_id = required(raw.aws_account_id.0, || "CallDetails.AwsAccountId".into())?;
    let aws_region = required(raw.aws_region.0, || "CallDetails.AwsRegion".into())?;
    let entries = required(raw.participants.0, || "CallDetails.Participants".into())?;
    let participants = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let at = || format!("CallDetails.Participants[{index}]");
            match entry.0 {
                Slot::Valid(raw) => convert_participant(raw, at),
                Slot::Missing | Slot::Invalid => {
                    Err(UnusableReason::InvalidField(FieldPath::new(at())))
                }
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CallDetails {
        transaction_id,
        transaction_attributes: raw.transaction_attributes.or_empty(),
        aws_account_id,
        aws_region,
        sip_rule_id: raw.sip_rule_id.0.ok(),
        sip_media_application_id: raw
            .sip_media_application_id
            .0
            .ok()
            .or_else(|| raw.sip_application_id.0.ok()),
        participants,
    })
}

fn convert_participant(
    raw: RawParticipant,
    at: impl Fn() -> String,
) -> Result<Participant, UnusableReason> {
    Ok(Participant {
        call_id: required(raw.call_id.0, || format!("{}.CallId", at()))?,
        tag: required(raw.participant_tag.0, || format!("{}.ParticipantTag", at()))?,
        to: required(raw.to.0, || format!("{}.To", at()))?,
        from: required(raw.from.0, || format!("{}.From", at()))?,
        direction: raw.direction.0.ok(),
        start_time_ms: raw.start_time_in_milliseconds.0.ok(),
        status: raw.status.0.ok(),
        sip_headers: raw.sip_headers.or_empty(),
    })
}

fn convert_action_data(
    raw: RawActionData,
) -> Result<(ActionData, Option<ActionError>), UnusableReason> {
    let action_type = required(raw.action_type.0, || "ActionData.Type".into())?;
    let params = raw.parameters.0.ok().unwrap_or_default();
    let parameters = EchoedParameters {
        call_id: params.call_id.0.ok().or_else(|| raw.call_id.0.ok()),
        participant_tag: params.participant_tag.0.ok(),
        sip_response_code: params.sip_response_code.0.ok(),
        arguments: params.arguments.or_empty(),
        others: params.others,
    };
    let data = ActionData {
        action_type,
        parameters,
        received_digits: raw.received_digits.0.ok(),
        call_recording_destination: raw.call_recording_destination.0.ok().map(|raw| {
            RecordingLocation {
                storage_type: raw.storage_type.0.ok(),
                location: raw.location.0.ok(),
            }
        }),
        recording_destination: raw.recording_destination.0.ok().map(|raw| RecordedFile {
            storage_type: raw.storage_type.0.ok(),
            bucket_name: raw.bucket_name.0.ok(),
            key: raw.key.0.ok(),
        }),
        recording_terminator_used: raw.recording_terminator_used.0.ok(),
        intent_result: raw.intent_result,
    };
    let error = convert_error(RawError {
        error_type: raw.error_type,
        error_message: raw.error_message,
        error: raw.error,
        error_list: raw.error_list,
    });
    Ok((data, error))
}

fn convert_error(raw: RawError) -> Option<ActionError> {
    let explicit = ActionError {
        error_type: raw.error_type.0.ok(),
        message: raw.error_message.0.ok(),
        details: raw
            .error_list
            .0
            .ok()
            .unwrap_or_default()
            .into_iter()
            .map(|Stringified(text)| text)
            .collect(),
    };
    let single = raw
        .error
        .0
        .ok()
        .map(|text| ActionError::from_single(&text))
        .unwrap_or_default();
    let error = explicit.or(single);
    (!error.is_empty()).then_some(error)
}

/// `ActionData`'s own error fields win; the top-level ones fill the gaps.
fn merge(inner: Option<ActionError>, top: Option<ActionError>) -> Option<ActionError> {
    match (inner, top) {
        (Some(inner), Some(top)) => Some(inner.or(top)),
        (inner, top) => inner.or(top),
    }
}
