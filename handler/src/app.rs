//! The invocation path every mode shares (Lambda, `invoke`, `replay`): decode, open the call
//! state's seal, pick the flow version the call started on, step, seal the new state, log one
//! line, write the call records within their deadline, answer.

use crate::masking::mask_number;
use crate::seal::{Opened, Sealer};
use crate::store::{AnyStore, CallRecords, Timestamp};
use interpreter::config::Config;
use interpreter::effect::RecordWrite;
use interpreter::ir::Flow;
use interpreter::step::{Fault, KEY_FLOW, Remark, Turn, stamp_of, step_at};
use interpreter::wire::{Event, LegTag, Response, decode_event};
use std::time::SystemTime;

/// What the handler runs: a flow with its config, the earlier versions of it that calls in progress
/// may have started on, the keys that seal call state, and where call records go.
pub struct App {
    pub flow: Flow,
    pub config: Config,
    /// Earlier versions of the flow, with their config: a call finishes on the version it started
    /// on, so a redeploy never ends it. A version neither current nor here is refused.
    pub earlier: Vec<(Flow, Config)>,
    pub sealer: Sealer,
    pub records: Option<CallRecords<AnyStore>>,
}

/// One answered event, with what the log and the record writer need.
pub struct Answer {
    pub event: Option<Event>,
    pub turn: Turn,
    /// The version of the flow that answered.
    pub flow_version: String,
    /// Why the event's call state was dropped unread (it was not sealed for this call), if it was.
    pub dropped_state: Option<&'static str>,
}

impl App {
    /// Decodes and answers one event now (the clock); never fails.
    pub fn answer_bytes(&self, bytes: &[u8]) -> Answer {
        self.answer_bytes_at(bytes, now())
    }

    /// Decodes and answers one event at `now` (what `hour()` and `weekday()` read); never fails.
    pub fn answer_bytes_at(&self, bytes: &[u8], now: Timestamp) -> Answer {
        match decode_event(bytes) {
            Ok(event) => self.answer_at(event, now),
            Err(unusable) => {
                tracing::warn!(reason = %unusable, "unusable event: answered with no actions");
                Answer {
                    event: None,
                    turn: Turn::unusable(&unusable),
                    flow_version: self.flow.version.clone(),
                    dropped_state: None,
                }
            }
        }
    }

    /// Answers one event now (the clock).
    pub fn answer(&self, event: Event) -> Answer {
        self.answer_at(event, now())
    }

    /// Answers one decoded event at `now` (the time is an input of the step, never read inside
    /// it). State that does not verify for this call is dropped before the flow sees it, and every
    /// state sent back is sealed for this call.
    pub fn answer_at(&self, mut event: Event, now: Timestamp) -> Answer {
        let opened = self.sealer.open(
            &event.call.transaction_id,
            &mut event.call.transaction_attributes,
        );
        let (flow, config) = self.version_for(&event);
        let mut turn = step_at(flow, config, &event, Some(now.0));
        let dropped_state = match opened {
            Opened::Dropped(why) => Some(why),
            Opened::Empty | Opened::Verified => None,
        };
        self.seal(&event, &mut turn);
        log_turn(&event, &turn, dropped_state);
        Answer {
            event: Some(event),
            turn,
            flow_version: flow.version.clone(),
            dropped_state,
        }
    }

    /// The flow version the call's (verified) state was written by, when it is an earlier one
    /// this binary keeps; otherwise the current flow (which refuses a version it does not know).
    fn version_for(&self, event: &Event) -> (&Flow, &Config) {
        let stamp = event.call.transaction_attributes.get(KEY_FLOW);
        stamp
            .and_then(|stamp| self.earlier.iter().find(|(f, _)| stamp_of(f) == *stamp))
            .map_or((&self.flow, &self.config), |(f, c)| (f, c))
    }

    /// Seals the answer's attributes for this call; an answer that cannot carry the seal is
    /// replaced by an empty one (the service then keeps the state it has).
    fn seal(&self, event: &Event, turn: &mut Turn) {
        let Some(attributes) = turn.response.transaction_attributes() else {
            return;
        };
        let mut attributes = attributes.clone();
        self.sealer
            .seal(&event.call.transaction_id, &mut attributes);
        match std::mem::take(&mut turn.response).with_attributes(attributes) {
            Ok(sealed) => turn.response = sealed,
            Err(why) => {
                turn.response = Response::empty();
                turn.effects.clear();
                turn.note = Some(Remark::InvalidAnswer(Fault::Envelope(why)));
            }
        }
    }

    /// The call-record write this answer calls for, if any (whichever store takes it).
    pub fn record_write(&self, answer: &Answer) -> Option<RecordWrite> {
        let event = answer.event.as_ref()?;
        if answer.turn.effects.is_empty() {
            return None;
        }
        Some(RecordWrite {
            call_id: event.call.transaction_id.clone(),
            sequence: event.sequence,
            flow_name: self.flow.name.clone(),
            flow_version: answer.flow_version.clone(),
            effects: answer.turn.effects.clone(),
        })
    }

    /// Writes the turn's call records within their deadline; never fails the call.
    pub async fn record(&self, answer: &Answer) {
        self.record_at(answer, now()).await;
    }

    /// The same, with `now` for effects without a time of their own (simulated time when the
    /// call is simulated).
    pub async fn record_at(&self, answer: &Answer, now: Timestamp) {
        let (Some(records), Some(write)) = (&self.records, self.record_write(answer)) else {
            return;
        };
        records.write(&write, now).await;
    }

    /// The whole invocation: answer, then records.
    pub async fn handle(&self, bytes: &[u8]) -> Response {
        let answer = self.answer_bytes(bytes);
        self.record(&answer).await;
        answer.turn.response
    }
}

/// The clock, read here and passed into the step as an input.
fn now() -> Timestamp {
    Timestamp::from_system_time(SystemTime::now())
}

/// One structured line per event: what came in, what went out, and why if it is not what the flow
/// says; phone numbers masked.
fn log_turn(event: &Event, turn: &Turn, dropped_state: Option<&str>) {
    let actions: Vec<&str> = turn
        .response
        .actions()
        .iter()
        .map(|a| a.kind().as_str())
        .collect();
    let leg_a = event.call.leg(&LegTag::A);
    let from = leg_a.map(|p| mask_number(&p.from)).unwrap_or_default();
    let to = leg_a.map(|p| mask_number(&p.to)).unwrap_or_default();
    let state = turn.state.as_deref().unwrap_or("");
    let note = match (dropped_state, &turn.note) {
        (None, None) => None,
        (Some(why), None) => Some(format!("{why}: answered as a new call")),
        (None, Some(note)) => Some(note.to_string()),
        (Some(why), Some(note)) => Some(format!("{why}: answered as a new call; {note}")),
    };
    match &note {
        None => tracing::info!(
            transaction_id = %event.call.transaction_id,
            sequence = event.sequence,
            event_type = event.event_type.as_str(),
            state,
            actions = %actions.join(","),
            from = %from,
            to = %to,
            "answered"
        ),
        Some(note) => tracing::warn!(
            transaction_id = %event.call.transaction_id,
            sequence = event.sequence,
            event_type = event.event_type.as_str(),
            state,
            actions = %actions.join(","),
            from = %from,
            to = %to,
            note = %note,
            "answered outside the flow"
        ),
    }
}
