//! Executing answers: each happening, the action list run in order, and the events that result
//! (protocol notes, section 6). Legs and the events an action's end sends are in `legs`.

use super::invoke::{Invocation, data_of};
use super::{Entry, Happening, Leg, LegState, Listener, Origin, Recording, Running, Service};
use crate::function::Function;
use interpreter::wire::{
    Action, ActionData, ActionKind, ActionType, EchoedParameters, EventType, LegTag,
    RecordingLocation,
};

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
            let arguments = ActionData {
                action_type: ActionType::CallUpdateRequest,
                parameters: EchoedParameters {
                    arguments: self.setup.arguments.clone(),
                    ..EchoedParameters::default()
                },
                ..data_of(&super::legs::hangup_placeholder(), None)
            };
            let detail: Vec<String> = self
                .setup
                .arguments
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let inv = Invocation {
                data: Some(arguments),
                detail: (!detail.is_empty()).then(|| detail.join(" ")),
                ..Invocation::plain(EventType::NewOutboundCall)
            };
            let _ = self.invoke(f, inv, log);
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
            self.pending_checked = self.answer_checked();
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
            action: action.kind().as_str().into(),
            detail: self.describe(&action),
        });
        if !self.pending_checked
            && let Err(violations) = action.validate()
        {
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
                self.timed(action, leg, prompt_ms * times, true);
            }
            Action::Speak(s) => {
                self.hears(leg, &format!("speech: {}", s.text), log);
                self.timed(action, leg, prompt_ms, true);
            }
            Action::Pause(p) => {
                let ms = u64::from(p.duration_in_milliseconds);
                self.timed(action, leg, ms, false);
            }
            Action::PlayAudioAndGetDigits(p) => {
                self.hears(leg, &p.audio_source.key, log);
                self.collect(action, leg);
            }
            Action::SpeakAndGetDigits(p) => {
                self.hears(leg, &format!("speech: {}", p.speech_parameters.text), log);
                self.collect(action, leg);
            }
            Action::ReceiveDigits(r) => {
                self.listeners.retain(|l| l.leg != leg);
                self.listeners.push(Listener {
                    leg,
                    action: action.clone(),
                    pattern: super::Pattern::new(&r.input_digits_regex),
                    between_ms: u64::from(r.in_between_digits_duration_in_milliseconds),
                });
                self.done(f, &action, leg, log);
            }
            Action::SendDigits(_) | Action::VoiceFocus(_) => self.done(f, &action, leg, log),
            Action::ModifyChimeMeetingAttendees(_) => self.succeed(f, &action, leg, log),
            Action::RecordAudio(_)
            | Action::JoinChimeMeeting(_)
            | Action::StartBotConversation(_) => {
                self.running = Some(Running::Busy { action, leg });
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
            state: state.as_str().into(),
        });
    }
}

fn audio_key(action: &Action) -> Option<&str> {
    match action {
        Action::PlayAudio(p) => Some(&p.audio_source.key),
        Action::PlayAudioAndGetDigits(p) => Some(&p.audio_source.key),
        _ => None,
    }
}
