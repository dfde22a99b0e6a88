//! The response envelope: the last step of every invocation. A [`Response`] can only be built
//! valid (action count, every action's limits, attribute sizes), so whatever the step function
//! produces encodes to something the service accepts.

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::action::{Action, ActionKind};
use super::limits::{LimitViolation, MAX_ACTIONS, MAX_ATTRIBUTE_CHARS, MAX_ATTRIBUTE_PAIRS};

/// The only protocol version; a response must echo it.
pub const SCHEMA_VERSION: &str = "1.0";

/// The call state a response stores with the service (replacing what was stored before).
pub type TransactionAttributes = BTreeMap<String, String>;

/// Why a response could not be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// More actions than the service accepts.
    #[error("a response may carry at most {MAX_ACTIONS} actions, got {count}")]
    TooManyActions {
        /// How many were given.
        count: usize,
    },
    /// An action breaks its limits.
    #[error("action {index} ({kind}) is invalid: {}", join(violations))]
    InvalidAction {
        /// Its position in the list.
        index: usize,
        /// Its type.
        kind: ActionKind,
        /// Every violation.
        violations: Vec<LimitViolation>,
    },
    /// More attribute pairs than the service accepts.
    #[error("TransactionAttributes may hold at most {MAX_ATTRIBUTE_PAIRS} pairs, got {count}")]
    TooManyAttributes {
        /// How many were given.
        count: usize,
    },
    /// An attribute key is too long.
    #[error(
        "TransactionAttributes key {key:?} has {chars} characters, at most {MAX_ATTRIBUTE_CHARS} are allowed"
    )]
    AttributeKeyTooLong {
        /// The key (cut to 60 characters).
        key: String,
        /// Its length.
        chars: usize,
    },
    /// An attribute value is too long.
    #[error(
        "TransactionAttributes value of {key:?} has {chars} characters, at most {MAX_ATTRIBUTE_CHARS} are allowed"
    )]
    AttributeValueTooLong {
        /// The key (cut to 60 characters).
        key: String,
        /// The value's length.
        chars: usize,
    },
}

fn join(violations: &[LimitViolation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A valid answer to one SMA invocation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    actions: Vec<Action>,
    transaction_attributes: Option<TransactionAttributes>,
}

impl Response {
    /// `{"SchemaVersion":"1.0","Actions":[]}`: keep (or, after a completed list, stop) the
    /// running actions and leave the stored attributes as they are.
    #[must_use]
    pub fn empty() -> Self {
        Self::default()
    }

    /// A response with these actions and, when given, a replacement attribute map.
    ///
    /// # Errors
    ///
    /// The first envelope limit broken: too many actions, an invalid action (with all its
    /// violations), too many attributes, or an attribute key or value that is too long.
    pub fn new(
        actions: Vec<Action>,
        transaction_attributes: Option<TransactionAttributes>,
    ) -> Result<Self, EnvelopeError> {
        if actions.len() > MAX_ACTIONS {
            return Err(EnvelopeError::TooManyActions {
                count: actions.len(),
            });
        }
        for (index, action) in actions.iter().enumerate() {
            action
                .validate()
                .map_err(|violations| EnvelopeError::InvalidAction {
                    index,
                    kind: action.kind(),
                    violations,
                })?;
        }
        if let Some(attributes) = &transaction_attributes {
            check_attributes(attributes)?;
        }
        Ok(Self {
            actions,
            transaction_attributes,
        })
    }

    /// The same actions with another attribute map (a seal added to it, say): only the new
    /// attributes are checked, since the actions were checked when the response was built.
    ///
    /// # Errors
    ///
    /// Too many attributes, or an attribute key or value that is too long.
    pub fn with_attributes(self, attributes: TransactionAttributes) -> Result<Self, EnvelopeError> {
        check_attributes(&attributes)?;
        Ok(Self {
            transaction_attributes: Some(attributes),
            ..self
        })
    }

    /// The actions, in order.
    #[must_use]
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The replacement attributes, if any.
    #[must_use]
    pub fn transaction_attributes(&self) -> Option<&TransactionAttributes> {
        self.transaction_attributes.as_ref()
    }

    /// Takes the replacement attributes out (the response keeps none, and stays valid).
    pub fn take_transaction_attributes(&mut self) -> Option<TransactionAttributes> {
        self.transaction_attributes.take()
    }
}

fn check_attributes(attributes: &TransactionAttributes) -> Result<(), EnvelopeError> {
    if attributes.len() > MAX_ATTRIBUTE_PAIRS {
        return Err(EnvelopeError::TooManyAttributes {
            count: attributes.len(),
        });
    }
    let shown = |key: &str| key.chars().take(60).collect::<String>();
    // A text has no more characters than bytes: one within the limit in bytes needs no count.
    let over = |text: &str| {
        let chars = if text.len() <= MAX_ATTRIBUTE_CHARS {
            0
        } else {
            text.chars().count()
        };
        (chars > MAX_ATTRIBUTE_CHARS).then_some(chars)
    };
    for (key, value) in attributes {
        if let Some(chars) = over(key) {
            return Err(EnvelopeError::AttributeKeyTooLong {
                key: shown(key),
                chars,
            });
        }
        if let Some(chars) = over(value) {
            return Err(EnvelopeError::AttributeValueTooLong {
                key: shown(key),
                chars,
            });
        }
    }
    Ok(())
}

impl Serialize for Response {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("SchemaVersion", SCHEMA_VERSION)?;
        map.serialize_entry("Actions", &self.actions)?;
        if let Some(attributes) = &self.transaction_attributes {
            map.serialize_entry("TransactionAttributes", attributes)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Response {
    /// Strict, for the simulator and tests: the version must be `"1.0"`, `Actions` present,
    /// every action canonical, and the whole envelope within its limits.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase", deny_unknown_fields)]
        struct Envelope {
            schema_version: String,
            actions: Vec<Action>,
            transaction_attributes: Option<TransactionAttributes>,
        }

        let envelope = Envelope::deserialize(deserializer)?;
        if envelope.schema_version != SCHEMA_VERSION {
            return Err(D::Error::custom(format!(
                "SchemaVersion must be {SCHEMA_VERSION:?}, got {:?}",
                envelope.schema_version
            )));
        }
        Self::new(envelope.actions, envelope.transaction_attributes).map_err(D::Error::custom)
    }
}
