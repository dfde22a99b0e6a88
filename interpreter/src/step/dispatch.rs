//! Which handler answers an event, and the rules that hold whatever the flow says: ignored
//! events, calls with no leg left, state from another flow version, and faults.

use super::eval::is_up;
use super::exec::Run;
use super::state::{CallState, Loaded};
use super::{Fault, Foreign, Remark, Turn};
use crate::config::Config;
use crate::effect::Effect;
use crate::ir::{Flow, Handler, LegRef, RecordingState, Trigger};
use crate::wire::{self, Action, ActionKind, Event, EventType, Response, TransactionAttributes};

/// What the flow wrote when the service would refuse it (too many actions, attributes over their
/// limits): the answer as JSON, for a simulation that shows what the service does with it.
#[derive(Debug, Clone, PartialEq)]
pub struct AsWritten {
    pub json: String,
    pub effects: Vec<Effect>,
    /// The state the call would wait in afterwards.
    pub state: Option<String>,
    /// Why the runtime would not send it.
    pub fault: Fault,
}

pub fn answer(flow: &Flow, config: &Config, event: &Event, now_ms: Option<u64>) -> Turn {
    match answer_with(flow, config, event, now_ms, true) {
        Ok(turn) => turn,
        Err(written) => Turn::empty(Remark::InvalidAnswer(written.fault)),
    }
}

/// `answer`; when `guarded` is false, an answer the service would refuse is given as written
/// instead of the flow's `on invalid response` answer.
pub fn answer_with(
    flow: &Flow,
    config: &Config,
    event: &Event,
    now_ms: Option<u64>,
    guarded: bool,
) -> Result<Turn, AsWritten> {
    match &event.event_type {
        EventType::Unknown(t) => return Ok(Turn::empty(Remark::UnknownEvent(t.clone()))),
        // The service ignores the actions answered to these.
        EventType::Ringing | EventType::ActionInterrupted => return Ok(Turn::empty_quiet()),
        EventType::NewOutboundCall => return Ok(keep_call_arguments(flow, event)),
        _ => {}
    }
    if !event.call.participants.iter().any(is_up) {
        let mut turn = Turn::empty_quiet();
        if event.event_type == EventType::Hangup {
            turn.effects.push(Effect::Ended { at_ms: None });
        }
        return Ok(turn);
    }
    let loaded = match CallState::load(flow, &event.call.transaction_attributes) {
        Loaded::Fresh(s) | Loaded::Resumed(s) => s,
        Loaded::Foreign(why) => return Ok(finish_safely(event, why)),
    };
    let Some(trigger_event) = TriggerEvent::of(event) else {
        return Ok(Turn::empty_quiet());
    };
    let mut state = loaded;
    if let TriggerEvent::Failed(kind) = trigger_event {
        undo_recording(&mut state, kind);
    } else if state.recording != RecordingState::Idle {
        // Any other event after the start means the start worked: it would have failed first.
        state.recording_confirmed = true;
    }
    let handler = select(flow, &state, &trigger_event);
    let Some(handler) = handler else {
        // Nothing to do: keep the state (with any recording correction) as it is.
        return Ok(
            respond(flow, Run::new(flow, config, event, state).at(now_ms), None)
                .unwrap_or_else(|fault| Turn::empty(Remark::InvalidAnswer(fault))),
        );
    };
    let mut run = Run::new(flow, config, event, state).at(now_ms);
    let recover = |fault: &Fault| recover(flow, config, event, now_ms, fault);
    Ok(match run.block(&handler.body) {
        Ok(_) if !guarded && let Some(written) = as_written(flow, &run) => return Err(written),
        Ok(_) => match respond(flow, run, None) {
            Ok(turn) => turn,
            // The service would refuse this answer with INVALID_LAMBDA_RESPONSE: answer as the
            // flow's `on invalid response` would, at once.
            Err(fault) => recover(&fault),
        },
        Err(fault) => recover(&fault),
    })
}

impl Turn {
    fn empty_quiet() -> Self {
        Self {
            response: Response::empty(),
            effects: Vec::new(),
            state: None,
            note: None,
        }
    }
}

/// The event in the terms of the flow's triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerEvent {
    NewCall,
    Answered,
    Succeeded(ActionKind),
    Failed(ActionKind),
    Digits(Option<LegRef>),
    Hangup(Option<LegRef>),
    Update,
    InvalidResponse,
}

impl TriggerEvent {
    fn of(event: &Event) -> Option<Self> {
        let run_leg = || super::eval::event_leg(event);
        let kind = event.action_data.as_ref().and_then(|d| d.kind());
        Some(match event.event_type {
            EventType::NewInboundCall => TriggerEvent::NewCall,
            EventType::CallAnswered => TriggerEvent::Answered,
            EventType::ActionSuccessful => TriggerEvent::Succeeded(kind?),
            EventType::ActionFailed => TriggerEvent::Failed(kind?),
            EventType::DigitsReceived => TriggerEvent::Digits(run_leg()),
            EventType::Hangup => TriggerEvent::Hangup(run_leg()),
            EventType::CallUpdateRequested => TriggerEvent::Update,
            EventType::InvalidLambdaResponse => TriggerEvent::InvalidResponse,
            _ => return None,
        })
    }
}

/// Whether a handler answers the event, and how specifically.
fn matches(flow: &Flow, state: &CallState, trigger: &Trigger, event: &TriggerEvent) -> bool {
    match (trigger, event) {
        (Trigger::NewCall, TriggerEvent::NewCall)
        | (Trigger::Answered, TriggerEvent::Answered)
        | (Trigger::Update, TriggerEvent::Update)
        | (Trigger::InvalidResponse, TriggerEvent::InvalidResponse) => true,
        (Trigger::Succeeded(kinds), TriggerEvent::Succeeded(k)) => kinds.contains(k),
        (Trigger::Failed(kinds), TriggerEvent::Failed(k)) => kinds.is_empty() || kinds.contains(k),
        (Trigger::Digits(None), TriggerEvent::Digits(_)) => true,
        (Trigger::Digits(Some(id)), TriggerEvent::Digits(leg)) => {
            let Some(listener) = flow.listeners.get(usize::from(*id)) else {
                return false;
            };
            let listener_leg = match listener.leg {
                crate::ir::Target::Leg(l) => Some(l),
                crate::ir::Target::Var(v) => match state.vars.get(usize::from(v)) {
                    Some(crate::ir::Value::Leg(l)) => Some(*l),
                    _ => None,
                },
            };
            listener_leg.is_some() && listener_leg == *leg
        }
        (Trigger::Hangup(None), TriggerEvent::Hangup(_)) => true,
        (Trigger::Hangup(Some(l)), TriggerEvent::Hangup(leg)) => Some(*l) == *leg,
        _ => false,
    }
}

/// The state's own handlers first, then the flow-wide ones; within each, the most specific.
fn select<'f>(flow: &'f Flow, state: &CallState, event: &TriggerEvent) -> Option<&'f Handler> {
    let own = state
        .state
        .and_then(|id| flow.state(id))
        .map(|s| s.handlers.as_slice())
        .unwrap_or_default();
    for scope in [own, flow.handlers.as_slice()] {
        let best = scope
            .iter()
            .filter(|h| matches(flow, state, &h.trigger, event))
            .max_by_key(|h| h.trigger.specificity());
        if best.is_some() {
            return best;
        }
    }
    None
}

/// A recording operation that failed did not change the recording.
fn undo_recording(state: &mut CallState, kind: ActionKind) {
    state.recording = match (kind, state.recording) {
        (ActionKind::StartCallRecording, r) if state.recording_confirmed => r,
        (ActionKind::StartCallRecording, _) => RecordingState::Idle,
        (ActionKind::PauseCallRecording, _) => RecordingState::Active,
        (ActionKind::ResumeCallRecording, _) => RecordingState::Paused,
        (ActionKind::StopCallRecording, RecordingState::Stopped) if state.stopped_paused => {
            RecordingState::Paused
        }
        (ActionKind::StopCallRecording, RecordingState::Stopped) => RecordingState::Active,
        (_, r) => r,
    };
    if state.recording == RecordingState::Idle {
        state.recording_leg = None;
    }
}

/// The answer the run built, or the fault that the service would refuse it with
/// (`INVALID_LAMBDA_RESPONSE`).
fn respond(flow: &Flow, run: Run<'_>, note: Option<Remark>) -> Result<Turn, Fault> {
    let Run {
        actions,
        sites,
        effects,
        state,
        ..
    } = run;
    let mut state = state;
    // An empty answer lets the list already running go on, so its sites stay the ones a later
    // `continue` must find; the attributes are sent whole either way.
    if !actions.is_empty() {
        state.sent = sites;
    }
    let waiting = state
        .state
        .and_then(|id| flow.state(id))
        .map(|s| s.name.clone());
    let response = envelope(flow, &state, actions)?;
    Ok(Turn {
        response,
        effects,
        state: waiting,
        note,
    })
}

/// The answer as the flow wrote it, when the service would refuse it.
fn as_written(flow: &Flow, run: &Run<'_>) -> Option<AsWritten> {
    let mut state = run.state.clone();
    if !run.actions.is_empty() {
        state.sent.clone_from(&run.sites);
    }
    let attributes = state.encode(flow);
    let error = Response::new(run.actions.clone(), Some(attributes.clone())).err()?;
    let json = serde_json::json!({
        "SchemaVersion": wire::SCHEMA_VERSION,
        "Actions": run.actions,
        "TransactionAttributes": attributes,
    });
    Some(AsWritten {
        json: json.to_string(),
        effects: run.effects.clone(),
        state: state
            .state
            .and_then(|id| flow.state(id))
            .map(|s| s.name.clone()),
        fault: Fault::Envelope(error),
    })
}

fn envelope(flow: &Flow, state: &CallState, actions: Vec<Action>) -> Result<Response, Fault> {
    let attributes: TransactionAttributes = state.encode(flow);
    Response::new(actions, Some(attributes)).map_err(Fault::Envelope)
}

/// A fault discards the partial answer; the flow's `on invalid response` handler answers instead,
/// from the state the event arrived with; if that faults too, the answer is empty.
fn recover(
    flow: &Flow,
    config: &Config,
    event: &Event,
    now_ms: Option<u64>,
    fault: &Fault,
) -> Turn {
    // The state the event arrived with, read again: a fault is rare, and keeping a copy for it
    // cost every answer one.
    let loaded = match CallState::load(flow, &event.call.transaction_attributes) {
        Loaded::Fresh(s) | Loaded::Resumed(s) => s,
        Loaded::Foreign(why) => return finish_safely(event, why),
    };
    let note = Remark::Fault(fault.clone());
    let fallback = flow
        .handlers
        .iter()
        .find(|h| h.trigger == Trigger::InvalidResponse);
    if let Some(handler) = fallback {
        let mut run = Run::new(flow, config, event, loaded).at(now_ms);
        if run.block(&handler.body).is_ok()
            && let Ok(turn) = respond(flow, run, Some(note.clone()))
        {
            return turn;
        }
    }
    Turn::empty(note)
}

/// State from another flow or version is never interpreted: the connected legs are hung up so
/// that the call ends cleanly instead of waiting in silence.
fn finish_safely(event: &Event, why: Foreign) -> Turn {
    let actions: Vec<Action> = event
        .call
        .participants
        .iter()
        .filter(|p| is_up(p))
        .map(|p| {
            Action::Hangup(wire::Hangup {
                target: Some(wire::Target::CallId(p.call_id.clone())),
                sip_response_code: None,
            })
        })
        .collect();
    let response = Response::new(actions, None).unwrap_or_else(|_| Response::empty());
    Turn {
        response,
        effects: Vec::new(),
        state: None,
        note: Some(Remark::Foreign(why)),
    }
}

/// A call placed through the API: no actions, but its arguments go into the call state so that
/// `args.NAME` reads them for the whole call (the events after this one carry none).
fn keep_call_arguments(flow: &Flow, event: &Event) -> Turn {
    let arguments = event
        .action_data
        .as_ref()
        .map(|d| d.parameters.arguments.clone())
        .unwrap_or_default();
    if arguments.is_empty() {
        return Turn::empty_quiet();
    }
    let mut state = match CallState::load(flow, &event.call.transaction_attributes) {
        Loaded::Fresh(s) | Loaded::Resumed(s) => s,
        Loaded::Foreign(_) => return Turn::empty_quiet(),
    };
    state.args = arguments;
    match envelope(flow, &state, Vec::new()) {
        Ok(response) => Turn {
            response,
            effects: Vec::new(),
            state: None,
            note: None,
        },
        Err(fault) => Turn::empty(Remark::InvalidAnswer(fault)),
    }
}
