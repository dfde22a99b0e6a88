//! Closed vocabularies of the SMA protocol: each enum's wire spellings are written once here and
//! reused by the encoder, the strict decoder, the lenient event decoder and the limits table
//! (through `WIRE`), so an allowed-values list can never drift from the type.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};

/// A string that is not one of the spellings of a closed protocol vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{got:?} is not a {vocabulary} (expected one of: {expected})")]
pub struct UnknownWireName {
    /// The vocabulary, e.g. `Engine`.
    pub vocabulary: &'static str,
    /// The allowed spellings, comma separated.
    pub expected: String,
    /// What was given.
    pub got: String,
}

/// Defines a fieldless enum together with its wire spellings, `ALL`, `WIRE`, `as_str`, parsing,
/// `Display`, `FromStr` and exact-spelling serde.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// Every wire spelling, in declaration order (the allowed values of the limits table).
            pub const WIRE: &'static [&'static str] = &[$($wire),+];

            /// The exact wire spelling.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $wire ),+
                }
            }

            /// Parses the exact wire spelling.
            #[must_use]
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $( $wire => Some(Self::$variant), )+
                    _ => None,
                }
            }

            /// Parses a wire spelling ignoring ASCII case (for lenient event decoding).
            #[must_use]
            pub fn parse_ignore_case(text: &str) -> Option<Self> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str().eq_ignore_ascii_case(text))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::wire::vocab::UnknownWireName;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse(text).ok_or_else(|| $crate::wire::vocab::UnknownWireName {
                    vocabulary: stringify!($name),
                    expected: Self::WIRE.join(", "),
                    got: text.to_owned(),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire::vocab::deserialize_name(deserializer)
            }
        }
    };
}
pub(crate) use wire_enum;

/// Deserialises any `FromStr` vocabulary from a JSON string, without requiring a borrowed string.
pub(crate) fn deserialize_name<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = UnknownWireName>,
{
    struct NameVisitor<T>(std::marker::PhantomData<T>);

    impl<T: FromStr<Err = UnknownWireName>> Visitor<'_> for NameVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            text.parse().map_err(E::custom)
        }
    }

    deserializer.deserialize_str(NameVisitor(std::marker::PhantomData))
}

wire_enum! {
    /// Which way a call leg was set up, seen from the service.
    pub enum Direction {
        /// The call arrived at the service.
        Inbound => "Inbound",
        /// The service placed the call.
        Outbound => "Outbound",
    }
}

wire_enum! {
    /// Whether a call leg is still up.
    pub enum LegStatus {
        /// The leg is up.
        Connected => "Connected",
        /// The leg has gone away.
        Disconnected => "Disconnected",
    }
}

wire_enum! {
    /// Where audio is read from or written to; S3 is the only documented store.
    #[derive(Default)]
    pub enum StorageType {
        /// Amazon S3.
        #[default]
        S3 => "S3",
    }
}

wire_enum! {
    /// The Amazon Polly engine for `Speak` and `SpeakAndGetDigits`.
    pub enum Engine {
        /// The standard engine (protocol default).
        Standard => "standard",
        /// The neural engine.
        Neural => "neural",
    }
}

wire_enum! {
    /// How `Speak` text is interpreted.
    pub enum TextType {
        /// Plain text (protocol default).
        Text => "text",
        /// SSML markup.
        Ssml => "ssml",
    }
}

wire_enum! {
    /// Which side of a leg `StartCallRecording` records.
    pub enum Track {
        /// Both directions, stereo.
        Both => "BOTH",
        /// What the leg's party says.
        Incoming => "INCOMING",
        /// What the leg's party hears.
        Outgoing => "OUTGOING",
    }
}

wire_enum! {
    /// What `ModifyChimeMeetingAttendees` does to the listed attendees.
    pub enum MeetingOperation {
        /// Mute them.
        Mute => "Mute",
        /// Unmute them.
        Unmute => "Unmute",
    }
}

wire_enum! {
    /// The kind of far end `CallAndBridge` dials.
    pub enum BridgeEndpointType {
        /// A phone number.
        Pstn => "PSTN",
        /// A Voice Connector or Voice Connector group.
        Aws => "AWS",
    }
}

wire_enum! {
    /// The SIP response code a `Hangup` action sends (documented values only).
    pub enum HangupCode {
        /// Normal clearing (protocol default).
        Normal => "0",
        /// Temporarily unavailable.
        Unavailable => "480",
        /// Busy here.
        Busy => "486",
    }
}

wire_enum! {
    /// The Lex dialog action that starts a bot conversation.
    pub enum DialogActionType {
        /// Let the bot pick the intent.
        Delegate => "Delegate",
        /// Ask the caller for an intent (required with welcome messages).
        ElicitIntent => "ElicitIntent",
    }
}

wire_enum! {
    /// The format of a Lex welcome message.
    pub enum WelcomeContentType {
        /// Plain text.
        PlainText => "PlainText",
        /// SSML markup.
        Ssml => "SSML",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_unknown_names_are_refused() {
        for engine in Engine::ALL {
            assert_eq!(engine.as_str().parse::<Engine>(), Ok(*engine));
        }
        let refused = "fast".parse::<Engine>();
        assert!(matches!(
            refused,
            Err(UnknownWireName {
                vocabulary: "Engine",
                ..
            })
        ));
        assert_eq!(Track::parse_ignore_case("both"), Some(Track::Both));
        assert_eq!(Track::parse("both"), None);
        assert_eq!(HangupCode::WIRE, ["0", "480", "486"]);
    }
}
