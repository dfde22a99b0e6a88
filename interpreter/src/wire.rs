//! The SMA wire model: what the SIP media application sends the Lambda (events, decoded leniently)
//! and what the Lambda answers (actions in a response envelope, encoded strictly).
//!
//! Pipeline position: `decode_event` turns the invocation bytes into an [`Event`] for the step
//! function; the step function's actions are wrapped in a [`Response`], which validates them
//! against the single table of protocol limits in [`limits`] before they are encoded.

mod action;
mod action_data;
mod call;
mod event;
mod lax;
mod leg;
pub mod limits;
mod response;
mod vocab;

pub use action::{
    Action, ActionKind, AudioSource, BotConfiguration, BridgeEndpoint, CallAndBridge,
    CallRecordingDestination, DialogAction, DigitCapture, Hangup, JoinChimeMeeting,
    ModifyChimeMeetingAttendees, Pause, PauseCallRecording, PlayAudio, PlayAudioAndGetDigits,
    ReceiveDigits, RecordAudio, RecordingDestination, ResumeCallRecording, SendDigits,
    SessionState, Speak, SpeakAndGetDigits, SpeechParameters, StartBotConversation,
    StartCallRecording, StopCallRecording, Target, VoiceFocus, WelcomeMessage,
};
pub use action_data::{
    ActionData, ActionError, ActionType, EchoedParameters, RecordedFile, RecordingLocation,
};
pub use call::{CallDetails, Participant};
pub use event::{
    Event, EventType, FieldPath, Salvage, UnusableEvent, UnusableReason, decode_event,
};
pub use leg::{CallId, LegTag};
pub use response::{EnvelopeError, Response, SCHEMA_VERSION, TransactionAttributes};
pub use vocab::{
    BridgeEndpointType, DialogActionType, Direction, Engine, HangupCode, LegStatus,
    MeetingOperation, StorageType, TextType, Track, UnknownWireName, WelcomeContentType,
};
