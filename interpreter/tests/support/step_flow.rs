//! One-line tests of `step`: a flow with one `on new call` handler around the statements under
//! test, a caller on LEG-A (and optionally a connected LEG-B), and the answer as JSON.
#![allow(dead_code, reason = "each test file uses a different part")]

use interpreter::config::Config;
use interpreter::ir::{
    Block, ConfigItem, Expr, Flow, Handler, LegRef, Listener, Prompt, Stmt, Target, Trigger, Value,
    ValueType, Var,
};
use interpreter::step::{Turn, step};
use interpreter::wire::decode_event;
use serde_json::{Value as Json, json};

pub const A: Target = Target::Leg(LegRef::A);
pub const B: Target = Target::Leg(LegRef::B);

/// A flow whose new-call handler runs `body`, with one prompt (0), one text(4) variable (0), one
/// listener (0) on LEG-A, and a state (0) whose `enter` runs `enter`.
pub fn flow_with(body: Vec<Stmt>, enter: Vec<Stmt>, fallback: Option<Vec<Stmt>>) -> Flow {
    let mut handlers = vec![Handler {
        trigger: Trigger::NewCall,
        body: Block(body),
    }];
    if let Some(stmts) = fallback {
        handlers.push(Handler {
            trigger: Trigger::InvalidResponse,
            body: Block(stmts),
        });
    }
    Flow {
        name: "t".into(),
        version: "1".into(),
        config: vec![ConfigItem {
            name: "bucket".into(),
            env: "BUCKET".into(),
            ty: ValueType::Text,
            default: None,
        }],
        prompts: vec![Prompt {
            name: "hello".into(),
            bucket: 0,
            key: "hello.wav".into(),
        }],
        vars: vec![Var {
            name: "short".into(),
            ty: ValueType::Text,
            init: Value::None,
            max_len: interpreter::ir::json_text_max_len(4),
        }],
        listeners: vec![Listener {
            name: "keypad".into(),
            leg: A,
            pattern: "[0-9]".into(),
            between_ms: 1000,
            flush_ms: 5000,
        }],
        states: vec![interpreter::ir::State {
            name: "s".into(),
            enter: Block(enter),
            handlers: Vec::new(),
        }],
        handlers,
    }
}

pub fn config() -> Config {
    Config::from_values(vec![Value::Text("prompts".into())])
}

pub fn new_call(with_b: bool) -> Json {
    let mut participants = vec![json!({
        "CallId": "call-a", "ParticipantTag": "LEG-A", "To": "+12065550100",
        "From": "+14255550199", "Direction": "Inbound", "Status": "Connected"
    })];
    if with_b {
        participants.push(json!({
            "CallId": "call-b", "ParticipantTag": "LEG-B", "To": "+14255550111",
            "From": "+12065550100", "Direction": "Outbound", "Status": "Connected"
        }));
    }
    json!({
        "SchemaVersion": "1.0",
        "Sequence": 1,
        "InvocationEventType": "NEW_INBOUND_CALL",
        "CallDetails": {
            "TransactionId": "tx-1",
            "AwsAccountId": "123456789012",
            "AwsRegion": "us-east-1",
            "SipMediaApplicationId": "sma-1",
            "Participants": participants
        }
    })
}

/// Runs the new-call handler of `flow` on a call with LEG-A (and LEG-B when `with_b`).
pub fn turn_of(flow: &Flow, with_b: bool) -> Turn {
    let bytes = serde_json::to_vec(&new_call(with_b)).unwrap_or_default();
    #[expect(clippy::panic, reason = "the test's own event always decodes")]
    let event = decode_event(&bytes).unwrap_or_else(|e| panic!("{e}"));
    step(flow, &config(), &event)
}

/// The actions `body` answers a new call with.
pub fn actions(body: Vec<Stmt>) -> Vec<Json> {
    actions_of(&turn_of(&flow_with(body, Vec::new(), None), false))
}

pub fn actions_of(turn: &Turn) -> Vec<Json> {
    let doc = serde_json::to_value(&turn.response).unwrap_or_default();
    doc["Actions"].as_array().cloned().unwrap_or_default()
}

pub fn text(s: &str) -> Expr {
    Expr::Lit(Value::Text(s.into()))
}

pub fn send(action: interpreter::ir::ActionTemplate) -> Stmt {
    Stmt::Action { site: 0, action }
}
