//! DynamoDB items and attribute values for call records.
//!
//! A [`CallRecord`] already serialises with the contract's attribute names, so an item is its JSON
//! form mapped onto attribute values (strings to `S`, numbers to `N`, objects to `M`, arrays to
//! `L`). The bookkeeping attribute `appliedSequences` (a number set) stays out of the record.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Map, Number, Value};

use crate::store::record::{CallRecord, Recording};

/// The number set of sequences already applied to an item: what makes a redelivered write a no-op.
pub const APPLIED: &str = "appliedSequences";
/// The table's partition key.
pub const KEY: &str = "callID";

/// An item's record and how many writes it has taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredItem {
    pub record: CallRecord,
    pub applied: usize,
}

/// Reads an item written by this adapter.
pub fn from_item(item: &HashMap<String, AttributeValue>) -> Result<StoredItem, String> {
    let applied = match item.get(APPLIED) {
        Some(AttributeValue::Ns(numbers)) => numbers.len(),
        Some(other) => return Err(format!("`{APPLIED}` is {other:?}, not a number set")),
        None => 0,
    };
    let mut fields = Map::new();
    for (name, value) in item.iter().filter(|(name, _)| name.as_str() != APPLIED) {
        fields.insert(name.clone(), to_json(value)?);
    }
    let mut record: CallRecord =
        serde_json::from_value(Value::Object(fields)).map_err(|err| err.to_string())?;
    // Writes without recording changes create an empty `recording` map so that later changes have
    // somewhere to go; an empty one means the call was not recorded.
    if record.recording == Some(Recording::default()) {
        record.recording = None;
    }
    Ok(StoredItem { record, applied })
}

/// A JSON value as an attribute value; `null` becomes DynamoDB's `NULL`.
pub fn to_attribute(value: &Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(flag) => AttributeValue::Bool(*flag),
        Value::Number(number) => AttributeValue::N(number.to_string()),
        Value::String(text) => AttributeValue::S(text.clone()),
        Value::Array(items) => AttributeValue::L(items.iter().map(to_attribute).collect()),
        Value::Object(fields) => AttributeValue::M(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), to_attribute(value)))
                .collect(),
        ),
    }
}

/// Anything serialisable as an attribute value.
pub fn attribute_of<T: serde::Serialize>(value: &T) -> Result<AttributeValue, String> {
    serde_json::to_value(value)
        .map(|json| to_attribute(&json))
        .map_err(|err| err.to_string())
}

fn to_json(value: &AttributeValue) -> Result<Value, String> {
    Ok(match value {
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::Bool(flag) => Value::Bool(*flag),
        AttributeValue::S(text) => Value::String(text.clone()),
        AttributeValue::N(text) => Value::Number(number(text)?),
        AttributeValue::L(items) => {
            Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?)
        }
        AttributeValue::M(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, value)| Ok((name.clone(), to_json(value)?)))
                .collect::<Result<_, String>>()?,
        ),
        AttributeValue::Ss(texts) => {
            Value::Array(texts.iter().cloned().map(Value::String).collect())
        }
        AttributeValue::Ns(texts) => Value::Array(
            texts
                .iter()
                .map(|text| number(text).map(Value::Number))
                .collect::<Result<_, _>>()?,
        ),
        other => return Err(format!("unexpected attribute value {other:?}")),
    })
}

fn number(text: &str) -> Result<Number, String> {
    if let Ok(whole) = text.parse::<u64>() {
        return Ok(Number::from(whole));
    }
    if let Ok(whole) = text.parse::<i64>() {
        return Ok(Number::from(whole));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .ok_or_else(|| format!("`{text}` is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::record::{CallStatus, FlowRef};
    use crate::store::timestamp::Timestamp;

    #[test]
    fn a_record_survives_the_trip_through_an_item() {
        let mut record = CallRecord::empty("tx-1");
        record.start_time = Some(Timestamp(1_000));
        record.status = Some(CallStatus::Started);
        record.flow = Some(FlowRef {
            name: "recording".to_owned(),
            version: "abc".to_owned(),
        });
        record.ttl = Some(7_777_777);
        let Ok(AttributeValue::M(mut item)) = attribute_of(&record) else {
            panic!("a record is a map");
        };
        assert_eq!(
            item.get("TTL"),
            Some(&AttributeValue::N("7777777".to_owned()))
        );
        assert_eq!(
            item.get("startTime"),
            Some(&AttributeValue::S("1970-01-01T00:00:01.000Z".to_owned()))
        );
        item.insert(
            APPLIED.to_owned(),
            AttributeValue::Ns(vec!["1".to_owned(), "2".to_owned()]),
        );
        item.insert(
            "recording".to_owned(),
            AttributeValue::M(HashMap::from([(
                "changes".to_owned(),
                AttributeValue::L(vec![]),
            )])),
        );
        assert_eq!(from_item(&item), Ok(StoredItem { record, applied: 2 }));
    }
}
