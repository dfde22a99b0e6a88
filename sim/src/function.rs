//! The port between the service model and "the function" it invokes: one event in, one answer
//! out. The model never knows whether it talks to the interpreter directly ([`FlowFunction`]) or to
//! the handler's whole invocation path (decode, step, encode, call-record writes).

use interpreter::config::Config;
use interpreter::effect::Effect;
use interpreter::ir::Flow;
use interpreter::step::step_at;
use interpreter::wire::{Event, Response};

/// What the function gave back for one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A response already known to be a valid envelope (the interpreter's own type).
    Response(Response),
    /// The bytes the function returned, checked by the model as the service checks them (a bad
    /// envelope becomes `INVALID_LAMBDA_RESPONSE`).
    Json(String),
    /// The invocation failed (a Lambda error); the service ends the call.
    Error(String),
}

/// One invocation's result, with what the transcript shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub answer: Answer,
    /// The flow state the call waits in afterwards.
    pub state: Option<String>,
    /// Why the answer is not what the flow says, when it is not.
    pub note: Option<String>,
    /// The call-record writes the function made.
    pub effects: Vec<Effect>,
    /// Simulated time the function took; 5 s or more makes the service deliver the event again,
    /// 20 s or more makes it hang up.
    pub latency_ms: u64,
}

impl Reply {
    /// A reply with a valid response and nothing else.
    #[must_use]
    pub fn of(response: Response) -> Self {
        Self {
            answer: Answer::Response(response),
            state: None,
            note: None,
            effects: Vec::new(),
            latency_ms: 0,
        }
    }

    /// A reply with raw JSON for the model to check.
    #[must_use]
    pub fn json(text: impl Into<String>) -> Self {
        Self {
            answer: Answer::Json(text.into()),
            ..Self::of(Response::empty())
        }
    }
}

/// "The function" the service invokes.
pub trait Function {
    /// Answers one event.
    fn invoke(&mut self, event: &Event) -> Reply;

    /// The simulated time (epoch ms) of the next invocation, for a function that stamps writes.
    fn at(&mut self, _now_ms: u64) {}

    /// The call record as the function stored it, when it keeps one the model can read; the
    /// model folds the reported effects itself otherwise.
    fn call_record(&mut self, _transaction_id: &str) -> Option<serde_json::Value> {
        None
    }

    /// Deploys a new version of the flow (a file named by the scenario): calls in progress keep
    /// the version they started on. `Ok` says what now runs; a function that keeps one version
    /// refuses, and the one it has keeps running (as after a failed deployment).
    ///
    /// # Errors
    ///
    /// Why the new version was not deployed.
    fn deploy(&mut self, file: &str) -> Result<String, String> {
        Err(format!(
            "this function runs one flow version; {file} is not deployed"
        ))
    }
}

/// The interpreter's step function on a compiled flow: the function without the handler around it.
#[derive(Debug, Clone, Copy)]
pub struct FlowFunction<'a> {
    pub flow: &'a Flow,
    pub config: &'a Config,
    /// The simulated time of the next invocation, passed into the step (what `hour()` reads).
    pub now_ms: Option<u64>,
}

impl<'a> FlowFunction<'a> {
    /// The step function on `flow`, answering at the simulated time.
    #[must_use]
    pub fn new(flow: &'a Flow, config: &'a Config) -> Self {
        Self {
            flow,
            config,
            now_ms: None,
        }
    }
}

impl Function for FlowFunction<'_> {
    fn invoke(&mut self, event: &Event) -> Reply {
        let turn = step_at(self.flow, self.config, event, self.now_ms);
        Reply {
            answer: Answer::Response(turn.response),
            state: turn.state,
            note: turn.note.map(|remark| remark.to_string()),
            effects: turn.effects,
            latency_ms: 0,
        }
    }

    fn at(&mut self, now_ms: u64) {
        self.now_ms = Some(now_ms);
    }
}

/// Any closure from event to reply is a function (hand-written answers in tests).
impl<F: FnMut(&Event) -> Reply> Function for F {
    fn invoke(&mut self, event: &Event) -> Reply {
        self(event)
    }
}
