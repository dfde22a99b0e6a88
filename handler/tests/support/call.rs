//! A scripted SMA call for tests: builds the events the service would send, carries the
//! `TransactionAttributes` of each answer into the next event (as the service does), and keeps
//! the legs' state.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use interpreter::config::Config;
use interpreter::effect::Effect;
use interpreter::ir::Flow;
use interpreter::step::{Turn, step};
use interpreter::wire::{Event, decode_event};
use serde_json::{Value, json};

pub const OWNER: &str = "+12065550100";
pub const NUMBER: &str = "+12065550199";
pub const STRANGER: &str = "+14255550142";
pub const LEG_A: &str = "aaaaaaaa-0000-4000-8000-00000000000a";
pub const LEG_B: &str = "bbbbbbbb-0000-4000-8000-00000000000b";
pub const TXN: &str = "11111111-2222-4333-8444-555555555555";

pub fn flow() -> Flow {
    handler::flows::embedded("recording").expect("the recording flow is built in")
}

pub fn config(flow: &Flow) -> Config {
    Config::resolve(flow, |v| match v {
        "SOURCE_PHONE" => Some(OWNER.into()),
        "WAV_BUCKET" => Some("prompts-bucket".into()),
        "RECORDING_BUCKET" => Some("recordings-bucket".into()),
        _ => None,
    })
    .unwrap()
}

pub struct Call {
    pub flow: Flow,
    pub config: Config,
    pub sequence: u64,
    pub attributes: Value,
    pub a: Value,
    pub b: Option<Value>,
    pub last: Option<Turn>,
}

impl Call {
    /// A call from `from` to the recording number.
    pub fn inbound(from: &str) -> (Call, Turn) {
        let flow = flow();
        let config = config(&flow);
        let a = json!({
            "CallId": LEG_A, "ParticipantTag": "LEG-A", "To": NUMBER, "From": from,
            "Direction": "Inbound", "StartTimeInMilliseconds": "1717171717123"
        });
        let mut call = Call {
            flow,
            config,
            sequence: 0,
            attributes: json!({}),
            a,
            b: None,
            last: None,
        };
        let turn = call.send("NEW_INBOUND_CALL", None, json!({}));
        (call, turn)
    }

    pub fn participants(&self) -> Value {
        let mut list = vec![self.a.clone()];
        if let Some(b) = &self.b {
            list.push(b.clone());
        }
        Value::Array(list)
    }

    /// The event as JSON, before it is sent.
    pub fn event(&mut self, kind: &str, action_data: Option<Value>, top: Value) -> Value {
        self.sequence += 1;
        let mut details = json!({
            "TransactionId": TXN, "AwsAccountId": "123456789012", "AwsRegion": "us-east-1",
            "SipRuleId": "a7f3c2d1-5b6e-4f80-9c1d-2e3f4a5b6c7d",
            "SipMediaApplicationId": "e1d2c3b4-a596-4877-8a9b-0c1d2e3f4a5b",
            "Participants": self.participants()
        });
        if self.attributes.as_object().is_some_and(|m| !m.is_empty()) {
            details["TransactionAttributes"] = self.attributes.clone();
        }
        let mut event = json!({
            "SchemaVersion": "1.0", "Sequence": self.sequence, "InvocationEventType": kind,
            "CallDetails": details
        });
        if let Some(d) = action_data {
            event["ActionData"] = d;
        }
        if let Value::Object(extra) = top {
            for (k, v) in extra {
                event[k] = v;
            }
        }
        event
    }

    /// Sends an event and keeps the answer's attributes for the next one.
    pub fn send(&mut self, kind: &str, action_data: Option<Value>, top: Value) -> Turn {
        let event = self.event(kind, action_data, top);
        self.deliver(&event)
    }

    /// Delivers an already built event (e.g. a second time).
    pub fn deliver(&mut self, event: &Value) -> Turn {
        let decoded: Event = decode_event(event.to_string().as_bytes()).unwrap();
        let turn = step(&self.flow, &self.config, &decoded);
        if let Some(attrs) = turn.response.transaction_attributes() {
            self.attributes = serde_json::to_value(attrs).unwrap();
        }
        self.last = Some(turn.clone());
        turn
    }

    pub fn connect_all(&mut self) {
        self.a["Status"] = json!("Connected");
        if let Some(b) = &mut self.b {
            b["Status"] = json!("Connected");
        }
    }

    /// The bridge to `to` was answered: LEG-B appears and both legs are connected.
    pub fn bridge_answered(&mut self, to: &str) -> Turn {
        let from = self.a["From"].as_str().unwrap().to_owned();
        self.b = Some(json!({
            "CallId": LEG_B, "ParticipantTag": "LEG-B", "To": to, "From": from,
            "Direction": "Outbound", "StartTimeInMilliseconds": "1717171745981", "Status": "Connected"
        }));
        self.connect_all();
        let data = json!({"Type": "CallAndBridge", "Parameters": {
            "CallTimeoutSeconds": 30, "CallerIdNumber": from,
            "Endpoints": [{"BridgeEndpointType": "PSTN", "Uri": to}], "CallId": LEG_A}});
        self.send("ACTION_SUCCESSFUL", Some(data), json!({}))
    }

    pub fn bridge_failed(&mut self, error: &str) -> Turn {
        self.connect_all();
        let data = json!({"Type": "CallAndBridge", "Parameters": {"CallId": LEG_A},
            "ErrorType": error, "ErrorMessage": "Call not answered"});
        self.send("ACTION_FAILED", Some(data), json!({}))
    }

    pub fn collected(&mut self, digits: &str) -> Turn {
        self.connect_all();
        let data = json!({"Type": "PlayAudioAndGetDigits", "Parameters": {"CallId": LEG_A},
            "ReceivedDigits": digits});
        self.send("ACTION_SUCCESSFUL", Some(data), json!({}))
    }

    pub fn digits_on(&mut self, call_id: &str, digits: &str) -> Turn {
        let data = json!({"Type": "ReceiveDigits", "Parameters": {
            "CallId": call_id, "InputDigitsRegex": "[5-7]",
            "InBetweenDigitsDurationInMilliseconds": 1000, "FlushDigitsDurationInMilliseconds": 10000},
            "ReceivedDigits": digits});
        self.send("DIGITS_RECEIVED", Some(data), json!({}))
    }

    pub fn failed(&mut self, action: &str, call_id: &str, error: &str) -> Turn {
        let data = json!({"Type": action, "Parameters": {"CallId": call_id},
            "ErrorType": error, "ErrorMessage": "failed"});
        self.send("ACTION_FAILED", Some(data), json!({}))
    }

    pub fn update(&mut self, key: &str, value: &str) -> Turn {
        let data = json!({"Type": "CallUpdateRequest", "Parameters": {"Arguments": {key: value}}});
        self.send("CALL_UPDATE_REQUESTED", Some(data), json!({}))
    }

    /// `leg` ("LEG-A"/"LEG-B") hung up.
    pub fn hangup(&mut self, leg: &str) -> Turn {
        let call_id = if leg == "LEG-A" { LEG_A } else { LEG_B };
        if leg == "LEG-A" {
            self.a["Status"] = json!("Disconnected");
        } else if let Some(b) = &mut self.b {
            b["Status"] = json!("Disconnected");
        }
        let data = json!({"Type": "Hangup", "Parameters": {
            "SipResponseCode": 0, "CallId": call_id, "ParticipantTag": leg}});
        self.send("HANGUP", Some(data), json!({}))
    }
}

/// The answer's actions as JSON, for assertions that read like the wire.
pub fn actions(turn: &Turn) -> Vec<Value> {
    serde_json::to_value(&turn.response).unwrap()["Actions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The actions' types, in order.
pub fn types(turn: &Turn) -> Vec<String> {
    actions(turn)
        .iter()
        .map(|a| a["Type"].as_str().unwrap().to_owned())
        .collect()
}

/// The call id each action addresses.
pub fn targets(turn: &Turn) -> Vec<String> {
    actions(turn)
        .iter()
        .map(|a| a["Parameters"]["CallId"].as_str().unwrap_or("-").to_owned())
        .collect()
}

/// The prompt key of each PlayAudio, in order.
pub fn prompts(turn: &Turn) -> Vec<String> {
    actions(turn)
        .iter()
        .filter_map(|a| {
            a["Parameters"]["AudioSource"]["Key"]
                .as_str()
                .map(str::to_owned)
        })
        .collect()
}

pub fn effects(turn: &Turn) -> &[Effect] {
    &turn.effects
}
