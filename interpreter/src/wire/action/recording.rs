//! Recording actions: `RecordAudio` (one leg, voicemail style, to a file the event names) and
//! call recording (`Start`/`Pause`/`Resume`/`StopCallRecording`, per leg, delivered after the
//! leg ends).

use serde::{Deserialize, Serialize};

use super::media::{CallRecordingDestination, RecordingDestination};
use super::params::{ParamList, Parameters};
use super::target::Target;
use crate::wire::leg::CallId;
use crate::wire::vocab::Track;

/// `RecordAudio`: record a leg until a terminator key, silence or the duration. Interruptible;
/// reports its result (the file's key) at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecordAudio {
    /// The leg (default: the invoking leg).
    #[serde(flatten)]
    pub target: Option<Target>,
    /// Longest recording.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_in_seconds: Option<u32>,
    /// Silence that ends the recording (silence detection is off without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silence_duration_in_seconds: Option<u32>,
    /// What counts as silence, 1 (quiet room) to 1000 (loud) (default 200).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silence_threshold: Option<u32>,
    /// Keys that end the recording.
    pub recording_terminators: Vec<String>,
    /// Where the file goes.
    pub recording_destination: RecordingDestination,
}

impl Parameters for RecordAudio {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.target(self.target.as_ref());
        out.opt_int("DurationInSeconds", self.duration_in_seconds);
        out.opt_int("SilenceDurationInSeconds", self.silence_duration_in_seconds);
        out.opt_int("SilenceThreshold", self.silence_threshold);
        out.list("RecordingTerminators", &self.recording_terminators);
        self.recording_destination.collect(out);
    }
}

/// `StartCallRecording`: start recording a leg (once per leg).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartCallRecording {
    /// The leg; pause, resume and stop must name the same one.
    pub call_id: CallId,
    /// Which side(s) to record.
    pub track: Track,
    /// Where the recording goes.
    pub destination: CallRecordingDestination,
}

impl Parameters for StartCallRecording {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
        out.text("Track", self.track.as_str());
        self.destination.collect(out);
    }
}

/// `StopCallRecording`: stop recording a leg, for good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopCallRecording {
    /// The recorded leg.
    pub call_id: CallId,
}

/// `PauseCallRecording`: record silence (and play a tone) until resumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PauseCallRecording {
    /// The recorded leg.
    pub call_id: CallId,
}

/// `ResumeCallRecording`: resume a paused recording (with a tone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResumeCallRecording {
    /// The recorded leg.
    pub call_id: CallId,
}

impl Parameters for StopCallRecording {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
    }
}

impl Parameters for PauseCallRecording {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
    }
}

impl Parameters for ResumeCallRecording {
    fn collect<'a>(&'a self, out: &mut ParamList<'a>) {
        out.text("CallId", self.call_id.as_str());
    }
}
