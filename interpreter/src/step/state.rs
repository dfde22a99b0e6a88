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

/// Marks a recording stopped while it was paused (see [`CallState::stopped_paused`]).
const STOPPED_PAUSED: &str = "~paused";
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
    /// A stop sent while the recording was paused: a failed stop leaves it paused, not active.
    pub stopped_paused: bool,
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
            stopped_paused: false,
            sent: Vec::new(),
            args: BTreeMap::new(),
        }
    }

    pub fn load(flow: &Flow, attributes: &BTreeMap<String, String>) -> Loaded {
        let Some(stamp) = attributes.get(KEY_FLOW) else {
            return Loaded::Fresh(Self::fresh(flow));
        };
        if !is_stamp_of(stamp, flow) {
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
        let (recording, recording_leg, recording_confirmed, stopped_paused) =
            match attributes.get(KEY_RECORDING).map(String::as_str) {
                None | Some("") | Some("idle") => (RecordingState::Idle, None, false, false),
                Some(text) => {
                    // `~paused` at the end: a stop was sent while the recording was paused.
                    let (text, stopped_paused) = match text.strip_suffix(STOPPED_PAUSED) {
                        Some(rest) => (rest, true),
                        None => (text, false),
                    };
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
                    (state, Some(leg), confirmed, stopped_paused)
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
            stopped_paused,
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
                let from = if self.stopped_paused && r == RecordingState::Stopped {
                    STOPPED_PAUSED
                } else {
                    ""
                };
                [r.as_str(), ":", leg.as_str(), pending, from].concat()
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
            let mut sites = String::with_capacity(self.sent.len() * 4);
            for (i, site) in self.sent.iter().enumerate() {
                if i > 0 {
                    sites.push(',');
                }
                push_number(&mut sites, u64::from(*site));
            }
            out.insert(KEY_SENT.to_owned(), sites);
        }
        out
    }
}

/// `name@version`: which flow wrote the state.
pub fn stamp_of(flow: &Flow) -> String {
    [flow.name.as_str(), "@", flow.version.as_str()].concat()
}

/// A number in decimal, without the formatting machinery (every answer writes several).
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            // `n % 10` is below ten.
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    for d in digits.get(at..).unwrap_or_default() {
        out.push(char::from(*d));
    }
}

/// Whether `stamp` is [`stamp_of`] `flow`, without building it (every event asks).
fn is_stamp_of(stamp: &str, flow: &Flow) -> bool {
    stamp
        .strip_prefix(flow.name.as_str())
        .and_then(|rest| rest.strip_prefix('@'))
        == Some(flow.version.as_str())
}

/// The variables as a JSON array, written straight out: the same text as encoding them through
/// `serde_json::Value` (integers in decimal, strings escaped by serde_json), without building
/// the tree for every answer.
fn encode_vars(vars: &[Value]) -> String {
    let mut out = String::with_capacity(2 + vars.len() * 8);
    out.push('[');
    for (i, v) in vars.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match v {
            Value::None => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(n) => {
                if *n < 0 {
                    out.push('-');
                }
                push_number(&mut out, n.unsigned_abs());
            }
            Value::Duration(d) => push_number(&mut out, *d),
            Value::Text(s) | Value::Phone(s) => quote(&mut out, s),
            Value::Leg(l) => quote(&mut out, l.as_str()),
        }
    }
    out.push(']');
    out
}

/// A JSON string, escaped as serde_json escapes it (`\"`, `\\`, the short escapes, `\u00XX`
/// for other control characters).
fn quote(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let b = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(b & 0xf).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
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

#[cfg(test)]
mod tests {
    use super::encode_vars;
    use crate::ir::{LegRef, Value};

    #[test]
    fn variables_are_written_as_serde_json_writes_them() {
        let vars = [
            Value::None,
            Value::Bool(true),
            Value::Bool(false),
            Value::Int(-42),
            Value::Duration(u64::MAX),
            Value::Text("quote \" slash \\ line\n tab\t nul\u{0} é €".to_owned()),
            Value::Phone("+13125550123".to_owned()),
            Value::Leg(LegRef::B),
        ];
        let through_serde = serde_json::Value::Array(vec![
            serde_json::Value::Null,
            true.into(),
            false.into(),
            (-42i64).into(),
            u64::MAX.into(),
            "quote \" slash \\ line\n tab\t nul\u{0} é €".into(),
            "+13125550123".into(),
            "B".into(),
        ])
        .to_string();
        assert_eq!(encode_vars(&vars), through_serde);
        assert_eq!(encode_vars(&[]), "[]");
    }

    #[test]
    fn every_control_character_and_number_is_written_as_serde_json_writes_it() {
        let text: String = (0u8..=0x7f)
            .map(char::from)
            .chain(['\u{2028}', '😀'])
            .collect();
        let numbers = [0, 7, 10, 99, 1_000, i64::MAX, i64::MIN, -1];
        let mut vars = vec![Value::Text(text.clone())];
        vars.extend(numbers.iter().map(|n| Value::Int(*n)));
        vars.push(Value::Duration(u64::MAX));
        let mut through_serde = vec![serde_json::Value::from(text)];
        through_serde.extend(numbers.iter().map(|n| serde_json::Value::from(*n)));
        through_serde.push(serde_json::Value::from(u64::MAX));
        assert_eq!(
            encode_vars(&vars),
            serde_json::Value::Array(through_serde).to_string()
        );
    }
}
