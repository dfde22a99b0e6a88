//! The call's state as it travels in `TransactionAttributes`: the flow and version that wrote it,
//! the current state, the variables, the recording and the sites of the last answer's actions.
//! It is always sent whole, because the SMA replaces the stored map with what it receives.

use super::outcome::Foreign;
use crate::ir::{Flow, LegRef, RecordingState, SiteId, StateId, Value, ValueType};
use std::collections::BTreeMap;

pub const KEY_FLOW: &str = "flow";
pub const KEY_STATE: &str = "state";
pub const KEY_RECORDING: &str = "rec";
pub const KEY_VARS: &str = "vars";
pub const KEY_SENT: &str = "sent";
pub const KEY_ARGS: &str = "args";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallState {
    pub state: Option<StateId>,
    pub vars: Vec<Value>,
    pub recording: RecordingState,
    /// The leg the recording was started on; pause, resume and stop address the same leg.
    pub recording_leg: Option<LegRef>,
    /// Whether the recording's start is known to have worked (an event other than its failure
    /// came after it): a failed start undoes only a start that is not.
    pub recording_confirmed: bool,
    /// The site of each action of the last answer, in order.
    pub sent: Vec<SiteId>,
    /// The arguments the call was placed with (`CreateSipMediaApplicationCall`), for the whole call.
    pub args: BTreeMap<String, String>,
}

/// What the attributes of an event say about the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No state yet: the call is new to this flow.
    Fresh(CallState),
    /// The state this flow version wrote.
    Resumed(CallState),
    /// State written by another flow or version, or unreadable: never interpreted.
    Foreign(Foreign),
}

impl CallState {
    pub fn fresh(flow: &Flow) -> Self {
        Self {
            state: None,
            vars: flow.vars.iter().map(|v| v.init.clone()).collect(),
            recording: RecordingState::Idle,
            recording_leg: None,
            recording_confirmed: false,
            sent: Vec::new(),
            args: BTreeMap::new(),
        }
    }

    pub fn load(flow: &Flow, attributes: &BTreeMap<String, String>) -> Loaded {
        let Some(stamp) = attributes.get(KEY_FLOW) else {
            return Loaded::Fresh(Self::fresh(flow));
        };
        if *stamp != stamp_of(flow) {
            return Loaded::Foreign(Foreign::OtherFlow {
                found: stamp.clone(),
                expected: stamp_of(flow),
            });
        }
        match Self::decode(flow, attributes) {
            Ok(s) => Loaded::Resumed(s),
            Err(why) => Loaded::Foreign(Foreign::Unreadable(why)),
        }
    }

    fn decode(flow: &Flow, attributes: &BTreeMap<String, String>) -> Result<Self, String> {
        let state = match attributes.get(KEY_STATE).map(String::as_str) {
            None | Some("") => None,
            Some(name) => Some(
                flow.state_named(name)
                    .map(|(id, _)| id)
                    .ok_or_else(|| format!("no state named {name:?}"))?,
            ),
        };
        let (recording, recording_leg, recording_confirmed) =
            match attributes.get(KEY_RECORDING).map(String::as_str) {
                None | Some("") | Some("idle") => (RecordingState::Idle, None, false),
                Some(text) => {
                    let (word, leg) = text.split_once(':').ok_or("recording without a leg")?;
                    let state = RecordingState::parse(word).ok_or("unknown recording state")?;
                    // `?` after the leg: the start is not confirmed yet.
                    let (leg, confirmed) = match leg.strip_suffix('?') {
                        Some(leg) => (leg, false),
                        None => (leg, true),
                    };
                    let leg = match leg {
                        "A" => LegRef::A,
                        "B" => LegRef::B,
                        _ => return Err("unknown recording leg".into()),
                    };
                    (state, Some(leg), confirmed)
                }
            };
        let vars = match attributes.get(KEY_VARS) {
            None => flow.vars.iter().map(|v| v.init.clone()).collect(),
            Some(text) => decode_vars(flow, text)?,
        };
        let sent = match attributes.get(KEY_SENT).map(String::as_str) {
            None | Some("") => Vec::new(),
            Some(text) => text
                .split(',')
                .map(|s| {
                    s.parse::<SiteId>()
                        .map_err(|_| "unreadable sites".to_owned())
                })
                .collect::<Result<_, _>>()?,
        };
        let args = match attributes.get(KEY_ARGS) {
            None => BTreeMap::new(),
            Some(text) => serde_json::from_str(text).map_err(|e| format!("arguments: {e}"))?,
        };
        Ok(Self {
            state,
            vars,
            recording,
            recording_leg,
            recording_confirmed,
            sent,
            args,
        })
    }

    /// The whole attribute map for this state.
    pub fn encode(&self, flow: &Flow) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        out.insert(KEY_FLOW.to_owned(), stamp_of(flow));
        let state = self
            .state
            .and_then(|id| flow.state(id))
            .map_or(String::new(), |s| s.name.clone());
        out.insert(KEY_STATE.to_owned(), state);
        let rec = match (self.recording, self.recording_leg) {
            (RecordingState::Idle, _) | (_, None) => "idle".to_owned(),
            (r, Some(leg)) => {
                let pending = if self.recording_confirmed { "" } else { "?" };
                format!("{}:{}{pending}", r.as_str(), leg.as_str())
            }
        };
        out.insert(KEY_RECORDING.to_owned(), rec);
        if !flow.vars.is_empty() {
            out.insert(KEY_VARS.to_owned(), encode_vars(&self.vars));
        }
        if !self.args.is_empty()
            && let Ok(text) = serde_json::to_string(&self.args)
        {
            out.insert(KEY_ARGS.to_owned(), text);
        }
        if !self.sent.is_empty() {
            let sites: Vec<String> = self.sent.iter().map(u16::to_string).collect();
            out.insert(KEY_SENT.to_owned(), sites.join(","));
        }
        out
    }
}

/// `name@version`: which flow wrote the state.
pub fn stamp_of(flow: &Flow) -> String {
    format!("{}@{}", flow.name, flow.version)
}

fn encode_vars(vars: &[Value]) -> String {
    let items: Vec<serde_json::Value> = vars
        .iter()
        .map(|v| match v {
            Value::None => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Duration(d) => serde_json::Value::from(*d),
            Value::Text(s) | Value::Phone(s) => serde_json::Value::String(s.clone()),
            Value::Leg(l) => serde_json::Value::String(l.as_str().to_owned()),
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

fn decode_vars(flow: &Flow, text: &str) -> Result<Vec<Value>, String> {
    let items: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|e| format!("variables: {e}"))?;
    if items.len() != flow.vars.len() {
        return Err(format!(
            "{} variables stored, the flow has {}",
            items.len(),
            flow.vars.len()
        ));
    }
    flow.vars
        .iter()
        .zip(items)
        .map(|(var, item)| {
            let value = match (var.ty, item) {
                (_, serde_json::Value::Null) => Some(Value::None),
                (ValueType::Bool, serde_json::Value::Bool(b)) => Some(Value::Bool(b)),
                (ValueType::Int, serde_json::Value::Number(n)) => n.as_i64().map(Value::Int),
                (ValueType::Duration, serde_json::Value::Number(n)) => {
                    n.as_u64().map(Value::Duration)
                }
                (ValueType::Text, serde_json::Value::String(s)) => Some(Value::Text(s)),
                (ValueType::Phone, serde_json::Value::String(s)) => Some(Value::Phone(s)),
                (ValueType::Leg, serde_json::Value::String(s)) => match s.as_str() {
                    "A" => Some(Value::Leg(LegRef::A)),
                    "B" => Some(Value::Leg(LegRef::B)),
                    _ => None,
                },
                _ => None,
            };
            value
                .ok_or_else(|| format!("variable {} does not hold a {}", var.name, var.ty.as_str()))
        })
        .collect()
}
