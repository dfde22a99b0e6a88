//! Amazon Chime SDK meeting actions: join a leg to a meeting, mute or unmute attendees.

use serde::{Deserialize, Serialize};

use super::params::{ParamList, Parameters};
use super::target::Target;
use crate::wire::vocab::MeetingOperation;

/// `JoinChimeMeeting`: join LEG-A to a meeting, creating the meeting leg LEG-B. Reports its
/// result at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct JoinChimeMeeting {
    /// The leg (tag: LEG-A only).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// The attendee join token from `CreateAttendee`.
    pub join_token: String,
    /// Needed for meetings created with the Chime SDK Meetings namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<String>,
}

impl Parameters for JoinChimeMeeting {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.text("JoinToken", &self.join_token);
        out.opt_text("MeetingId", self.meeting_id.as_deref());
    }
}

/// `ModifyChimeMeetingAttendees`: mute or unmute attendees of the joined meeting. Reports its
/// result at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyChimeMeetingAttendees {
    /// The meeting leg (tag: LEG-B only).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// Mute or unmute.
    pub operation: MeetingOperation,
    /// The meeting.
    pub meeting_id: String,
    /// Attendee ids, 1 to 100.
    pub attendee_list: Vec<String>,
}

impl Parameters for ModifyChimeMeetingAttendees {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.text("Operation", self.operation.as_str());
        out.text("MeetingId", &self.meeting_id);
        out.list("AttendeeList", &self.attendee_list);
    }
}
