//! Executing answers: each happening, the action list run in order, and the events that result
//! (protocol notes, section 6).

use super::invoke::{Invocation, data_of, error};
use super::{Entry, Happening, Leg, LegState, Listener, Origin, Recording, Running, Service};
use crate::function::Function;
use interpreter::wire::{
    Action, ActionData, ActionKind, ActionType, DigitCapture, EchoedParameters, EventType, LegTag,
    RecordingLocation, Target,
};

/// UNCERTAIN (conservative): the protocol does not name the error of a collect that got no valid
/// input; a name no flow can mistake for another failure.
pub const NO_VALID_INPUT: &str = "NoValidInput";

pub(super) fn apply(
    s: &mut Service,
    f: &mut dyn Function,
    happening: &Happening,
    log: &mut Vec<Entry>,
) {
    if s.over && *happening != Happening::Duplicate {
        return;
    }
    match happening {
        Happening::Start => s.start_call(f, log),
        Happening::Proceed => s.go = true,
        Happening::Complete => s.complete(f, log),
        Happening::Dialled(outcome) => s.dialled(f, *outcome, log),
        Happening::Entered(digits) => s.entered(f, digits.as_deref(), log),
        Happening::Fail(e) => s.fail_running(f, e, log),
        Happening::Press { leg, digits } => s.press(f, leg, digits, log),
        Happening::HangUp(leg) => s.party_hangs_up(f, leg, log),
        Happening::Duplicate => s.redeliver(f, log),
        Happening::Update(args) => s.update(f, args, log),
        Happening::Wait(ms) => s.now_ms += ms,
    }
    s.pump(f, log);
    s.wrap_up(log);
}

impl Service {
    fn start_call(&mut self, f: &mut dyn Function, log: &mut Vec<Entry>) {
        if self.started {
            return;
        }
        self.started = true;
        let api = self.setup.origin == Origin::Api;
        self.legs.push(Leg {
            tag: LegTag::A,
            call_id: "a0000000-0000-4000-8000-00000000000a".to_owned(),
            from: self.setup.from.clone(),
            to: self.setup.to.clone(),
            outbound: api,
            start_ms: self.now_ms,
            state: if api {
                LegState::Ringing
            } else {
                LegState::Offered
            },
            was_connected: false,
        });
        self.leg_log(0, if api { "ringing" } else { "offered" }, log);
        if api {
            let _ = self.invoke(f, Invocation::plain(EventType::NewOutboundCall), log);
            let _ = self.invoke(f, Invocation::plain(EventType::Ringing), log);
            self.running = Some(Running::Dialling {
                since_ms: self.now_ms,
            });
        } else {
            let inv = Invocation {
                leg: Some(0),
                ..Invocation::plain(EventType::NewInboundCall)
            };
            let answer = self.invoke(f, inv, log);
            self.take(answer);
        }
    }

    /// A non-empty list replaces what was left; an empty one lets it continue.
    pub(super) fn take(&mut self, answer: Option<Vec<Action>>) {
        if let Some(list) = answer
            && !list.is_empty()
        {
            self.pending = list.into();
        }
    }

    /// Runs the list until an action blocks or it is done.
    fn pump(&mut self, f: &mut dyn Function, log: &mut Vec<Entry>) {
        // Every started action either blocks, ends the list or reports; the bound only guards
        // against a function that answers every report with a new list forever.
        for _ in 0..10_000 {
            if self.over || self.running.is_some() || self.pending.is_empty() {
                return;
            }
            if self.setup.stepwise && !std::mem::take(&mut self.go) {
                return;
            }
            let Some(action) = self.pending.pop_front() else {
                return;
            };
            self.start(f, action, log);
        }
    }

    fn wrap_up(&mut self, log: &mut Vec<Entry>) {
        if self.over {
            return;
        }
        let offered = self
            .legs
            .first()
            .is_some_and(|l| l.state == LegState::Offered);
        if offered && self.running.is_none() && self.pending.is_empty() {
            // UNCERTAIN (conservative): a new call left with nothing to do is not answered and
            // times out, rather than the service hanging up at once.
            self.running = Some(Running::Unanswered {
                until_ms: self.setup.start_ms + self.setup.limits.unanswered_ms,
            });
            self.service(
                log,
                "the new call has nothing to do: it times out unanswered",
            );
        }
        let dialling = matches!(self.running, Some(Running::Dialling { .. }));
        if self.started && !self.any_up() && !dialling {
            self.over = true;
            self.running = None;
            self.pending.clear();
        }
    }

    pub(super) fn leg_log(&self, index: usize, status: &str, log: &mut Vec<Entry>) {
        if let Some(leg) = self.legs.get(index) {
            log.push(Entry::Leg {
                at_ms: self.elapsed_ms(),
                leg: leg.tag.as_str().to_owned(),
                status: status.to_owned(),
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

    pub(super) fn tag(&self, index: usize) -> String {
        self.legs
            .get(index)
            .map(|l| l.tag.as_str().to_owned())
            .unwrap_or_default()
    }

    /// The leg an action addresses: by call id, by tag, or the leg of the last event.
    pub(super) fn resolve(&self, action: &Action) -> Result<usize, String> {
        let index = match addressed(action) {
            Some(Target::CallId(id)) => self.legs.iter().position(|l| l.call_id == id.as_str()),
            Some(Target::Tag(tag)) => self.legs.iter().position(|l| l.tag == tag),
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
    fn done(&mut self, f: &mut dyn Function, action: &Action, leg: usize, log: &mut Vec<Entry>) {
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

    fn injected(&mut self, action: &Action) -> Option<String> {
        let key = audio_key(action);
        let setup = &self.setup;
        let hit = setup.failures.iter().enumerate().find(|(i, inj)| {
            inj.kind == action.kind()
                && (inj.key.is_none() || inj.key.as_deref() == key)
                && (inj.times == 0 || self.injected.get(*i).is_some_and(|n| *n < inj.times))
        })?;
        let (index, injection) = hit;
        let error = injection.error.clone();
        if let Some(n) = self.injected.get_mut(index) {
            *n += 1;
        }
        Some(error)
    }

    fn start(&mut self, f: &mut dyn Function, action: Action, log: &mut Vec<Entry>) {
        let leg = match self.resolve(&action) {
            Ok(leg) => leg,
            Err(why) => return self.fail(f, &action, None, "InvalidActionParameter", &why, log),
        };
        log.push(Entry::Action {
            at_ms: self.elapsed_ms(),
            leg: Some(self.tag(leg)),
            action: action.kind().as_str().to_owned(),
            detail: self.describe(&action),
        });
        if let Err(violations) = action.validate() {
            let text: Vec<String> = violations.iter().map(ToString::to_string).collect();
            let text = text.join("; ");
            return self.fail(f, &action, Some(leg), "InvalidActionParameter", &text, log);
        }
        if let Some(e) = self.injected(&action) {
            return self.fail(f, &action, Some(leg), &e, "injected by the scenario", log);
        }
        let kind = action.kind();
        let offered = self
            .legs
            .get(leg)
            .is_some_and(|l| l.state == LegState::Offered);
        if offered && !matches!(kind, ActionKind::CallAndBridge | ActionKind::Hangup) {
            // The first action on a new call answers it.
            self.set_leg(leg, LegState::Connected, log);
        }
        let prompt_ms = self.setup.prompt_ms;
        match &action {
            Action::PlayAudio(p) => {
                self.hears(leg, &p.audio_source.key, log);
                let times = u64::from(p.repeat.unwrap_or(1).max(1));
                self.timed(action.clone(), leg, prompt_ms * times, true);
            }
            Action::Speak(s) => {
                self.hears(leg, &format!("speech: {}", s.text), log);
                self.timed(action.clone(), leg, prompt_ms, true);
            }
            Action::Pause(p) => {
                let ms = u64::from(p.duration_in_milliseconds);
                self.timed(action.clone(), leg, ms, false);
            }
            Action::PlayAudioAndGetDigits(p) => {
                self.hears(leg, &p.audio_source.key, log);
                self.collect(action.clone(), leg);
            }
            Action::SpeakAndGetDigits(p) => {
                self.hears(leg, &format!("speech: {}", p.speech_parameters.text), log);
                self.collect(action.clone(), leg);
            }
            Action::ReceiveDigits(r) => {
                self.listeners.retain(|l| l.leg != leg);
                self.listeners.push(Listener {
                    leg,
                    action: action.clone(),
                    pattern: r.input_digits_regex.clone(),
                    between_ms: u64::from(r.in_between_digits_duration_in_milliseconds),
                });
                self.done(f, &action, leg, log);
            }
            Action::SendDigits(_) | Action::VoiceFocus(_) => self.done(f, &action, leg, log),
            Action::ModifyChimeMeetingAttendees(_) => self.succeed(f, &action, leg, log),
            Action::RecordAudio(_)
            | Action::JoinChimeMeeting(_)
            | Action::StartBotConversation(_) => {
                self.running = Some(Running::Busy {
                    action: action.clone(),
                    leg,
                });
            }
            Action::CallAndBridge(b) => self.bridge(f, &action, b, log),
            Action::Hangup(h) => {
                let code = h
                    .sip_response_code
                    .map_or(0, |c| c.as_str().parse().unwrap_or(0));
                self.set_leg(leg, LegState::Gone, log);
                self.leg_hung_up(f, leg, code, log);
            }
            Action::StartCallRecording(r) => {
                if self.recordings.iter().any(|(l, _)| *l == leg) {
                    let why = "a leg's recording can be started only once";
                    return self.fail(f, &action, Some(leg), "InvalidActionParameter", why, log);
                }
                self.set_recording(leg, Recording::Active, log);
                let mut data = data_of(&action, self.call_id(leg));
                data.call_recording_destination = Some(RecordingLocation {
                    storage_type: Some("S3".to_owned()),
                    location: Some(format!(
                        "{}/{}_{}.wav",
                        r.destination.location, self.setup.transaction_id, r.call_id
                    )),
                });
                // UNCERTAIN (conservative): StartCallRecording reports its success at once, even
                // mid-list, so a flow must answer that event without dropping the rest.
                self.report(f, EventType::ActionSuccessful, data, Some(leg), None, log);
            }
            Action::PauseCallRecording(_)
            | Action::ResumeCallRecording(_)
            | Action::StopCallRecording(_) => {
                let now = self
                    .recordings
                    .iter()
                    .find(|(l, _)| *l == leg)
                    .map(|(_, r)| *r);
                let next = match (kind, now) {
                    (ActionKind::PauseCallRecording, Some(Recording::Active)) => Recording::Paused,
                    (ActionKind::ResumeCallRecording, Some(Recording::Paused)) => Recording::Active,
                    (
                        ActionKind::StopCallRecording,
                        Some(Recording::Active | Recording::Paused),
                    ) => Recording::Stopped,
                    _ => {
                        let why = format!(
                            "no recording on {} can take this change (it is {})",
                            self.tag(leg),
                            now.map_or("not started", Recording::as_str)
                        );
                        return self.fail(
                            f,
                            &action,
                            Some(leg),
                            "InvalidActionParameter",
                            &why,
                            log,
                        );
                    }
                };
                self.set_recording(leg, next, log);
                self.done(f, &action, leg, log);
            }
        }
    }

    fn timed(&mut self, action: Action, leg: usize, ms: u64, audible: bool) {
        self.running = Some(Running::Timed {
            action,
            leg,
            until_ms: self.now_ms + ms,
            audible,
        });
    }

    fn collect(&mut self, action: Action, leg: usize) {
        self.running = Some(Running::Collect {
            action,
            leg,
            attempt: 1,
            since_ms: self.now_ms,
        });
    }

    fn set_recording(&mut self, leg: usize, state: Recording, log: &mut Vec<Entry>) {
        match self.recordings.iter_mut().find(|(l, _)| *l == leg) {
            Some(entry) => entry.1 = state,
            None => self.recordings.push((leg, state)),
        }
        log.push(Entry::Recording {
            at_ms: self.elapsed_ms(),
            leg: self.tag(leg),
            state: state.as_str().to_owned(),
        });
    }

    fn bridge(
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
                arguments: Default::default(),
            },
            ..data_of(&hangup_placeholder(), None)
        };
        self.report(f, EventType::Hangup, data, Some(leg), None, log);
    }
}

/// How an action names its leg.
pub(super) fn addressed(action: &Action) -> Option<Target> {
    let id = |c: &interpreter::wire::CallId| Some(Target::CallId(c.clone()));
    match action {
        Action::PlayAudio(x) => x.target.clone(),
        Action::PlayAudioAndGetDigits(x) => x.target.clone(),
        Action::ReceiveDigits(x) => x.target.clone(),
        Action::Pause(x) => x.target.clone(),
        Action::Hangup(x) => x.target.clone(),
        Action::RecordAudio(x) => x.target.clone(),
        Action::JoinChimeMeeting(x) => x.target.clone(),
        Action::ModifyChimeMeetingAttendees(x) => x.target.clone(),
        Action::StartBotConversation(x) => x.target.clone(),
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

fn audio_key(action: &Action) -> Option<&str> {
    match action {
        Action::PlayAudio(p) => Some(&p.audio_source.key),
        Action::PlayAudioAndGetDigits(p) => Some(&p.audio_source.key),
        _ => None,
    }
}

/// What a collect accepts: the digits without a terminator, within the count and the pattern.
pub(super) fn accepted(capture: &DigitCapture, entered: &str) -> Option<String> {
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
