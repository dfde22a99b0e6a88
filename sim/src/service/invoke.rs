//! Invoking the function: building the event the service would send, the retry and time-out
//! rules, and checking the answer as the service does (a bad envelope is answered with
//! `INVALID_LAMBDA_RESPONSE`; a bad action parameter is not an envelope error, it fails that
//! action when it runs).

use super::{Entry, LegState, Service};
use crate::function::{Answer, Function, Reply};
use interpreter::wire::limits::{MAX_ACTIONS, MAX_ATTRIBUTE_CHARS, MAX_ATTRIBUTE_PAIRS};
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
/// action ran on).
fn echoed(action: &Action) -> BTreeMap<String, serde_json::Value> {
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
    fn participants(&self) -> Vec<Participant> {
        self.legs
            .iter()
            .filter(|l| match l.state {
                LegState::Offered | LegState::Connected => true,
                LegState::Gone => l.was_connected,
                // An API call's only leg is listed while it rings; a bridge's LEG-B is not.
                LegState::Ringing => l.tag == interpreter::wire::LegTag::A,
            })
            .map(|l| Participant {
                call_id: CallId::new(l.call_id.clone()),
                tag: l.tag.clone(),
                to: l.to.clone(),
                from: l.from.clone(),
                direction: Some(if l.outbound {
                    Direction::Outbound
                } else {
                    Direction::Inbound
                }),
                start_time_ms: Some(l.start_ms),
                status: match l.state {
                    LegState::Connected => Some(LegStatus::Connected),
                    LegState::Gone => Some(LegStatus::Disconnected),
                    LegState::Offered | LegState::Ringing => None,
                },
                sip_headers: BTreeMap::new(),
            })
            .collect()
    }

    pub(super) fn event(&self, inv: &Invocation) -> Event {
        let inbound = self.setup.origin == super::Origin::Inbound;
        Event {
            schema_version: SCHEMA_VERSION.to_owned(),
            sequence: self.sequence,
            event_type: inv.event_type.clone(),
            call: CallDetails {
                transaction_id: self.setup.transaction_id.clone(),
                transaction_attributes: self.attributes.clone(),
                aws_account_id: "111122223333".to_owned(),
                aws_region: "us-east-1".to_owned(),
                sip_rule_id: inbound.then(|| "0f5c1d2e-7a3b-4c8d-9e0f-1a2b3c4d5e6f".to_owned()),
                sip_media_application_id: Some("8e1f3a7c-2b4d-4e6f-8a0b-1c2d3e4f5a6b".to_owned()),
                participants: self.participants(),
            },
            action_data: inv.data.clone(),
            error: inv.error.clone(),
        }
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
        let event = self.event(&inv);
        log.push(Entry::Event {
            at_ms: self.elapsed_ms(),
            sequence: self.sequence,
            event: inv.event_type.as_str().to_owned(),
            about: inv.data.as_ref().map(|d| d.action_type.as_str().to_owned()),
            leg: inv
                .leg
                .and_then(|i| self.legs.get(i))
                .map(|l| l.tag.as_str().to_owned()),
            detail: inv.detail.clone(),
            duplicate: false,
        });
        function.at(self.now_ms);
        let reply = function.invoke(&event);
        let ignored = self.ignores(&inv.event_type);
        self.log_reply(&reply, ignored, log);
        let injected = self
            .setup
            .latencies
            .iter()
            .find(|(n, _)| *n == self.invocations)
            .map_or(0, |(_, ms)| *ms);
        let latency = reply.latency_ms.max(injected);
        // Kept (not copied) for a later duplicate delivery; the checks below read it there.
        self.last = Some(Box::new((event, reply.answer)));
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
            self.end_all(log);
            return None;
        }
        self.now_ms += latency;
        if ignored {
            if inv.event_type == EventType::NewOutboundCall {
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
            None => self.last.as_ref().map_or_else(
                || Err(("InvalidResponse".to_owned(), "no answer".to_owned())),
                |last| check(&last.1),
            ),
        };
        match checked {
            Ok((actions, attributes)) => {
                if let Some(attributes) = attributes {
                    self.attributes = attributes;
                }
                Some(actions)
            }
            Err((error_type, message)) if error_type == "LambdaError" => {
                self.service(
                    log,
                    &format!("the function failed ({message}): the call is hung up"),
                );
                self.end_all(log);
                None
            }
            Err((error_type, message)) => {
                self.service(
                    log,
                    &format!("the answer is not usable: {error_type}: {message}"),
                );
                // UNCERTAIN (conservative): an unusable answer to INVALID_LAMBDA_RESPONSE itself
                // ends the call rather than looping.
                if depth > 0 || inv.event_type == EventType::InvalidLambdaResponse {
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

    /// The same event again (same sequence and attributes); its answer must be the same.
    pub(super) fn redeliver(&mut self, function: &mut dyn Function, log: &mut Vec<Entry>) {
        let Some(last) = self.last.clone() else {
            return;
        };
        let (event, first) = *last;
        log.push(Entry::Event {
            at_ms: self.elapsed_ms(),
            sequence: event.sequence,
            event: event.event_type.as_str().to_owned(),
            about: event
                .action_data
                .as_ref()
                .map(|d| d.action_type.as_str().to_owned()),
            leg: None,
            detail: None,
            duplicate: true,
        });
        let reply = function.invoke(&event);
        // The service uses one answer per delivery; the second is only compared.
        self.log_reply(&reply, true, log);
        if !same_answer(&reply.answer, &first) {
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
                effects: reply.effects.iter().map(describe_effect).collect(),
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

/// One call-record effect in words.
pub fn describe_effect(effect: &interpreter::effect::Effect) -> String {
    serde_json::to_value(effect)
        .ok()
        .and_then(|v| {
            let map = v.as_object()?.clone();
            let name = map.get("effect")?.as_str()?.to_owned();
            let rest: Vec<String> = map
                .iter()
                .filter(|(k, v)| k.as_str() != "effect" && k.as_str() != "at_ms" && !v.is_null())
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => format!("{k}={s}"),
                    other => format!("{k}={other}"),
                })
                .collect();
            Some(if rest.is_empty() {
                name
            } else {
                format!("{name} {}", rest.join(" "))
            })
        })
        .unwrap_or_else(|| format!("{effect:?}"))
}

type Checked = (Vec<Action>, Option<TransactionAttributes>);

/// The service's checks of an answer's envelope: a JSON object, `SchemaVersion` `"1.0"`, at most
/// ten known actions, attributes within their limits. The error is `(ErrorType, ErrorMessage)`.
pub fn check(answer: &Answer) -> Result<Checked, (String, String)> {
    let text = match answer {
        Answer::Response(r) => {
            return Ok((r.actions().to_vec(), r.transaction_attributes().cloned()));
        }
        Answer::Error(e) => return Err(("LambdaError".to_owned(), e.clone())),
        Answer::Json(text) => text,
    };
    let fail = |t: &str, m: String| Err((t.to_owned(), m));
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return fail("InvalidResponse", "the response is not JSON".to_owned());
    };
    let Some(object) = value.as_object() else {
        return fail(
            "InvalidResponse",
            "the response is not a JSON object".to_owned(),
        );
    };
    if object.get("SchemaVersion").and_then(|v| v.as_str()) != Some(SCHEMA_VERSION) {
        return fail(
            "SchemaVersionMismatch",
            "ensure the response object contains SchemaVersion 1.0".to_owned(),
        );
    }
    let items = match object.get("Actions") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(_) => return fail("InvalidResponse", "Actions is not a list".to_owned()),
    };
    if items.len() > MAX_ACTIONS {
        return fail(
            "InvalidResponse",
            format!(
                "Too many actions specified in the response ({})",
                items.len()
            ),
        );
    }
    let mut actions = Vec::new();
    for item in items {
        match serde_json::from_value::<Action>(item) {
            Ok(a) => actions.push(a),
            Err(e) => return fail("InvalidResponse", format!("Unsupported action: {e}")),
        }
    }
    let attributes = match object.get("TransactionAttributes") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Object(map)) => {
            if map.len() > MAX_ATTRIBUTE_PAIRS {
                return fail(
                    "TransactionAttributesInvalidMapSize",
                    format!("Maximum number of mappings is {MAX_ATTRIBUTE_PAIRS}"),
                );
            }
            let mut out = TransactionAttributes::new();
            for (k, v) in map {
                let Some(v) = v.as_str() else {
                    return fail("InvalidResponse", format!("attribute {k} is not a string"));
                };
                if k.chars().count() > MAX_ATTRIBUTE_CHARS
                    || v.chars().count() > MAX_ATTRIBUTE_CHARS
                {
                    return fail("InvalidResponse", format!("attribute {k} is too long"));
                }
                out.insert(k.clone(), v.to_owned());
            }
            Some(out)
        }
        Some(_) => {
            return fail(
                "InvalidResponse",
                "TransactionAttributes is not a map".to_owned(),
            );
        }
    };
    Ok((actions, attributes))
}
