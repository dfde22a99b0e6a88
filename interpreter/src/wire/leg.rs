//! Call-leg identity: the `CallId` the service gives each leg and the `ParticipantTag` naming its
//! role. Events carry both for every participant; actions address a leg with one of them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The service's identifier of one call leg, stable until that leg ends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CallId(String);

impl CallId {
    /// Wraps a call id as received from the service.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as sent on the wire.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CallId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for CallId {
    fn from(id: &str) -> Self {
        Self::new(id)
    }
}

impl From<String> for CallId {
    fn from(id: String) -> Self {
        Self(id)
    }
}

/// The role of a leg: LEG-A started the transaction, LEG-B was created by the SMA.
///
/// Parsed ignoring ASCII case because one documented example writes `Leg-A`; always sent as
/// `LEG-A`/`LEG-B`. Any other tag is kept verbatim so that it can be logged.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegTag {
    /// `LEG-A`: the inbound caller, or the callee of an API-created outbound call.
    A,
    /// `LEG-B`: the leg created by `CallAndBridge` or `JoinChimeMeeting`.
    B,
    /// Any other tag, kept as received.
    Other(String),
}

impl LegTag {
    /// The spellings the service documents, in the order A, B.
    pub const WIRE: &'static [&'static str] = &["LEG-A", "LEG-B"];

    /// Parses a tag, ignoring ASCII case.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        if text.eq_ignore_ascii_case("LEG-A") {
            Self::A
        } else if text.eq_ignore_ascii_case("LEG-B") {
            Self::B
        } else {
            Self::Other(text.to_owned())
        }
    }

    /// The wire spelling.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::A => "LEG-A",
            Self::B => "LEG-B",
            Self::Other(text) => text,
        }
    }

    /// The wire spelling, borrowed for `LEG-A` and `LEG-B`: for records that outlive the leg.
    #[must_use]
    pub fn to_text(&self) -> std::borrow::Cow<'static, str> {
        match self {
            Self::A => "LEG-A".into(),
            Self::B => "LEG-B".into(),
            Self::Other(text) => text.clone().into(),
        }
    }
}

impl fmt::Display for LegTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for LegTag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for LegTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::parse(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_ignoring_case_and_keep_unknown_ones() {
        assert_eq!(LegTag::parse("Leg-A"), LegTag::A);
        assert_eq!(LegTag::parse("leg-b"), LegTag::B);
        assert_eq!(LegTag::parse("LEG-C"), LegTag::Other("LEG-C".to_owned()));
        assert_eq!(LegTag::parse("Leg-A").as_str(), "LEG-A");
    }
}
