//! Statement execution: runs a handler's statements, building the answer's actions, moving the
//! call between states and describing call-record effects. Every step burns fuel, so no flow can
//! loop forever inside one answer.

use super::eval::party_number;
use super::lower::millis;
use super::state::CallState;
use super::{Fault, Part};
use crate::config::Config;
use crate::effect::{Effect, RecordingChange};
use crate::ir::{
    Block, Flow, LegRef, Note, PromptId, RecordingOp, RecordingState, SiteId, StateId, Stmt,
    Target, Value,
};
use crate::wire::{self, Action, Event};

/// How many steps one answer may take: far beyond any real flow, small enough to answer fast.
pub const FUEL: u32 = 100_000;
/// How many states one answer may pass through.
pub const MAX_GOTOS: u32 = 32;

pub enum Control {
    Next,
    End,
}

/// One answer being built.
pub struct Run<'a> {
    pub flow: &'a Flow,
    pub config: &'a Config,
    pub event: &'a Event,
    pub state: CallState,
    pub actions: Vec<Action>,
    /// The site of each statement that sent actions, in order (the `sent` attribute).
    pub sites: Vec<SiteId>,
    pub effects: Vec<Effect>,
    fuel: u32,
    gotos: u32,
    /// Sending again the rest of a failed list: no state changes, no effects.
    replaying: bool,
}

impl<'a> Run<'a> {
    pub fn new(flow: &'a Flow, config: &'a Config, event: &'a Event, state: CallState) -> Self {
        Self {
            flow,
            config,
            event,
            state,
            actions: Vec::new(),
            sites: Vec::new(),
            effects: Vec::new(),
            fuel: FUEL,
            gotos: 0,
            replaying: false,
        }
    }

    pub fn burn(&mut self) -> Result<(), Fault> {
        self.fuel = self.fuel.checked_sub(1).ok_or(Fault::Fuel)?;
        Ok(())
    }

    pub fn block(&mut self, block: &Block) -> Result<Control, Fault> {
        for stmt in &block.0 {
            if let Control::End = self.stmt(stmt)? {
                return Ok(Control::End);
            }
        }
        Ok(Control::Next)
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<Control, Fault> {
        self.burn()?;
        match stmt {
            Stmt::Action { site, action } => {
                self.sites.push(*site);
                self.action(action)?;
            }
            Stmt::Recording { site, op } => {
                self.sites.push(*site);
                self.recording(op)?;
            }
            Stmt::Listen { site, listener } => {
                self.sites.push(*site);
                let l = self
                    .flow
                    .listeners
                    .get(usize::from(*listener))
                    .ok_or(Fault::Missing(Part::Listener))?;
                let target = self.target(l.leg)?;
                self.actions
                    .push(Action::ReceiveDigits(wire::ReceiveDigits {
                        target: Some(target),
                        input_digits_regex: l.pattern.clone(),
                        in_between_digits_duration_in_milliseconds: millis(l.between_ms)?,
                        flush_digits_duration_in_milliseconds: millis(l.flush_ms)?,
                    }));
            }
            Stmt::Assign { var, value } => {
                let v = self.eval(value)?;
                self.assign(*var, v)?;
            }
            Stmt::If {
                cond,
                then,
                otherwise,
            } => {
                let branch = if self.truth(cond)? { then } else { otherwise };
                return self.block(branch);
            }
            Stmt::Match {
                scrutinee,
                arms,
                otherwise,
            } => {
                let value = self.eval(scrutinee)?;
                for arm in arms {
                    let mut hit = false;
                    for p in &arm.patterns {
                        if super::eval::same(&value, &self.eval(p)?) {
                            hit = true;
                            break;
                        }
                    }
                    let guard = match &arm.guard {
                        Some(g) if hit => self.truth(g)?,
                        _ => hit,
                    };
                    if guard {
                        return self.block(&arm.body);
                    }
                }
                return self.block(otherwise);
            }
            Stmt::Goto(id) => {
                self.goto(*id)?;
                return Ok(Control::End);
            }
            Stmt::Note(note) => self.note(note)?,
            Stmt::Continue => self.resend_rest()?,
            Stmt::Done => return Ok(Control::End),
        }
        Ok(Control::Next)
    }

    fn goto(&mut self, id: StateId) -> Result<(), Fault> {
        self.gotos += 1;
        if self.gotos > MAX_GOTOS {
            return Err(Fault::GotoLimit);
        }
        let state = self.flow.state(id).ok_or(Fault::Missing(Part::State))?;
        self.state.state = Some(id);
        self.block(&state.enter)?;
        Ok(())
    }

    fn assign(&mut self, var: u16, value: Value) -> Result<(), Fault> {
        let decl = self
            .flow
            .vars
            .get(usize::from(var))
            .ok_or(Fault::Missing(Part::Variable))?;
        if let Value::Text(s) = &value {
            // Declared in characters; the room in the attributes allows for JSON's escapes.
            let max = crate::ir::text_chars_within(decl.max_len);
            let len = s.chars().count();
            if len > max as usize {
                return Err(Fault::VariableTooLong {
                    name: decl.name.clone(),
                    len,
                    max,
                });
            }
        }
        let slot = self
            .state
            .vars
            .get_mut(usize::from(var))
            .ok_or(Fault::Missing(Part::Variable))?;
        *slot = value;
        Ok(())
    }

    fn note(&mut self, note: &Note) -> Result<(), Fault> {
        let leg_a = self.participant(LegRef::A);
        let effect = match note {
            Note::Inbound | Note::Outbound => Effect::Started {
                direction: if matches!(note, Note::Inbound) {
                    crate::effect::CallDirection::Inbound
                } else {
                    crate::effect::CallDirection::Outbound
                },
                caller: leg_a
                    .map(|p| party_number(p).to_owned())
                    .unwrap_or_default(),
                at_ms: leg_a.and_then(|p| p.start_time_ms),
            },
            Note::Answered(e) => {
                let callee = text_of(&self.eval(e)?);
                let at_ms = self.participant(LegRef::B).and_then(|p| p.start_time_ms);
                Effect::Answered { callee, at_ms }
            }
            Note::Failed(reason) => {
                let error = match reason {
                    Some(e) => text_of(&self.eval(e)?),
                    None => self
                        .event
                        .error
                        .as_ref()
                        .and_then(|e| e.error_type.clone())
                        .unwrap_or_else(|| "Unknown".to_owned()),
                };
                Effect::Failed { error, at_ms: None }
            }
            Note::Fact(name, e) => Effect::Fact {
                name: name.clone(),
                value: text_of(&self.eval(e)?),
            },
        };
        if !self.replaying {
            self.effects.push(effect);
        }
        Ok(())
    }

    /// The service's call id of a leg; the leg must be in the call.
    pub(super) fn call_id(&self, leg: LegRef) -> Result<wire::CallId, Fault> {
        self.participant(leg)
            .map(|p| p.call_id.clone())
            .ok_or(Fault::MissingLeg(leg))
    }

    pub(super) fn target(&self, t: Target) -> Result<wire::Target, Fault> {
        let leg = self.leg_of(t)?.ok_or(Fault::EmptyLegVariable)?;
        Ok(wire::Target::CallId(self.call_id(leg)?))
    }

    pub(super) fn audio(&self, prompt: PromptId) -> Result<wire::AudioSource, Fault> {
        let p = self
            .flow
            .prompts
            .get(usize::from(prompt))
            .ok_or(Fault::Missing(Part::Prompt))?;
        let bucket = match self.config.get(p.bucket) {
            Some(Value::Text(b)) => b.clone(),
            _ => return Err(Fault::PromptBucket),
        };
        Ok(wire::AudioSource {
            storage: wire::StorageType::S3,
            bucket_name: bucket,
            key: p.key.clone(),
        })
    }

    fn recording(&mut self, op: &RecordingOp) -> Result<(), Fault> {
        let (action, next, change, location) = match op {
            RecordingOp::Start {
                on,
                track,
                location,
            } => {
                let leg = self.leg_of(*on)?.ok_or(Fault::EmptyLegVariable)?;
                let location = text_of(&self.eval(location)?);
                let action = Action::StartCallRecording(wire::StartCallRecording {
                    call_id: self.call_id(leg)?,
                    track: *track,
                    destination: wire::CallRecordingDestination {
                        storage: wire::StorageType::S3,
                        location: location.clone(),
                    },
                });
                // The SMA starts a leg's recording once: a second start leaves the running one
                // as it is (and will fail on its own).
                let next = if self.state.recording == RecordingState::Idle {
                    if !self.replaying {
                        self.state.recording_leg = Some(leg);
                        self.state.recording_confirmed = false;
                    }
                    RecordingState::Active
                } else {
                    self.state.recording
                };
                (action, next, RecordingChange::Started, Some(location))
            }
            RecordingOp::Pause | RecordingOp::Resume | RecordingOp::Stop => {
                let leg = self.state.recording_leg.ok_or(Fault::NoRecording)?;
                let call_id = self.call_id(leg)?;
                match op {
                    RecordingOp::Pause => (
                        Action::PauseCallRecording(wire::PauseCallRecording { call_id }),
                        RecordingState::Paused,
                        RecordingChange::Paused,
                        None,
                    ),
                    RecordingOp::Resume => (
                        Action::ResumeCallRecording(wire::ResumeCallRecording { call_id }),
                        RecordingState::Active,
                        RecordingChange::Resumed,
                        None,
                    ),
                    _ => (
                        Action::StopCallRecording(wire::StopCallRecording { call_id }),
                        RecordingState::Stopped,
                        RecordingChange::Stopped,
                        None,
                    ),
                }
            }
        };
        self.actions.push(action);
        let second_start =
            matches!(op, RecordingOp::Start { .. }) && self.state.recording != RecordingState::Idle;
        if !self.replaying && !second_start {
            self.state.recording = next;
            self.effects.push(Effect::Recording {
                change,
                location,
                at_ms: None,
            });
        }
        Ok(())
    }

    /// Sends again what followed the failed action in the list it belonged to: every site of
    /// that list is evaluated again, and the actions after the one that failed are kept.
    fn resend_rest(&mut self) -> Result<(), Fault> {
        let Some(data) = &self.event.action_data else {
            return Ok(());
        };
        let failed_kind = data.kind();
        let failed_call = data.parameters.call_id.clone();
        let sites = std::mem::take(&mut self.state.sent);
        let before_actions = std::mem::take(&mut self.actions);
        let before_sites = std::mem::take(&mut self.sites);
        self.replaying = true;
        let mut rebuilt: Vec<(SiteId, Action)> = Vec::new();
        for site in &sites {
            let Some(stmt) = find_site(self.flow, *site) else {
                continue;
            };
            let from = self.actions.len();
            match stmt {
                Stmt::Action { action, .. } => self.action(action)?,
                Stmt::Recording { op, .. } => self.recording(op)?,
                Stmt::Listen { .. } => {
                    self.stmt(stmt)?;
                }
                _ => {}
            }
            for a in self.actions.drain(from..) {
                rebuilt.push((*site, a));
            }
        }
        self.replaying = false;
        self.state.sent = sites;
        self.actions = before_actions;
        self.sites = before_sites;
        let position = rebuilt.iter().position(|(_, a)| {
            Some(a.kind()) == failed_kind
                && match (&failed_call, call_id_of_action(a)) {
                    (Some(f), Some(c)) => f == c,
                    _ => true,
                }
        });
        if let Some(i) = position {
            let mut last_site = None;
            for (site, a) in rebuilt.into_iter().skip(i + 1) {
                if last_site != Some(site) {
                    self.sites.push(site);
                    last_site = Some(site);
                }
                self.actions.push(a);
            }
        }
        Ok(())
    }
}

fn find_site(flow: &Flow, site: SiteId) -> Option<&Stmt> {
    fn in_block(block: &Block, site: SiteId) -> Option<&Stmt> {
        block.0.iter().find_map(|stmt| match stmt {
            Stmt::Action { site: s, .. }
            | Stmt::Recording { site: s, .. }
            | Stmt::Listen { site: s, .. }
                if *s == site =>
            {
                Some(stmt)
            }
            Stmt::If {
                then, otherwise, ..
            } => in_block(then, site).or_else(|| in_block(otherwise, site)),
            Stmt::Match {
                arms, otherwise, ..
            } => arms
                .iter()
                .find_map(|a| in_block(&a.body, site))
                .or_else(|| in_block(otherwise, site)),
            _ => None,
        })
    }
    flow.handlers
        .iter()
        .find_map(|h| in_block(&h.body, site))
        .or_else(|| {
            flow.states.iter().find_map(|s| {
                in_block(&s.enter, site)
                    .or_else(|| s.handlers.iter().find_map(|h| in_block(&h.body, site)))
            })
        })
}

/// The leg an action addresses, when it names it by call id (ours always do).
fn call_id_of_action(a: &Action) -> Option<&wire::CallId> {
    let target = match a {
        Action::PlayAudio(x) => x.target.as_ref(),
        Action::PlayAudioAndGetDigits(x) => x.target.as_ref(),
        Action::ReceiveDigits(x) => x.target.as_ref(),
        Action::Pause(x) => x.target.as_ref(),
        Action::Hangup(x) => x.target.as_ref(),
        Action::RecordAudio(x) => x.target.as_ref(),
        Action::JoinChimeMeeting(x) => x.target.as_ref(),
        Action::ModifyChimeMeetingAttendees(x) => x.target.as_ref(),
        Action::StartBotConversation(x) => x.target.as_ref(),
        Action::Speak(x) => return Some(&x.call_id),
        Action::SpeakAndGetDigits(x) => return Some(&x.call_id),
        Action::SendDigits(x) => return Some(&x.call_id),
        Action::VoiceFocus(x) => return Some(&x.call_id),
        Action::StartCallRecording(x) => return Some(&x.call_id),
        Action::PauseCallRecording(x) => return Some(&x.call_id),
        Action::ResumeCallRecording(x) => return Some(&x.call_id),
        Action::StopCallRecording(x) => return Some(&x.call_id),
        Action::CallAndBridge(_) => None,
    };
    match target {
        Some(wire::Target::CallId(id)) => Some(id),
        _ => None,
    }
}

/// A value as action text: text and numbers as written, absent as empty.
pub fn text_of(v: &Value) -> String {
    match v {
        Value::Text(s) | Value::Phone(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Duration(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Leg(l) => l.as_str().to_owned(),
        Value::None => String::new(),
    }
}
