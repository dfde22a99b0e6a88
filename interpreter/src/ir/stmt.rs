//! Statements of the compiled flow: SMA actions with their arguments still to evaluate, recording
//! and listener operations, and control flow.

use super::{Expr, ListenerId, PromptId, StateId, Target, VarId};
use crate::wire::{ActionKind, Engine, Track};
use serde::{Deserialize, Serialize};

/// Identifies where in the flow an action is sent, so that the rest of a list can be sent again
/// (`continue`) after one of its actions failed.
pub type SiteId = u16;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Block(pub Vec<Stmt>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Stmt {
    /// Send an SMA action.
    Action {
        site: SiteId,
        action: ActionTemplate,
    },
    /// Start, pause, resume or stop the call recording.
    Recording {
        site: SiteId,
        op: RecordingOp,
    },
    /// Arm a digit listener (`ReceiveDigits`).
    Listen {
        site: SiteId,
        listener: ListenerId,
    },
    Assign {
        var: VarId,
        value: Expr,
    },
    If {
        cond: Expr,
        then: Block,
        otherwise: Block,
    },
    Match {
        scrutinee: Expr,
        arms: Vec<Arm>,
        otherwise: Block,
    },
    /// Enter a state: its `enter` block runs next, in the same answer.
    Goto(StateId),
    /// Record a fact about the call.
    Note(Note),
    /// Send again what was left of the list in which an action failed.
    Continue,
    /// End the handler.
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arm {
    pub patterns: Vec<Expr>,
    pub guard: Option<Expr>,
    pub body: Block,
}

/// Call-record facts that only the flow knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Note {
    /// The call came from someone else.
    Inbound,
    /// The call is the owner's own, going out.
    Outbound,
    /// The intended party answered; the value is their number.
    Answered(Expr),
    /// The call failed; the value is the reason, the event's error type when absent.
    Failed(Option<Expr>),
    /// A fact of the flow's own: its name and value (`note outcome "confirmed"`).
    Fact(String, Expr),
}

/// The legs a prompt is played to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetSet {
    One(Target),
    /// Both legs, each that is connected.
    Both,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RecordingOp {
    /// `StartCallRecording` on this leg; pause, resume and stop use the same leg.
    Start {
        on: Target,
        track: Track,
        /// `bucket` or `bucket/prefix`.
        location: Expr,
    },
    Pause,
    Resume,
    Stop,
}

impl RecordingOp {
    pub fn kind(&self) -> ActionKind {
        match self {
            RecordingOp::Start { .. } => ActionKind::StartCallRecording,
            RecordingOp::Pause => ActionKind::PauseCallRecording,
            RecordingOp::Resume => ActionKind::ResumeCallRecording,
            RecordingOp::Stop => ActionKind::StopCallRecording,
        }
    }
}

/// An SMA action whose arguments are evaluated when it is sent. Optional arguments left `None`
/// take the protocol's default (they are not sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ActionTemplate {
    PlayAudio {
        to: Target,
        prompt: PromptId,
        repeat: Option<u32>,
        terminators: Option<String>,
    },
    /// One `PlayAudio` per connected leg.
    PlayAudioBoth {
        prompt: PromptId,
        repeat: Option<u32>,
        terminators: Option<String>,
    },
    PlayAudioAndGetDigits {
        on: Target,
        prompt: PromptId,
        failure: PromptId,
        digits: DigitInput,
    },
    Speak {
        to: Target,
        speech: Speech,
    },
    SpeakAndGetDigits {
        on: Target,
        speech: Speech,
        failure: Expr,
        digits: DigitInput,
    },
    SendDigits {
        to: Target,
        digits: Expr,
        tone_ms: Option<u64>,
    },
    Pause {
        on: Target,
        duration_ms: u64,
    },
    Hangup {
        leg: Target,
        code: Option<u16>,
    },
    CallAndBridge {
        /// A phone number (PSTN), or a SIP user part when `via` names a Voice Connector.
        to: Expr,
        caller_id: Expr,
        timeout_s: Option<u32>,
        ringback: Option<PromptId>,
        /// A Voice Connector (group) ARN: the bridge goes to that AWS endpoint.
        via: Option<Expr>,
        headers: Vec<(String, String)>,
    },
    RecordAudio {
        on: Target,
        bucket: Expr,
        prefix: Option<Expr>,
        limit_s: Option<u32>,
        silence_s: Option<u32>,
        threshold: Option<u32>,
        terminators: String,
    },
    VoiceFocus {
        on: Target,
        enable: bool,
    },
    JoinChimeMeeting {
        on: Target,
        token: Expr,
        meeting: Option<Expr>,
    },
    ModifyChimeMeetingAttendees {
        on: Target,
        mute: bool,
        meeting: Expr,
        attendees: Vec<Expr>,
    },
    StartBotConversation {
        on: Target,
        bot: Expr,
        locale: Option<String>,
        welcome: Option<Expr>,
    },
}

/// How digits are collected (`PlayAudioAndGetDigits`, `SpeakAndGetDigits`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DigitInput {
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub terminators: Option<String>,
    pub repeat: Option<u32>,
    pub between_ms: Option<u64>,
    /// `RepeatDurationInMilliseconds`: required by the protocol.
    pub wait_ms: u64,
    pub pattern: Option<String>,
}

/// What `Speak` says and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speech {
    pub text: Expr,
    pub voice: Option<String>,
    pub engine: Option<Engine>,
    pub language: Option<String>,
    pub ssml: bool,
}

impl ActionTemplate {
    pub fn kind(&self) -> ActionKind {
        match self {
            ActionTemplate::PlayAudio { .. } | ActionTemplate::PlayAudioBoth { .. } => {
                ActionKind::PlayAudio
            }
            ActionTemplate::PlayAudioAndGetDigits { .. } => ActionKind::PlayAudioAndGetDigits,
            ActionTemplate::Speak { .. } => ActionKind::Speak,
            ActionTemplate::SpeakAndGetDigits { .. } => ActionKind::SpeakAndGetDigits,
            ActionTemplate::SendDigits { .. } => ActionKind::SendDigits,
            ActionTemplate::Pause { .. } => ActionKind::Pause,
            ActionTemplate::Hangup { .. } => ActionKind::Hangup,
            ActionTemplate::CallAndBridge { .. } => ActionKind::CallAndBridge,
            ActionTemplate::RecordAudio { .. } => ActionKind::RecordAudio,
            ActionTemplate::VoiceFocus { .. } => ActionKind::VoiceFocus,
            ActionTemplate::JoinChimeMeeting { .. } => ActionKind::JoinChimeMeeting,
            ActionTemplate::ModifyChimeMeetingAttendees { .. } => {
                ActionKind::ModifyChimeMeetingAttendees
            }
            ActionTemplate::StartBotConversation { .. } => ActionKind::StartBotConversation,
        }
    }
}
