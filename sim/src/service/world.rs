//! What the parties and the API do to a running call: digits at a collect or a listener,
//! failures, hang-ups, call updates; and actions described in words for the transcript.

use super::invoke::{Invocation, data_of};
use super::legs::{Addressed, NO_VALID_INPUT, accepted, addressed, hangup_placeholder};
use super::{BridgeOutcome, Entry, LegState, Running, Service};
use crate::function::Function;
use interpreter::wire::{
    Action, ActionData, ActionType, EchoedParameters, EventType, LegTag, RecordedFile,
};

impl Service {
    pub(super) fn entered(
        &mut self,
        f: &mut dyn Function,
        digits: Option<&str>,
        log: &mut Vec<Entry>,
    ) {
        let Some(Running::Collect {
            action,
            leg,
            attempt,
            since_ms,
        }) = self.running.clone()
        else {
            return;
        };
        let (capture, prompt, failure) = match &action {
            Action::PlayAudioAndGetDigits(p) => (
                &p.digits,
                p.audio_source.key.clone(),
                p.failure_audio_source.key.clone(),
            ),
            Action::SpeakAndGetDigits(p) => (
                &p.digits,
                format!("speech: {}", p.speech_parameters.text),
                format!("speech: {}", p.failure_speech_parameters.text),
            ),
            _ => return,
        };
        let valid = digits.and_then(|d| accepted(capture, d));
        log.push(Entry::Digits {
            at_ms: self.elapsed_ms(),
            leg: self.tag(leg),
            digits: digits.unwrap_or_default().to_owned(),
            outcome: if valid.is_some() {
                "collected"
            } else {
                "not valid"
            }
            .into(),
        });
        if let Some(received) = valid {
            self.running = None;
            let mut data = data_of(&action, self.call_id(leg));
            data.received_digits = Some(received.clone());
            return self.report(
                f,
                EventType::ActionSuccessful,
                data,
                Some(leg),
                Some(received),
                log,
            );
        }
        self.hears(leg, &failure, log);
        if attempt < capture.repeat.unwrap_or(1) {
            self.hears(leg, &prompt, log);
            self.running = Some(Running::Collect {
                action,
                leg,
                attempt: attempt + 1,
                since_ms,
            });
        } else {
            self.fail(
                f,
                &action,
                Some(leg),
                NO_VALID_INPUT,
                "no valid digits",
                log,
            );
        }
    }

    pub(super) fn fail_running(
        &mut self,
        f: &mut dyn Function,
        error_type: &str,
        log: &mut Vec<Entry>,
    ) {
        let (action, leg) = match self.running.take() {
            Some(
                Running::Timed { action, leg, .. }
                | Running::Collect { action, leg, .. }
                | Running::Busy { action, leg },
            ) => (action, Some(leg)),
            Some(Running::Bridge { action, .. }) => {
                if let Some(b) = self.legs.get_mut(1) {
                    b.state = LegState::Gone;
                }
                (action, Some(0))
            }
            other @ (Some(_) | None) => {
                self.running = other;
                if !(self.setup.stepwise && self.running.is_none()) {
                    return;
                }
                let Some(action) = self.pending.pop_front() else {
                    return;
                };
                let leg = self.resolve(&action).ok();
                (action, leg)
            }
        };
        self.fail(f, &action, leg, error_type, "injected", log);
    }

    pub(super) fn press(
        &mut self,
        f: &mut dyn Function,
        tag: &LegTag,
        digits: &str,
        log: &mut Vec<Entry>,
    ) {
        let Some(index) = self.legs.iter().position(|l| {
            &l.tag == tag && matches!(l.state, LegState::Offered | LegState::Connected)
        }) else {
            return;
        };
        if let Some(Running::Collect { leg, .. }) = &self.running
            && *leg == index
        {
            return self.entered(f, Some(digits), log);
        }
        let entry = |s: &Self, outcome: &'static str| Entry::Digits {
            at_ms: s.elapsed_ms(),
            leg: tag.to_text(),
            digits: digits.to_owned(),
            outcome: outcome.into(),
        };
        let Some(position) = self.listeners.iter().position(|l| l.leg == index) else {
            log.push(entry(self, "discarded: no listener armed on this leg"));
            return;
        };
        let Some(listener) = self.listeners.get(position) else {
            return;
        };
        // The listener waits its in-between interval before it tests what it has.
        let (between_ms, matched) = (listener.between_ms, listener.pattern.is_match(digits));
        self.now_ms += between_ms;
        if !matched {
            log.push(entry(self, "flushed: no match"));
            return;
        }
        log.push(entry(self, "matched"));
        // UNCERTAIN (conservative): a listener reports one match; the flow must arm it again.
        let listener = self.listeners.remove(position);
        let mut data = data_of(&listener.action, self.call_id(index));
        data.received_digits = Some(digits.to_owned());
        self.report(
            f,
            EventType::DigitsReceived,
            data,
            Some(index),
            Some(digits.to_owned()),
            log,
        );
    }

    pub(super) fn party_hangs_up(
        &mut self,
        f: &mut dyn Function,
        tag: &LegTag,
        log: &mut Vec<Entry>,
    ) {
        let Some(index) = self.legs.iter().position(|l| {
            &l.tag == tag && matches!(l.state, LegState::Offered | LegState::Connected)
        }) else {
            return;
        };
        if let Some(a) = self.legs.get_mut(index) {
            a.was_connected = true;
        }
        self.set_leg(index, LegState::Gone, log);
        let stops = match &self.running {
            Some(
                Running::Timed { leg, .. }
                | Running::Collect { leg, .. }
                | Running::Busy { leg, .. },
            ) => *leg == index,
            Some(Running::Bridge { .. } | Running::Unanswered { .. }) => index == 0,
            Some(Running::Dialling { .. }) | None => false,
        };
        if stops {
            if matches!(self.running, Some(Running::Bridge { .. }))
                && let Some(b) = self.legs.get_mut(1)
            {
                b.state = LegState::Gone;
            }
            self.running = None;
            self.pending.clear();
        }
        self.leg_hung_up(f, index, 0, log);
    }

    pub(super) fn update(
        &mut self,
        f: &mut dyn Function,
        args: &std::collections::BTreeMap<String, String>,
        log: &mut Vec<Entry>,
    ) {
        let data = ActionData {
            action_type: ActionType::CallUpdateRequest,
            parameters: EchoedParameters {
                arguments: args.clone(),
                ..EchoedParameters::default()
            },
            ..data_of(&hangup_placeholder(), None)
        };
        let detail: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let inv = Invocation {
            event_type: EventType::CallUpdateRequested,
            data: Some(data),
            error: None,
            leg: None,
            detail: Some(detail.join(" ")),
        };
        let Some(list) = self.invoke(f, inv, log) else {
            return;
        };
        if list.is_empty() {
            return;
        }
        if let Some(Running::Timed { action, leg, .. } | Running::Busy { action, leg }) =
            self.running.clone()
            && action.kind().is_interruptible()
        {
            self.running = None;
            let data = data_of(&action, self.call_id(leg));
            self.report(f, EventType::ActionInterrupted, data, Some(leg), None, log);
        }
        self.pending = list.into();
        self.pending_checked = self.answer_checked();
    }

    /// An action in words, legs by tag and prompts by key.
    #[must_use]
    pub fn describe(&self, action: &Action) -> String {
        let mut out = String::with_capacity(64);
        out.push_str(action.kind().as_str());
        let mut word = |text: &str| {
            if !text.is_empty() {
                out.push(' ');
                out.push_str(text);
            }
        };
        match addressed(action) {
            Some(Addressed::CallId(id)) => match self.legs.iter().find(|l| l.call_id == id) {
                Some(l) => word(l.tag.as_str()),
                None => word(&format!("call {id}")),
            },
            Some(Addressed::Tag(tag)) => word(tag.as_str()),
            None => {}
        }
        match action {
            Action::PlayAudio(p) => word(&p.audio_source.key),
            Action::PlayAudioAndGetDigits(p) => word(&p.audio_source.key),
            Action::Speak(s) => word(&format!("{:?}", s.text)),
            Action::ReceiveDigits(r) => word(&r.input_digits_regex),
            Action::CallAndBridge(b) => {
                let to = b.endpoints.first().map_or("", |e| match e {
                    interpreter::wire::BridgeEndpoint::Pstn { uri }
                    | interpreter::wire::BridgeEndpoint::Aws { uri, .. } => uri.as_str(),
                });
                word(&format!("to {to} caller id {}", b.caller_id_number));
            }
            Action::StartCallRecording(r) => word(&r.destination.location),
            Action::Pause(p) => word(&format!("{} ms", p.duration_in_milliseconds)),
            _ => {}
        }
        out
    }

    pub(super) fn complete(&mut self, f: &mut dyn Function, log: &mut Vec<Entry>) {
        match self.running.take() {
            Some(Running::Timed {
                action,
                leg,
                until_ms,
                ..
            }) => {
                self.now_ms = self.now_ms.max(until_ms);
                if self.pending.is_empty() {
                    self.succeed(f, &action, leg, log);
                }
            }
            Some(Running::Busy { action, leg }) => {
                let mut data = data_of(&action, self.call_id(leg));
                if let Action::RecordAudio(r) = &action {
                    data.recording_destination = Some(RecordedFile {
                        storage_type: Some("S3".to_owned()),
                        bucket_name: Some(r.recording_destination.bucket_name.clone()),
                        key: Some(format!("{}.wav", self.setup.transaction_id)),
                    });
                }
                self.report(f, EventType::ActionSuccessful, data, Some(leg), None, log);
            }
            Some(Running::Unanswered { until_ms }) => {
                self.now_ms = self.now_ms.max(until_ms);
                self.service(log, "the call was never answered: the service ends it");
                if let Some(a) = self.legs.first_mut() {
                    a.was_connected = true;
                }
                self.set_leg(0, LegState::Gone, log);
                self.leg_hung_up(f, 0, 480, log);
            }
            other => self.running = other,
        }
    }

    pub(super) fn dialled(
        &mut self,
        f: &mut dyn Function,
        outcome: BridgeOutcome,
        log: &mut Vec<Entry>,
    ) {
        match self.running.take() {
            Some(Running::Bridge { action, .. }) => {
                if outcome == BridgeOutcome::Answered {
                    if let Some(b) = self.legs.get_mut(1) {
                        b.start_ms = self.now_ms;
                    }
                    self.set_leg(1, LegState::Connected, log);
                    if self
                        .legs
                        .first()
                        .is_some_and(|l| l.state == LegState::Offered)
                    {
                        self.set_leg(0, LegState::Connected, log);
                    }
                    self.bridged = true;
                    return self.succeed(f, &action, 0, log);
                }
                if let Some(b) = self.legs.get_mut(1) {
                    b.state = LegState::Gone;
                }
                self.leg_log(1, "not answered", log);
                let (error_type, message) = match outcome {
                    BridgeOutcome::Busy => ("CallNotAnswered", "Busy here"),
                    BridgeOutcome::Refused => ("InvalidActionParameter", "The call was refused"),
                    _ => ("CallNotAnswered", "Call not answered"),
                };
                self.fail(f, &action, Some(0), error_type, message, log);
            }
            Some(Running::Dialling { .. }) => {
                if outcome == BridgeOutcome::Answered {
                    self.set_leg(0, LegState::Connected, log);
                    let inv = Invocation {
                        leg: Some(0),
                        ..Invocation::plain(EventType::CallAnswered)
                    };
                    let answer = self.invoke(f, inv, log);
                    return self.take(answer);
                }
                let code = if outcome == BridgeOutcome::Busy {
                    486
                } else {
                    480
                };
                if let Some(a) = self.legs.first_mut() {
                    a.was_connected = true;
                }
                self.set_leg(0, LegState::Gone, log);
                self.leg_hung_up(f, 0, code, log);
            }
            other => self.running = other,
        }
    }
}
