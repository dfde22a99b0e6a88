//! The invocation path every mode shares (Lambda, `invoke`, `replay`): decode, step, log one line,
//! write the call records within their deadline, answer.

use crate::masking::mask_number;
use crate::store::{AnyStore, CallRecords, Timestamp};
use interpreter::config::Config;
use interpreter::effect::RecordWrite;
use interpreter::ir::Flow;
use interpreter::step::{Turn, step_at};
use interpreter::wire::{Event, LegTag, Response, decode_event};
use std::time::SystemTime;

/// What the handler runs: a flow with its config, and where call records go.
pub struct App {
    pub flow: Flow,
    pub config: Config,
    pub records: Option<CallRecords<AnyStore>>,
}

/// One answered event, with what the log and the record writer need.
pub struct Answer {
    pub event: Option<Event>,
    pub turn: Turn,
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
                }
            }
        }
    }

    /// Answers one event now (the clock).
    pub fn answer(&self, event: Event) -> Answer {
        self.answer_at(event, now())
    }

    /// Answers one event at `now`: the time is an input of the step, never read inside it.
    pub fn answer_at(&self, event: Event, now: Timestamp) -> Answer {
        let turn = step_at(&self.flow, &self.config, &event, Some(now.0));
        log_turn(&event, &turn);
        Answer {
            event: Some(event),
            turn,
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
            flow_version: self.flow.version.clone(),
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
fn log_turn(event: &Event, turn: &Turn) {
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
    match &turn.note {
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
