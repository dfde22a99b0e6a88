//! Which leg an action addresses. Actions that take either a call id or a tag hold an
//! `Option<Target>` (none means the leg whose event is being answered); actions that the
//! protocol documents as requiring a call id hold a [`CallId`] instead.

use serde::{Deserialize, Serialize};

use crate::wire::leg::{CallId, LegTag};

/// A leg, by call id or by role. Written flattened into the parameters as `CallId` or
/// `ParticipantTag`; never both, because the service would silently ignore the tag.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// By the service's call id (preferred: unambiguous once legs come and go).
    #[serde(rename = "CallId")]
    CallId(CallId),
    /// By role.
    #[serde(rename = "ParticipantTag")]
    Tag(LegTag),
}

impl From<CallId> for Target {
    fn from(id: CallId) -> Self {
        Self::CallId(id)
    }
}

impl From<LegTag> for Target {
    fn from(tag: LegTag) -> Self {
        Self::Tag(tag)
    }
}
