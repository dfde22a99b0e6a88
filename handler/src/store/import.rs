//! Replaying unwritten call records from a log: the other half of [`super::deadline`].
//!
//! A log is read line by line. A line counts when it holds a JSON object with the field
//! [`UNWRITTEN_FIELD`], at the top level or under `fields` (how `tracing`'s JSON output and the
//! Lambda JSON log format nest event fields), with the payload as a JSON string or an object, or
//! holds `call_record_unwritten={...}` (`tracing`'s text format). Text before the object (a timestamp
//! a log tool put in front) is skipped. Every other line is ignored.
//! Applying is idempotent, so importing the same log twice is harmless.

use std::io::BufRead;

use serde_json::Value;

use super::deadline::{UNWRITTEN_FIELD, UnwrittenRecord};
use super::timestamp::Timestamp;
use super::{Applied, CallRecordStore};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Lines read.
    pub lines: usize,
    /// Lines that held an unwritten record.
    pub found: usize,
    /// Records written now.
    pub written: usize,
    /// Records the store had already.
    pub duplicates: usize,
    /// Marked lines whose payload could not be read: (line number, why).
    pub malformed: Vec<(usize, String)>,
    /// Records the store refused: (line number, why).
    pub failed: Vec<(usize, String)>,
}

impl ImportReport {
    /// Everything found was stored.
    pub fn is_clean(&self) -> bool {
        self.malformed.is_empty() && self.failed.is_empty()
    }
}

/// The log could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the log at line {line}: {source}")]
pub struct ImportError {
    pub line: usize,
    #[source]
    pub source: std::io::Error,
}

/// Applies every unwritten record in `log` to `store`.
pub async fn import<S: CallRecordStore>(
    store: &S,
    log: impl BufRead,
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::default();
    for (index, line) in log.split(b'\n').enumerate() {
        let number = index + 1;
        let line = line.map_err(|source| ImportError {
            line: number,
            source,
        })?;
        report.lines = number;
        let Some(found) = find_unwritten(&String::from_utf8_lossy(&line)) else {
            continue;
        };
        report.found += 1;
        let unwritten = match found {
            Ok(unwritten) => unwritten,
            Err(why) => {
                report.malformed.push((number, why));
                continue;
            }
        };
        match store
            .apply(&unwritten.write, Timestamp(unwritten.now_ms))
            .await
        {
            Ok(Applied::Written | Applied::Empty) => report.written += 1,
            Ok(Applied::Duplicate) => report.duplicates += 1,
            Err(err) => report.failed.push((number, err.to_string())),
        }
    }
    Ok(report)
}

/// The unwritten record on `line`: `None` if the line has none, `Some(Err(why))` if it is unreadable.
pub fn find_unwritten(line: &str) -> Option<Result<UnwrittenRecord, String>> {
    if !line.contains(UNWRITTEN_FIELD) {
        return None;
    }
    // `tracing`'s text format: `... call_record_unwritten={"write":...} call_id=...`.
    if let Some((_, after)) = line.split_once(&format!("{UNWRITTEN_FIELD}={{")) {
        let text = format!("{{{after}");
        let mut objects = serde_json::Deserializer::from_str(&text).into_iter::<UnwrittenRecord>();
        return Some(match objects.next() {
            Some(Ok(unwritten)) => Ok(unwritten),
            Some(Err(err)) => Err(format!(
                "the `{UNWRITTEN_FIELD}` payload is not a write: {err}"
            )),
            None => Err(format!("the `{UNWRITTEN_FIELD}` payload is missing")),
        });
    }
    let start = line.find('{')?;
    let text = line.get(start..)?;
    let mut objects = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let Some(Ok(value)) = objects.next() else {
        return Some(Err("the marked line is not a JSON object".to_owned()));
    };
    let payload = marked_payload(&value)?;
    let decoded = match payload {
        Value::String(json) => serde_json::from_str(json),
        other => serde_json::from_value(other.clone()),
    };
    Some(decoded.map_err(|err| format!("the `{UNWRITTEN_FIELD}` payload is not a write: {err}")))
}

/// The marker's value in a log record, wherever the log format put it.
fn marked_payload(record: &Value) -> Option<&Value> {
    record
        .get(UNWRITTEN_FIELD)
        .or_else(|| record.get("fields")?.get(UNWRITTEN_FIELD))
}

#[cfg(test)]
mod tests {
    use super::*;
    use interpreter::effect::{Effect, RecordWrite};

    fn unwritten() -> UnwrittenRecord {
        UnwrittenRecord {
            write: RecordWrite {
                call_id: "tx-9".to_owned(),
                sequence: 3,
                flow_name: "recording".to_owned(),
                flow_version: "abc".to_owned(),
                effects: vec![Effect::Ended { at_ms: None }],
            },
            now_ms: 1_700_000_000_000,
        }
    }

    #[test]
    fn finds_the_payload_in_every_supported_shape() {
        let payload = serde_json::to_string(&unwritten()).unwrap_or_default();
        let as_string = serde_json::Value::String(payload.clone());
        let lines = [
            // tracing-subscriber's JSON format: event fields nested, payload as a string.
            format!(
                r#"{{"level":"ERROR","fields":{{"message":"m","{UNWRITTEN_FIELD}":{as_string}}}}}"#
            ),
            // A flattened event.
            format!(r#"{{"level":"ERROR","{UNWRITTEN_FIELD}":{as_string},"target":"t"}}"#),
            // A payload as an object, behind a prefix a log tool added.
            format!(r#"2025-01-01T00:00:00Z {{"fields":{{"{UNWRITTEN_FIELD}":{payload}}}}}"#),
            // tracing's text format.
            format!(
                "2025-01-01T00:00:00Z ERROR handler: not written {UNWRITTEN_FIELD}={payload} call_id=tx-9"
            ),
        ];
        for line in &lines {
            assert_eq!(find_unwritten(line), Some(Ok(unwritten())), "{line}");
        }
    }

    #[test]
    fn other_lines_are_ignored_and_broken_ones_reported() {
        assert_eq!(find_unwritten(r#"{"fields":{"message":"answered"}}"#), None);
        assert_eq!(find_unwritten("START RequestId: 1 Version: $LATEST"), None);
        let broken = format!(r#"{{"fields":{{"{UNWRITTEN_FIELD}":"{{not json"}}}}"#);
        assert!(matches!(find_unwritten(&broken), Some(Err(_))));
        let cut = format!(r#"{{"fields":{{"{UNWRITTEN_FIELD}":"#);
        assert!(matches!(find_unwritten(&cut), Some(Err(_))));
    }
}
