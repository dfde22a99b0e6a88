//! The 18 documented action types, and the facts about each that drive sequencing. The facts are
//! read from the limits table so that they are stated once.

use crate::wire::limits::{self, ActionSpec};
use crate::wire::vocab::wire_enum;

wire_enum! {
    /// The documented SMA action types.
    pub enum ActionKind {
        /// Dial a new leg and bridge it to the current one.
        CallAndBridge => "CallAndBridge",
        /// Hang up a leg.
        Hangup => "Hangup",
        /// Join a leg to an Amazon Chime SDK meeting.
        JoinChimeMeeting => "JoinChimeMeeting",
        /// Mute or unmute meeting attendees.
        ModifyChimeMeetingAttendees => "ModifyChimeMeetingAttendees",
        /// Wait.
        Pause => "Pause",
        /// Play a WAV file from S3.
        PlayAudio => "PlayAudio",
        /// Play a prompt and collect DTMF digits.
        PlayAudioAndGetDigits => "PlayAudioAndGetDigits",
        /// Arm a background DTMF listener.
        ReceiveDigits => "ReceiveDigits",
        /// Record one leg to S3 (voicemail style).
        RecordAudio => "RecordAudio",
        /// Send DTMF tones.
        SendDigits => "SendDigits",
        /// Speak text with Amazon Polly.
        Speak => "Speak",
        /// Speak a prompt and collect DTMF digits.
        SpeakAndGetDigits => "SpeakAndGetDigits",
        /// Hand the leg to an Amazon Lex V2 bot.
        StartBotConversation => "StartBotConversation",
        /// Start recording a leg.
        StartCallRecording => "StartCallRecording",
        /// Stop recording a leg.
        StopCallRecording => "StopCallRecording",
        /// Pause the recording of a leg.
        PauseCallRecording => "PauseCallRecording",
        /// Resume the recording of a leg.
        ResumeCallRecording => "ResumeCallRecording",
        /// Turn noise reduction on or off.
        VoiceFocus => "VoiceFocus",
    }
}

impl ActionKind {
    /// Parameters, limits and facts of this action.
    #[must_use]
    pub fn spec(self) -> &'static ActionSpec {
        limits::spec(self)
    }

    /// Reports `ACTION_SUCCESSFUL` as soon as it succeeds, even when more actions follow.
    #[must_use]
    pub fn is_result_bearing(self) -> bool {
        self.spec().result_bearing
    }

    /// Can be cut short by the response to `CALL_UPDATE_REQUESTED`.
    #[must_use]
    pub fn is_interruptible(self) -> bool {
        self.spec().interruptible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_spec() {
        assert_eq!(ActionKind::ALL.len(), 18);
        for kind in ActionKind::ALL {
            assert_eq!(kind.spec().kind, *kind);
            assert_eq!(kind.as_str().parse::<ActionKind>(), Ok(*kind));
        }
    }

    #[test]
    fn sequencing_facts_match_the_protocol() {
        let bearing: Vec<_> = ActionKind::ALL
            .iter()
            .filter(|kind| kind.is_result_bearing())
            .map(|kind| kind.as_str())
            .collect();
        assert_eq!(
            bearing,
            [
                "CallAndBridge",
                "Hangup",
                "JoinChimeMeeting",
                "ModifyChimeMeetingAttendees",
                "PlayAudioAndGetDigits",
                "RecordAudio",
                "SpeakAndGetDigits",
                "StartBotConversation",
            ]
        );
        let interruptible: Vec<_> = ActionKind::ALL
            .iter()
            .filter(|kind| kind.is_interruptible())
            .map(|kind| kind.as_str())
            .collect();
        assert_eq!(interruptible, ["Pause", "PlayAudio", "RecordAudio"]);
    }
}
