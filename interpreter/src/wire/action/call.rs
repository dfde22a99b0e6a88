//! Actions on the call itself: bridge to a new leg, hang up, wait, and noise reduction.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::media::{AudioSource, RINGBACK_TONE};
use super::params::{ParamList, Parameters};
use super::target::Target;
use crate::wire::leg::CallId;
use crate::wire::limits::ParamValue;
use crate::wire::vocab::{BridgeEndpointType, HangupCode};

/// `CallAndBridge`: dial LEG-B and bridge it to the current leg. Reports its result at once
/// (`ACTION_SUCCESSFUL` when B answers, `ACTION_FAILED` otherwise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallAndBridge {
    /// How long B may ring (default 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_timeout_seconds: Option<u32>,
    /// The caller id B sees: a number of this account, or LEG-A's own `From`.
    pub caller_id_number: String,
    /// The far end; exactly one.
    pub endpoints: Vec<BridgeEndpoint>,
    /// Played to A while B rings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ringback_tone: Option<AudioSource>,
    /// Headers for B's INVITE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_headers: Option<BTreeMap<String, String>>,
}

impl Parameters for CallAndBridge {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.opt_int("CallTimeoutSeconds", self.call_timeout_seconds);
        out.text("CallerIdNumber", &self.caller_id_number);
        out.push("Endpoints", ParamValue::Items(self.endpoints.len()));
        for endpoint in &self.endpoints {
            out.text(
                "Endpoints.BridgeEndpointType",
                endpoint.endpoint_type().as_str(),
            );
            // The kind of item is a parameter of its own so that its fields can be required.
            match endpoint {
                BridgeEndpoint::Pstn { uri } => {
                    out.object("Endpoints[PSTN]");
                    out.text("Endpoints[PSTN].Uri", uri);
                }
                BridgeEndpoint::Aws { uri, arn } => {
                    out.object("Endpoints[AWS]");
                    out.text("Endpoints[AWS].Uri", uri);
                    out.text("Endpoints[AWS].Arn", arn);
                }
            }
        }
        if let Some(tone) = &self.ringback_tone {
            tone.collect(&RINGBACK_TONE, out);
        }
        out.opt_map("SipHeaders", self.sip_headers.as_ref());
    }
}

/// The far end of a `CallAndBridge`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BridgeEndpoint {
    /// A phone number.
    Pstn {
        /// E.164 number.
        uri: String,
    },
    /// A Voice Connector or Voice Connector group.
    Aws {
        /// The user part of the Request-URI.
        uri: String,
        /// The Voice Connector (group) ARN.
        arn: String,
    },
}

impl BridgeEndpoint {
    /// A phone number.
    pub fn pstn(uri: impl Into<String>) -> Self {
        Self::Pstn { uri: uri.into() }
    }

    /// `BridgeEndpointType`.
    #[must_use]
    pub fn endpoint_type(&self) -> BridgeEndpointType {
        match self {
            Self::Pstn { .. } => BridgeEndpointType::Pstn,
            Self::Aws { .. } => BridgeEndpointType::Aws,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct EndpointOut<'a> {
    bridge_endpoint_type: BridgeEndpointType,
    uri: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    arn: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct EndpointIn {
    bridge_endpoint_type: BridgeEndpointType,
    uri: String,
    arn: Option<String>,
}

impl Serialize for BridgeEndpoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (uri, arn) = match self {
            Self::Pstn { uri } => (uri.as_str(), None),
            Self::Aws { uri, arn } => (uri.as_str(), Some(arn.as_str())),
        };
        EndpointOut {
            bridge_endpoint_type: self.endpoint_type(),
            uri,
            arn,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for BridgeEndpoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = EndpointIn::deserialize(deserializer)?;
        match (wire.bridge_endpoint_type, wire.arn) {
            (BridgeEndpointType::Pstn, None) => Ok(Self::Pstn { uri: wire.uri }),
            (BridgeEndpointType::Aws, Some(arn)) => Ok(Self::Aws { uri: wire.uri, arn }),
            (BridgeEndpointType::Pstn, Some(_)) => {
                Err(de::Error::custom("a PSTN endpoint takes no Arn"))
            }
            (BridgeEndpointType::Aws, None) => Err(de::Error::missing_field("Arn")),
        }
    }
}

/// `Hangup`: end a leg. Reports its result at once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Hangup {
    /// The leg (default: the invoking leg).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// The SIP code sent (default `"0"`, normal clearing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sip_response_code: Option<HangupCode>,
}

impl Parameters for Hangup {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.opt_text(
            "SipResponseCode",
            self.sip_response_code.map(HangupCode::as_str),
        );
    }
}

/// `Pause`: wait. Interruptible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Pause {
    /// The leg (default: the invoking leg).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// How long.
    pub duration_in_milliseconds: u32,
}

impl Parameters for Pause {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.int("DurationInMilliseconds", self.duration_in_milliseconds);
    }
}

/// `VoiceFocus`: turn noise reduction on a leg on or off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VoiceFocus {
    /// The leg.
    pub call_id: CallId,
    /// On or off.
    pub enable: bool,
}

impl Parameters for VoiceFocus {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
        out.push("Enable", ParamValue::Bool(self.enable));
    }
}
