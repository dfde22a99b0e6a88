//! The abstract call: what the path analyses know about a call between two events. Each part is
//! a small lattice of its own (a leg's life, the recording, the armed listeners, each variable's
//! value); the explorer keeps one abstract call per combination it meets, so facts stay exact.

use super::value::AVal;
use interpreter::ir::{LegRef, RecordingState, SiteId, StateId};
use interpreter::wire::ActionKind;

/// Where a leg is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Leg {
    /// Not created (LEG-B before a bridge, or after one that failed).
    Absent,
    /// A bridge was sent: the callee is being dialled.
    Ringing,
    Up,
    /// Hung up by the flow: the service still reports its `HANGUP`.
    Hanging,
    /// Hung up, and its `HANGUP` handled.
    Gone,
}

impl Leg {
    pub const fn describe(self) -> &'static str {
        match self {
            Leg::Absent => "does not exist yet",
            Leg::Ringing => "is still ringing",
            Leg::Up => "is connected",
            Leg::Hanging | Leg::Gone => "has hung up",
        }
    }
}

/// An action of the list the service is running.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pending {
    pub kind: ActionKind,
    pub site: SiteId,
    /// The parts of the call this action (and the ones after it) changed: when it fails, the
    /// service drops the rest of the list, so they are as they were before it.
    pub before: Snapshot,
}

/// The parts of the call an action list changes as it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Snapshot {
    pub a: Leg,
    pub b: Leg,
    pub recording: RecordingState,
    pub recording_leg: Option<LegRef>,
    pub armed: u64,
}

/// The call between two events.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Call {
    pub state: Option<StateId>,
    pub a: Leg,
    pub b: Leg,
    pub recording: RecordingState,
    pub recording_leg: Option<LegRef>,
    /// Armed listeners, one bit per listener id.
    pub armed: u64,
    pub vars: Vec<AVal>,
    /// The list the service is running, in order.
    pub pending: Vec<Pending>,
}

impl Call {
    pub fn leg(&self, leg: LegRef) -> Leg {
        match leg {
            LegRef::A => self.a,
            LegRef::B => self.b,
        }
    }

    pub fn set_leg(&mut self, leg: LegRef, to: Leg) {
        match leg {
            LegRef::A => self.a = to,
            LegRef::B => self.b = to,
        }
    }

    pub fn any_up(&self) -> bool {
        self.a == Leg::Up || self.b == Leg::Up
    }

    /// Whether the service still has something to report: a leg up, or one the flow hung up
    /// whose `HANGUP` is still to come.
    pub fn alive(&self) -> bool {
        [self.a, self.b]
            .iter()
            .any(|l| matches!(l, Leg::Up | Leg::Hanging))
    }

    pub fn connected_legs(&self) -> usize {
        usize::from(self.a == Leg::Up) + usize::from(self.b == Leg::Up)
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            a: self.a,
            b: self.b,
            recording: self.recording,
            recording_leg: self.recording_leg,
            armed: self.armed,
        }
    }

    pub fn restore(&mut self, s: &Snapshot) {
        self.a = s.a;
        self.b = s.b;
        self.recording = s.recording;
        self.recording_leg = s.recording_leg;
        self.armed = s.armed;
    }

    pub fn is_armed(&self, listener: u16) -> bool {
        listener < 64 && self.armed & (1u64 << listener) != 0
    }

    pub fn arm(&mut self, listener: u16) {
        if listener < 64 {
            self.armed |= 1u64 << listener;
        }
    }

    pub fn disarm(&mut self, listener: u16) {
        if listener < 64 {
            self.armed &= !(1u64 << listener);
        }
    }
}
