//! Literal parameter values for the limit cases, as the checker would present them
//! (`ParamValue`) and as they appear in an action's JSON.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::BTreeMap;

use interpreter::wire::limits::ParamValue;
use serde_json::{Value, json};

/// A literal parameter value.
#[derive(Clone, Debug)]
pub enum Val {
    Int(i64),
    Text(String),
    List(Vec<String>),
    Items(Vec<Value>),
    Map(BTreeMap<String, String>),
    Json(Value),
}

impl Val {
    pub fn param(&self) -> ParamValue<'_> {
        match self {
            Self::Int(n) => ParamValue::Int(*n),
            Self::Text(text) => ParamValue::Text(text),
            Self::List(items) => ParamValue::List(items),
            Self::Items(items) => ParamValue::Items(items.len()),
            Self::Map(map) => ParamValue::Map(map),
            Self::Json(value) => ParamValue::Json(serde_json::to_vec(value).unwrap().len()),
        }
    }

    pub fn json(&self) -> Value {
        match self {
            Self::Int(n) => json!(n),
            Self::Text(text) => json!(text),
            Self::List(items) => json!(items),
            Self::Items(items) => json!(items),
            Self::Map(map) => json!(map),
            Self::Json(value) => value.clone(),
        }
    }
}

pub fn int(n: i64) -> Val {
    Val::Int(n)
}
pub fn text(text: &str) -> Val {
    Val::Text(text.to_owned())
}
pub fn repeat(c: char, n: usize) -> Val {
    Val::Text(std::iter::repeat_n(c, n).collect())
}
pub fn list(items: &[&str]) -> Val {
    Val::List(items.iter().map(|item| (*item).to_owned()).collect())
}
pub fn ids(n: usize) -> Val {
    Val::List((0..n).map(|i| format!("attendee-{i}")).collect())
}
pub fn header(name: &str, value_len: usize) -> Val {
    Val::Map(BTreeMap::from([(name.to_owned(), "v".repeat(value_len))]))
}
pub fn items(n: usize, item: &Value) -> Val {
    Val::Items(vec![item.clone(); n])
}
/// A bot configuration whose JSON encoding is exactly `bytes` long.
pub fn configuration(bytes: usize) -> Val {
    let shape =
        |pad: usize| json!({ "SessionState": { "SessionAttributes": { "pad": "x".repeat(pad) } } });
    let overhead = serde_json::to_vec(&shape(0)).unwrap().len();
    Val::Json(shape(bytes - overhead))
}
