//! Invoking the function: building the event the service would send, the retry and time-out
//! rules, and checking the answer as the service does (a bad envelope is answered with
//! `INVALID_LAMBDA_RESPONSE`; a bad action parameter is not an envelope error, it fails that
//! action when it runs).

use super::envelope::check;
use super::{Entry, LegState, Service};
use crate::function::{Answer, Function, Reply};
use interpreter::wire::{
    Action, ActionData, ActionError, ActionType, CallDetails, CallId, Direction, EchoedParameters,
    Event, EventType, LegStatus, Participant, SCHEMA_VERSION, TransactionAttributes,
};
use std::collections::BTreeMap;

/// The parts of an event that differ by event type.
pub struct Invocation {
    pub event_type: EventType,
    pub data: Option<ActionData>,
    pub error: Option<ActionError>,
    /// The leg the event is about (the default target of the answer's actions).
    pub leg: Option<usize>,
    pub detail: Option<String>,
}

impl Invocation {
    pub fn plain(event_type: EventType) -> Self {
        Self {
            event_type,
            data: None,
            error: None,
            leg: None,
            detail: None,
        }
    }
}

/// `ActionData` echoing an action: its type, its parameters as sent, and the leg it ran on.
pub fn data_of(action: &Action, call_id: Option<&str>) -> ActionData {
    ActionData {
        action_type: ActionType::Known(action.kind()),
        parameters: EchoedParameters {
            call_id: call_id.map(CallId::new),
            others: echoed(action),
            ..EchoedParameters::default()
        },
        received_digits: None,
        call_recording_destination: None,
        recording_destination: None,
        recording_terminator_used: None,
        intent_result: None,
    }
}

/// The parameters the service echoes besides the leg (which `data_of` sets from the leg the
/// action ran on). A flow sends the same few actions again and again (the listener re-armed
/// after every key, the same prompts), so the echoes of the latest ones are kept and copied.
fn echoed(action: &Action) -> BTreeMap<String, serde_json::Value> {
    /// How many actions' echoes are kept, per thread.
    const KEPT: usize = 16;
    type Echoes = Vec<(Action, BTreeMap<String, serde_json::Value>)>;
    thread_local! {
        static ECHOES: std::cell::RefCell<Echoes> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let known = ECHOES.with_borrow(|kept| {
        kept.iter()
            .rev()
            .find(|(a, _)| a == action)
            .map(|(_, echo)| echo.clone())
    });
    known.unwrap_or_else(|| {
        let echo = echo_of(action);
        ECHOES.with_borrow_mut(|kept| {
            if kept.len() >= KEPT {
                kept.remove(0);
            }
            kept.push((action.clone(), echo.clone()));
        });
        echo
    })
}

fn echo_of(action: &Action) -> BTreeMap<String, serde_json::Value> {
    let Ok(serde_json::Value::Object(mut whole)) = serde_json::to_value(action) else {
        return BTreeMap::new();
    };
    let Some(serde_json::Value::Object(params)) = whole.remove("Parameters") else {
        return BTreeMap::new();
    };
    params
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "CallId" | "ParticipantTag"))
        .collect()
}

pub fn error(error_type: &str, message: &str) -> ActionError {
    ActionError {
        error_type: Some(error_type.to_owned()),
        message: Some(message.to_owned()),
        details: Vec::new(),
    }
}

impl Service {
    /// Whether a leg is listed among the event's participants.
    fn listed(leg: &super::Leg) -> bool {
        match leg.state {
            LegState::Offered | LegState::Connected => true,
            LegState::Gone => leg.was_connected,
            // An API call's only leg is listed while it rings; a bridge's LEG-B is not.
            LegState::Ringing => leg.tag == interpreter::wire::LegTag::A,
        }
    }

    fn participant(leg: &super::Leg) -> Participant {
        Participant {
            call_id: CallId::new(leg.call_id.clone()),
            tag: leg.tag.clone(),
            to: leg.to.clone(),
            from: leg.from.clone(),
            direction: None,
            start_time_ms: None,
            status: None,
            sip_headers: BTreeMap::new(),
        }
    }

    /// Brings the participants of an earlier event up to date: the same legs keep their
    /// strings, and only what changes (status, start) is written again.
    fn update_participants(&self, participants: &mut Vec<Participant>) {
        let mut listed = self.legs.iter().filter(|l| Self::listed(l));
        let same = participants.len() == listed.clone().count()
            && participants.iter().zip(listed.clone()).all(|(p, l)| {
                p.call_id.as_str() == l.call_id
                    && p.tag == l.tag
                    && p.to == l.to
                    && p.from == l.from
            });
        if !same {
            participants.clear();
            participants.extend(listed.clone().map(Self::participant));
        }
        for (p, l) in participants.iter_mut().zip(listed.by_ref()) {
            p.direction = Some(if l.outbound {
                Direction::Outbound
            } else {
                Direction::Inbound
            });
            p.start_time_ms = Some(l.start_ms);
            p.status = match l.state {
                LegState::Connected => Some(LegStatus::Connected),
                LegState::Gone => Some(LegStatus::Disconnected),
                LegState::Offered | LegState::Ringing => None,
            };
        }
    }

    /// The event for an invocation, taking its action data and error, and the stored
    /// attributes (the answer replaces them, or they are given back). It is built in the place
    /// of the previous delivery, which it replaces as the last one: every event of a call
    /// repeats the call's ids and most of its participants, and is large to move.
    pub(super) fn event(
        &mut self,
        event_type: &EventType,
        action_data: Option<ActionData>,
        error: Option<ActionError>,
    ) -> Box<(Event, Answer)> {
        let mut delivery = match self.last.take() {
            Some(last) => last,
            None => {
                let inbound = self.setup.origin == super::Origin::Inbound;
                let event = Event {
                    schema_version: SCHEMA_VERSION.to_owned(),
                    sequence: 0,
                    event_type: EventType::Hangup,
                    call: CallDetails {
                        transaction_id: self.setup.transaction_id.clone(),
                        transaction_attributes: TransactionAttributes::new(),
                        aws_account_id: "111122223333".to_owned(),
                        aws_region: "us-east-1".to_owned(),
                        sip_rule_id: inbound
                            .then(|| "0f5c1d2e-7a3b-4c8d-9e0f-1a2b3c4d5e6f".to_owned()),
                        sip_media_application_id: Some(
                            "8e1f3a7c-2b4d-4e6f-8a0b-1c2d3e4f5a6b".to_owned(),
                        ),
                        participants: Vec::new(),
                    },
                    action_data: None,
                    error: None,
                };
                Box::new((
                    event,
                    Answer::Response(interpreter::wire::Response::empty()),
                ))
            }
        };
        let event = &mut delivery.0;
        event.sequence = self.sequence;
        event.event_type = event_type.clone();
        event.call.transaction_attributes = std::mem::take(&mut self.attributes);
        self.update_participants(&mut event.call.participants);
        event.action_data = action_data;
        event.error = error;
        delivery
    }

    /// Sends an event and returns the actions of a usable answer: `None` when the answer is
    /// ignored or the call ended meanwhile.
    pub(super) fn invoke(
        &mut self,
        function: &mut dyn Function,
        inv: Invocation,
        log: &mut Vec<Entry>,
    ) -> Option<Vec<Action>> {
        self.invoke_depth(function, inv, log, 0)
    }

    fn invoke_depth(
        &mut self,
        function: &mut dyn Function,
        inv: Invocation,
        log: &mut Vec<Entry>,
        depth: u8,
    ) -> Option<Vec<Action>> {
        if self.over {
            return None;
        }
        if self.invocations >= self.setup.limits.max_invocations {
            self.service(
                log,
                "the call reached the service's limit of invocations: it is hung up",
            );
            self.end_all(log);
            return None;
        }
        self.sequence += 1;
        self.invocations += 1;
        if let Some(leg) = inv.leg {
            self.trigger_leg = leg;
        }
        let Invocation {
            event_type,
            data,
            error: failure,
            leg,
            detail,
        } = inv;
        log.push(Entry::Event {
            at_ms: self.elapsed_ms(),
            sequence: self.sequence,
            event: event_type.to_text(),
            about: data.as_ref().map(|d| d.action_type.to_text()),
            leg: leg.and_then(|i| self.legs.get(i)).map(|l| l.tag.to_text()),
            detail,
            duplicate: false,
        });
        let mut delivery = self.event(&event_type, data, failure);
        function.at(self.now_ms);
        let reply = function.invoke(&delivery.0);
        let ignored = self.ignores(&event_type);
        self.log_reply(&reply, ignored, log);
        let injected = self
            .setup
            .latencies
            .iter()
            .find(|(n, _)| *n == self.invocations)
            .map_or(0, |(_, ms)| *ms);
        let latency = reply.latency_ms.max(injected);
        // Kept (not copied) for a later duplicate delivery; the checks below read it there.
        delivery.1 = reply.answer;
        self.last = Some(delivery);
        self.attributes_lent = false;
        if latency >= self.setup.limits.retry_ms {
            self.service(
                log,
                &format!(
                    "no answer within {} ms: the service delivers the event again",
                    self.setup.limits.retry_ms
                ),
            );
            self.redeliver(function, log);
        }
        if latency >= self.setup.limits.give_up_ms {
            self.now_ms += self.setup.limits.give_up_ms;
            self.service(
                log,
                &format!(
                    "no answer within {} ms: the service hangs up",
                    self.setup.limits.give_up_ms
                ),
            );
            self.keep_attributes();
            self.end_all(log);
            return None;
        }
        self.now_ms += latency;
        if ignored {
            self.keep_attributes();
            if event_type == EventType::NewOutboundCall {
                self.keep_outbound_attributes();
            }
            return None;
        }
        let refused = self
            .setup
            .refusals
            .iter()
            .find(|(n, _)| *n == self.invocations)
            .map(|(_, e)| e.clone());
        let checked = match refused {
            Some(error_type) => Err((error_type, "refused by the scenario".to_owned())),
            None => match self.last.as_deref_mut() {
                // An answer the interpreter built is valid as it is; its attributes become the
                // stored map without a copy (see `attributes_lent`).
                Some((_, Answer::Response(response))) => {
                    let attributes = response.take_transaction_attributes();
                    self.attributes_lent = attributes.is_some();
                    Ok((response.actions().to_vec(), attributes))
                }
                Some((_, answer)) => check(answer),
                None => Err(("InvalidResponse".to_owned(), "no answer".to_owned())),
            },
        };
        match checked {
            Ok((actions, attributes)) => {
                match attributes {
                    Some(attributes) => self.attributes = attributes,
                    None => self.keep_attributes(),
                }
                Some(actions)
            }
            Err((error_type, message)) if error_type == "LambdaError" => {
                self.keep_attributes();
                self.service(
                    log,
                    &format!("the function failed ({message}): the call is hung up"),
                );
                self.end_all(log);
                None
            }
            Err((error_type, message)) => {
                self.keep_attributes();
                self.service(
                    log,
                    &format!("the answer is not usable: {error_type}: {message}"),
                );
                // UNCERTAIN (conservative): an unusable answer to INVALID_LAMBDA_RESPONSE itself
                // ends the call rather than looping.
                if depth > 0 || event_type == EventType::InvalidLambdaResponse {
                    self.service(log, "a second unusable answer: the call is hung up");
                    self.end_all(log);
                    return None;
                }
                let next = Invocation {
                    event_type: EventType::InvalidLambdaResponse,
                    data: None,
                    error: Some(error(&error_type, &message)),
                    leg: None,
                    detail: Some(error_type),
                };
                self.invoke_depth(function, next, log, depth + 1)
            }
        }
    }

    /// Whether the last answer is one the interpreter built (valid by construction).
    pub(super) fn answer_checked(&self) -> bool {
        matches!(self.last.as_deref(), Some((_, Answer::Response(_))))
    }

    /// Gives back the attributes lent to the last event: its answer left the stored map as it
    /// was.
    fn keep_attributes(&mut self) {
        if let Some(last) = &self.last {
            self.attributes = last.0.call.transaction_attributes.clone();
        }
    }

    /// The same event again (same sequence and attributes); its answer must be the same.
    pub(super) fn redeliver(&mut self, function: &mut dyn Function, log: &mut Vec<Entry>) {
        let Some(last) = self.last.clone() else {
            return;
        };
        let (event, first) = *last;
        log.push(Entry::Event {
            at_ms: self.elapsed_ms(),
            sequence: event.sequence,
            event: event.event_type.to_text(),
            about: event.action_data.as_ref().map(|d| d.action_type.to_text()),
            leg: None,
            detail: None,
            duplicate: true,
        });
        let reply = function.invoke(&event);
        // The service uses one answer per delivery; the second is only compared.
        self.log_reply(&reply, true, log);
        let same = match (&first, self.attributes_lent) {
            // The first answer's attributes are the stored map now.
            (Answer::Response(response), true) => check(&reply.answer).is_ok_and(|(a, t)| {
                a == response.actions() && t.as_ref() == Some(&self.attributes)
            }),
            _ => same_answer(&reply.answer, &first),
        };
        if !same {
            log.push(Entry::Violation {
                at_ms: self.elapsed_ms(),
                text: format!(
                    "event {} delivered twice got two different answers",
                    event.sequence
                ),
            });
        }
    }

    /// UNCERTAIN (read as stated here): the protocol notes say the answer to `NEW_OUTBOUND_CALL`
    /// is ignored, without saying whether that covers its `TransactionAttributes`. Its actions
    /// are certainly never run (the callee is still being dialled). Its attributes are the only
    /// place a function can keep the call's `ArgumentsMap`, which no later event carries, and
    /// the vendor's published outbound-call samples keep them there and read them back on later
    /// events; so the model stores them. It takes the strict side everywhere else: only a whole,
    /// valid envelope's attributes are stored, and an unusable answer is dropped without an
    /// `INVALID_LAMBDA_RESPONSE` (the service reports nothing for an event it ignores).
    fn keep_outbound_attributes(&mut self) {
        if let Some(Ok((_, Some(attributes)))) = self.last.as_ref().map(|last| check(&last.1)) {
            self.attributes = attributes;
        }
    }

    fn ignores(&self, event_type: &EventType) -> bool {
        match event_type {
            EventType::NewOutboundCall | EventType::Ringing | EventType::ActionInterrupted => true,
            _ => !self.any_up(),
        }
    }

    fn log_reply(&self, reply: &Reply, ignored: bool, log: &mut Vec<Entry>) {
        let actions = match &reply.answer {
            Answer::Response(r) => r.actions().iter().map(|a| self.describe(a)).collect(),
            Answer::Json(text) => match check(&reply.answer) {
                Ok((actions, _)) => actions.iter().map(|a| self.describe(a)).collect(),
                Err(_) => vec![format!("(unusable) {}", excerpt(text))],
            },
            Answer::Error(e) => vec![format!("(function error) {e}")],
        };
        log.push(Entry::Answer {
            at_ms: self.elapsed_ms(),
            actions,
            state: reply.state.clone(),
            note: reply.note.clone(),
            ignored,
        });
        if !reply.effects.is_empty() {
            log.push(Entry::Writes {
                at_ms: self.elapsed_ms(),
                effects: reply
                    .effects
                    .iter()
                    .map(super::words::describe_effect)
                    .collect(),
            });
        }
    }

    pub(super) fn service(&self, log: &mut Vec<Entry>, text: &str) {
        log.push(Entry::Service {
            at_ms: self.elapsed_ms(),
            text: text.to_owned(),
        });
    }
}

fn excerpt(text: &str) -> String {
    text.chars().take(80).collect()
}

fn same_answer(a: &Answer, b: &Answer) -> bool {
    match (check(a), check(b)) {
        (Ok(x), Ok(y)) => x == y,
        (Err(x), Err(y)) => x == y,
        _ => false,
    }
}
