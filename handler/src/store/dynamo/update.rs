//! The two `UpdateItem` requests a write becomes.
//!
//! 1. **Facts** ([`facts`]): adds the write's facts first-wins (`if_not_exists`), appends its
//!    recording changes (`list_append`) and adds its sequence to `appliedSequences`, on condition
//!    that the sequence is not there yet: a redelivered write fails the condition and changes
//!    nothing. It also sets the derived attributes the write alone implies, again only where absent,
//!    which is already right for a call's first write.
//! 2. **Derived** ([`derived`]): when the item the first request returned has derived attributes
//!    that its facts contradict (the writes came out of order, or the call moved on), sets them, on
//!    condition that no other write landed in between (`size(appliedSequences)` unchanged). A write
//!    that lands later settles the item itself, so the derived attributes converge whatever the order.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;

use super::item::{APPLIED, attribute_of};
use crate::store::record::{CallRecord, Recording, WriteDelta};

/// The parts of one `UpdateItem` request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    pub expression: String,
    pub condition: Option<String>,
    pub names: HashMap<String, String>,
    pub values: HashMap<String, AttributeValue>,
}

/// Collects `SET` clauses with a placeholder per attribute name (several are reserved words).
#[derive(Default)]
struct Builder {
    sets: Vec<String>,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl Builder {
    /// `#a.#b` for the path `a.b`.
    fn path(&mut self, path: &str) -> String {
        path.split('.')
            .map(|name| {
                let placeholder = format!("#{name}");
                self.names.insert(placeholder.clone(), name.to_owned());
                placeholder
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    fn value(&mut self, key: &str, value: AttributeValue) -> String {
        let placeholder = format!(":{key}");
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    /// Paths become value placeholders by their last name, so each path may be set once.
    fn set(&mut self, path: &str, value: AttributeValue) {
        let target = self.path(path);
        let value = self.value(path.rsplit('.').next().unwrap_or(path), value);
        self.sets.push(format!("{target} = {value}"));
    }

    fn set_if_absent(&mut self, path: &str, value: AttributeValue) {
        let target = self.path(path);
        let value = self.value(path.rsplit('.').next().unwrap_or(path), value);
        self.sets
            .push(format!("{target} = if_not_exists({target}, {value})"));
    }

    fn finish(self, extra: &str, condition: Option<String>) -> Update {
        Update {
            expression: format!("SET {}{extra}", self.sets.join(", ")),
            condition,
            names: self.names,
            values: self.values,
        }
    }
}

fn text(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn number(value: u64) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// The conditional request that adds a write's facts.
pub fn facts(delta: &WriteDelta, retention: Duration) -> Result<Update, String> {
    let mut b = Builder::default();
    b.set_if_absent("flow", attribute_of(&delta.flow)?);
    if let Some(started) = &delta.started {
        b.set_if_absent("direction", attribute_of(&started.direction)?);
        b.set_if_absent("caller", text(&started.caller));
        b.set_if_absent("startTime", text(&started.at.to_string()));
    }
    if let Some(answered) = &delta.answered {
        b.set_if_absent("callee", text(&answered.callee));
        b.set_if_absent("answerTime", text(&answered.at.to_string()));
    }
    if let Some(failure) = &delta.failure {
        b.set_if_absent("failure", text(failure));
    }
    if let Some(ended) = delta.ended {
        b.set_if_absent("endTime", text(&ended.to_string()));
    }
    if let Some(key) = &delta.recording_key {
        b.set_if_absent("recordingKey", text(key));
    }
    // Top-level lists need no parent map: each write appends its own entries, once.
    for (name, entries) in [
        ("hangups", attribute_of(&delta.hangups)?),
        ("facts", attribute_of(&delta.facts)?),
    ] {
        if matches!(&entries, AttributeValue::L(list) if list.is_empty()) {
            continue;
        }
        let target = b.path(name);
        let none = b.value(&format!("no{name}"), AttributeValue::L(Vec::new()));
        let added = b.value(&format!("new{name}"), entries);
        b.sets.push(format!(
            "{target} = list_append(if_not_exists({target}, {none}), {added})"
        ));
    }
    if delta.recording_changes.is_empty() {
        // Gives later changes a map to append to: a nested path cannot be created with its parent.
        b.set_if_absent("recording", attribute_of(&Recording::default())?);
    } else {
        if let Some(location) = &delta.recording_location {
            b.set_if_absent("recording.location", text(location));
        }
        let target = b.path("recording.changes");
        let none = b.value("noChanges", AttributeValue::L(Vec::new()));
        let changes = b.value("changes", attribute_of(&delta.recording_changes)?);
        b.sets.push(format!(
            "{target} = list_append(if_not_exists({target}, {none}), {changes})"
        ));
    }

    // What this write alone implies; right for a first write, settled by `derived` otherwise.
    let mut alone = CallRecord::empty(&delta.call_id);
    alone.apply(delta, retention);
    if let Some(status) = alone.status {
        b.set_if_absent("status", attribute_of(&status)?);
    }
    if let Some(duration) = alone.duration_seconds {
        b.set_if_absent("durationSeconds", number(duration));
    }
    if let Some(ttl) = alone.ttl {
        b.set_if_absent("TTL", number(ttl));
    }

    let applied = b.path(APPLIED);
    let sequence_set = b.value(
        "sequenceSet",
        AttributeValue::Ns(vec![delta.sequence.to_string()]),
    );
    let sequence = b.value("sequence", number(delta.sequence));
    let condition = format!("NOT contains({applied}, {sequence})");
    Ok(b.finish(&format!(" ADD {applied} {sequence_set}"), Some(condition)))
}

/// The unconditional request that gives an item an empty `recording` map if it has none.
pub fn recording_parent() -> Result<Update, String> {
    let mut b = Builder::default();
    b.set_if_absent("recording", attribute_of(&Recording::default())?);
    Ok(b.finish("", None))
}

/// The request that corrects an item's derived attributes, if any need it. `stored` is the item as
/// read (`applied` writes in it), `settled` the same record after [`CallRecord::derive`].
pub fn derived(
    stored: &CallRecord,
    settled: &CallRecord,
    applied: usize,
) -> Result<Option<Update>, String> {
    let mut b = Builder::default();
    if settled.status != stored.status
        && let Some(status) = settled.status
    {
        b.set("status", attribute_of(&status)?);
    }
    if settled.duration_seconds != stored.duration_seconds
        && let Some(duration) = settled.duration_seconds
    {
        b.set("durationSeconds", number(duration));
    }
    if settled.ttl != stored.ttl
        && let Some(ttl) = settled.ttl
    {
        b.set("TTL", number(ttl));
    }
    let changes = |record: &CallRecord| record.recording.as_ref().map(|r| r.changes.clone());
    if changes(settled) != changes(stored)
        && let Some(changes) = changes(settled)
    {
        b.set("recording.changes", attribute_of(&changes)?);
    }
    if settled.hangups != stored.hangups {
        b.set("hangups", attribute_of(&settled.hangups)?);
    }
    if settled.facts != stored.facts {
        b.set("facts", attribute_of(&settled.facts)?);
    }
    if b.sets.is_empty() {
        return Ok(None);
    }
    let applied_path = b.path(APPLIED);
    let count = b.value(
        "applied",
        number(u64::try_from(applied).unwrap_or(u64::MAX)),
    );
    let condition = format!("size({applied_path}) = {count}");
    Ok(Some(b.finish("", Some(condition))))
}
