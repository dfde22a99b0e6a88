//! `CallDetails`: the full call state the service sends with every event (transaction, stored
//! attributes, legs). Built by the lenient event decoder; legs are found by tag or call id, never
//! by position, because the protocol does not promise an order.

use std::collections::BTreeMap;

use serde::Serialize;

use super::leg::{CallId, LegTag};
use super::vocab::{Direction, LegStatus};

/// The call state that accompanies every event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallDetails {
    /// One id per transaction, the same for all legs and invocations.
    pub transaction_id: String,
    /// The attributes stored by the last response (empty when none were ever set).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub transaction_attributes: BTreeMap<String, String>,
    /// The account that owns the SIP media application.
    pub aws_account_id: String,
    /// The region the SIP media application runs in.
    pub aws_region: String,
    /// The SIP rule that started an inbound transaction (absent for API-created calls).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_rule_id: Option<String>,
    /// The SIP media application (older documents spell the key `SipApplicationId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_media_application_id: Option<String>,
    /// One entry per call leg, in no promised order.
    pub participants: Vec<Participant>,
}

impl CallDetails {
    /// The leg with this role, if it is listed.
    #[must_use]
    pub fn leg(&self, tag: &LegTag) -> Option<&Participant> {
        self.participants.iter().find(|leg| &leg.tag == tag)
    }

    /// The leg with this call id, if it is listed.
    #[must_use]
    pub fn participant(&self, call_id: &str) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|leg| leg.call_id.as_str() == call_id)
    }

    /// The legs the service reports as connected.
    pub fn connected_legs(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|leg| leg.is_connected())
    }

    /// Whether any leg is still connected (after a `HANGUP`, the response only matters then).
    #[must_use]
    pub fn any_connected(&self) -> bool {
        self.connected_legs().next().is_some()
    }
}

/// One call leg.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Participant {
    /// The id actions use to address this leg.
    pub call_id: CallId,
    /// The leg's role.
    #[serde(rename = "ParticipantTag")]
    pub tag: LegTag,
    /// The called party (an E.164 number, a SIP user part, or `SMA` for a meeting leg).
    pub to: String,
    /// The calling party.
    pub from: String,
    /// Which way the leg was set up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// When the leg joined, in epoch milliseconds (sent by the service as a JSON string).
    #[serde(
        rename = "StartTimeInMilliseconds",
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_millis"
    )]
    pub start_time_ms: Option<u64>,
    /// Connected or disconnected; often absent on the first events of a call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LegStatus>,
    /// `X-`/`User-to-User`/`Diversion` headers the leg carried.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sip_headers: BTreeMap<String, String>,
}

impl Participant {
    /// Whether the service reports this leg as connected.
    #[must_use]
    pub fn is_connected(&self) -> bool {
        self.status == Some(LegStatus::Connected)
    }
}

fn serialize_millis<S: serde::Serializer>(
    millis: &Option<u64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match millis {
        Some(millis) => serializer.collect_str(millis),
        None => serializer.serialize_none(),
    }
}
