//! Legs and reports: leg status changes, which leg an action addresses, placing a bridge's LEG-B,
//! and the events an action's end sends to the function (`ACTION_SUCCESSFUL`, `ACTION_FAILED`,
//! `HANGUP`), each answered at once.

use super::invoke::{Invocation, data_of, error};
use super::{Entry, Leg, LegState, Running, Service};
use crate::function::Function;
use interpreter::wire::{
    Action, ActionData, ActionKind, ActionType, DigitCapture, EchoedParameters, EventType, LegTag,
    Target,
};

/// UNCERTAIN (conservative): the protocol does not name the error of a collect that got no valid
/// input; a name no flow can mistake for another failure.
pub const NO_VALID_INPUT: &str = "NoValidInput";

impl Service {
    pub(super) fn leg_log(&self, index: usize, status: &'static str, log: &mut Vec<Entry>) {
        if let Some(leg) = self.legs.get(index) {
            log.push(Entry::Leg {
                at_ms: self.elapsed_ms(),
                leg: leg.tag.to_text(),
                status: status.into(),
            });
        }
    }

    pub(super) fn set_leg(&mut self, index: usize, state: LegState, log: &mut Vec<Entry>) {
        let Some(leg) = self.legs.get_mut(index) else {
            return;
        };
        leg.state = state;
        let status = match state {
            LegState::Offered => "offered",
            LegState::Ringing => "ringing",
            LegState::Connected => {
                leg.was_connected = true;
                "connected"
            }
            LegState::Gone => "disconnected",
        };
        self.leg_log(index, status, log);
        if state == LegState::Gone {
            self.listeners.retain(|l| l.leg != index);
            if index <= 1 {
                self.bridged = false;
            }
        }
    }

    pub(super) fn call_id(&self, index: usize) -> Option<&str> {
        self.legs.get(index).map(|l| l.call_id.as_str())
    }

    pub(super) fn tag(&self, index: usize) -> super::Text {
        self.legs
            .get(index)
            .map(|l| l.tag.to_text())
            .unwrap_or_default()
    }

    /// The leg an action addresses: by call id, by tag, or the leg of the last event.
    pub(super) fn resolve(&self, action: &Action) -> Result<usize, String> {
        let index = match addressed(action) {
            Some(Addressed::CallId(id)) => self.legs.iter().position(|l| l.call_id == id),
            Some(Addressed::Tag(tag)) => self.legs.iter().position(|l| &l.tag == tag),
            None if action.kind() == ActionKind::CallAndBridge => Some(0),
            None => Some(self.trigger_leg),
        };
        let index = index.ok_or("the action names no leg of this call")?;
        match self.legs.get(index).map(|l| l.state) {
            Some(LegState::Offered | LegState::Connected) => Ok(index),
            _ => Err(format!("{} is not connected", self.tag(index))),
        }
    }

    pub(super) fn hears(&self, index: usize, prompt: &str, log: &mut Vec<Entry>) {
        log.push(Entry::Hears {
            at_ms: self.elapsed_ms(),
            leg: self.tag(index),
            prompt: prompt.to_owned(),
        });
    }

    pub(super) fn report(
        &mut self,
        f: &mut dyn Function,
        event_type: EventType,
        data: ActionData,
        leg: Option<usize>,
        detail: Option<String>,
        log: &mut Vec<Entry>,
    ) {
        let inv = Invocation {
            event_type,
            data: Some(data),
            error: None,
            leg,
            detail,
        };
        let answer = self.invoke(f, inv, log);
        self.take(answer);
    }

    pub(super) fn succeed(
        &mut self,
        f: &mut dyn Function,
        action: &Action,
        leg: usize,
        log: &mut Vec<Entry>,
    ) {
        let data = data_of(action, self.call_id(leg));
        self.report(f, EventType::ActionSuccessful, data, Some(leg), None, log);
    }

    /// An instant action is done: the list reports once, for its last action.
    pub(super) fn done(
        &mut self,
        f: &mut dyn Function,
        action: &Action,
        leg: usize,
        log: &mut Vec<Entry>,
    ) {
        if self.pending.is_empty() {
            self.succeed(f, action, leg, log);
        }
    }

    /// `ACTION_FAILED`: the rest of the list is dropped.
    pub(super) fn fail(
        &mut self,
        f: &mut dyn Function,
        action: &Action,
        leg: Option<usize>,
        error_type: &str,
        message: &str,
        log: &mut Vec<Entry>,
    ) {
        self.pending.clear();
        self.running = None;
        let inv = Invocation {
            event_type: EventType::ActionFailed,
            data: Some(data_of(action, leg.and_then(|i| self.call_id(i)))),
            error: Some(error(error_type, message)),
            leg,
            detail: Some(error_type.to_owned()),
        };
        let answer = self.invoke(f, inv, log);
        self.take(answer);
    }

    pub(super) fn bridge(
        &mut self,
        f: &mut dyn Function,
        action: &Action,
        b: &interpreter::wire::CallAndBridge,
        log: &mut Vec<Entry>,
    ) {
        let refuse = |s: &mut Self, f: &mut dyn Function, why: &str, log: &mut Vec<Entry>| {
            s.fail(f, action, Some(0), "InvalidActionParameter", why, log);
        };
        if self.bridged {
            return refuse(self, f, "the call is already bridged", log);
        }
        let caller_id = &b.caller_id_number;
        let a_from = self
            .legs
            .first()
            .map(|l| l.from.as_str())
            .unwrap_or_default();
        if !self.setup.account_numbers.contains(caller_id) && caller_id != a_from {
            return refuse(self, f, "Invalid Caller ID number provided", log);
        }
        let to = b
            .endpoints
            .first()
            .map(|e| match e {
                interpreter::wire::BridgeEndpoint::Pstn { uri }
                | interpreter::wire::BridgeEndpoint::Aws { uri, .. } => uri.clone(),
            })
            .unwrap_or_default();
        let leg = Leg {
            tag: LegTag::B,
            call_id: "b0000000-0000-4000-8000-00000000000b".to_owned(),
            from: caller_id.clone(),
            to,
            outbound: true,
            start_ms: self.now_ms,
            state: LegState::Ringing,
            was_connected: false,
        };
        match self.legs.get_mut(1) {
            Some(slot) => *slot = leg,
            None => self.legs.push(leg),
        }
        self.leg_log(1, "ringing", log);
        self.running = Some(Running::Bridge {
            action: action.clone(),
            since_ms: self.now_ms,
        });
    }

    /// `HANGUP` for a leg that went away; its answer is executed while another leg is up.
    pub(super) fn leg_hung_up(
        &mut self,
        f: &mut dyn Function,
        leg: usize,
        code: u16,
        log: &mut Vec<Entry>,
    ) {
        let data = ActionData {
            action_type: ActionType::Known(ActionKind::Hangup),
            parameters: EchoedParameters {
                call_id: self.call_id(leg).map(Into::into),
                participant_tag: self.legs.get(leg).map(|l| l.tag.clone()),
                sip_response_code: Some(code),
                ..EchoedParameters::default()
            },
            ..data_of(&hangup_placeholder(), None)
        };
        self.report(f, EventType::Hangup, data, Some(leg), None, log);
    }
}

/// How an action names its leg.
pub(super) fn addressed(action: &Action) -> Option<Addressed<'_>> {
    fn by_target(t: &Option<Target>) -> Option<Addressed<'_>> {
        match t {
            Some(Target::CallId(c)) => Some(Addressed::CallId(c.as_str())),
            Some(Target::Tag(tag)) => Some(Addressed::Tag(tag)),
            None => None,
        }
    }
    fn id(c: &interpreter::wire::CallId) -> Option<Addressed<'_>> {
        Some(Addressed::CallId(c.as_str()))
    }
    match action {
        Action::PlayAudio(x) => by_target(&x.target),
        Action::PlayAudioAndGetDigits(x) => by_target(&x.target),
        Action::ReceiveDigits(x) => by_target(&x.target),
        Action::Pause(x) => by_target(&x.target),
        Action::Hangup(x) => by_target(&x.target),
        Action::RecordAudio(x) => by_target(&x.target),
        Action::JoinChimeMeeting(x) => by_target(&x.target),
        Action::ModifyChimeMeetingAttendees(x) => by_target(&x.target),
        Action::StartBotConversation(x) => by_target(&x.target),
        Action::Speak(x) => id(&x.call_id),
        Action::SpeakAndGetDigits(x) => id(&x.call_id),
        Action::SendDigits(x) => id(&x.call_id),
        Action::VoiceFocus(x) => id(&x.call_id),
        Action::StartCallRecording(x) => id(&x.call_id),
        Action::PauseCallRecording(x) => id(&x.call_id),
        Action::ResumeCallRecording(x) => id(&x.call_id),
        Action::StopCallRecording(x) => id(&x.call_id),
        Action::CallAndBridge(_) => None,
    }
}

/// The leg an action names, borrowed from the action.
pub(super) enum Addressed<'a> {
    CallId(&'a str),
    Tag(&'a LegTag),
}

/// What a collect accepts: the digits without a terminator, within the count and the pattern.
pub(crate) fn accepted(capture: &DigitCapture, entered: &str) -> Option<String> {
    let terminators = capture
        .terminator_digits
        .clone()
        .unwrap_or_else(|| vec!["#".to_owned()]);
    let digits = terminators
        .iter()
        .find_map(|t| entered.strip_suffix(t.as_str()))
        .unwrap_or(entered);
    let count = u32::try_from(digits.chars().count()).unwrap_or(u32::MAX);
    let within = count >= capture.min_number_of_digits.unwrap_or(0)
        && count <= capture.max_number_of_digits.unwrap_or(128)
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '*' || c == '#');
    let pattern = capture
        .input_digits_regex
        .as_deref()
        .is_none_or(|p| regex::Regex::new(p).is_ok_and(|r| r.is_match(digits)));
    (within && pattern && !digits.is_empty()).then(|| digits.to_owned())
}

/// The shape of a `Hangup` echo, for building synthetic `ActionData`.
pub(super) fn hangup_placeholder() -> Action {
    Action::Hangup(interpreter::wire::Hangup {
        target: None,
        sip_response_code: None,
    })
}
