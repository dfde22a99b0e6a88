//! How `handler records` shows records: a table for people, JSON for tools.

use std::fmt::Write as _;

use interpreter::effect::CallDirection;

use super::record::CallRecord;

/// The columns of the table, in order.
const HEADINGS: [&str; 8] = [
    "START (UTC)",
    "DIRECTION",
    "CALLER",
    "CALLEE",
    "STATUS",
    "DURATION",
    "RECORDING",
    "CALL ID",
];

/// One line per record under a heading line; columns padded to their widest cell.
pub fn table(records: &[CallRecord]) -> String {
    if records.is_empty() {
        return "no call records\n".to_owned();
    }
    let rows: Vec<[String; 8]> = records.iter().map(row).collect();
    let mut widths = HEADINGS.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let headings = HEADINGS.map(str::to_owned);
    for cells in std::iter::once(&headings).chain(&rows) {
        let mut line = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            // Writing to a String cannot fail.
            let _ = write!(line, "{cell:<width$}  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The records as a JSON array with the contract's attribute names.
pub fn json(records: &[CallRecord]) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(records).map(|mut text| {
        text.push('\n');
        text
    })
}

fn row(record: &CallRecord) -> [String; 8] {
    let dash = || "-".to_owned();
    let start = record
        .start_time
        .map(|t| t.to_string().replace('T', " ").chars().take(19).collect())
        .unwrap_or_else(dash);
    let direction = match record.direction {
        Some(CallDirection::Inbound) => "inbound".to_owned(),
        Some(CallDirection::Outbound) => "outbound".to_owned(),
        None => dash(),
    };
    let status = match (record.status, &record.failure) {
        (Some(status), Some(failure)) => format!("{} ({failure})", status.as_str()),
        (Some(status), None) => status.as_str().to_owned(),
        (None, _) => dash(),
    };
    let duration = record
        .duration_seconds
        .map(|s| format!("{}:{:02}", s / 60, s % 60))
        .unwrap_or_else(dash);
    let recording = record
        .recording
        .as_ref()
        .map(|recording| {
            recording
                .changes
                .iter()
                .map(|entry| entry.change.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .filter(|changes| !changes.is_empty())
        .unwrap_or_else(dash);
    [
        start,
        direction,
        record.caller.clone().unwrap_or_else(dash),
        record.callee.clone().unwrap_or_else(dash),
        status,
        duration,
        recording,
        record.call_id.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::record::{CallStatus, Recording, RecordingEntry};
    use crate::store::timestamp::Timestamp;
    use interpreter::effect::RecordingChange;

    #[test]
    fn a_table_lines_up_its_columns() {
        let mut answered = CallRecord::empty("tx-long-identifier");
        answered.start_time = Some(Timestamp(1_700_000_000_000));
        answered.direction = Some(CallDirection::Outbound);
        answered.caller = Some("+15550001".to_owned());
        answered.callee = Some("+15550002".to_owned());
        answered.status = Some(CallStatus::Ended);
        answered.duration_seconds = Some(62);
        answered.recording = Some(Recording {
            location: Some("b/p".to_owned()),
            changes: vec![
                RecordingEntry {
                    change: RecordingChange::Started,
                    time: Timestamp(1_700_000_001_000),
                    sequence: 2,
                },
                RecordingEntry {
                    change: RecordingChange::Stopped,
                    time: Timestamp(1_700_000_002_000),
                    sequence: 3,
                },
            ],
        });
        let mut failed = CallRecord::empty("tx-2");
        failed.status = Some(CallStatus::Failed);
        failed.failure = Some("CallDeclined".to_owned());
        let expected = "\
START (UTC)          DIRECTION  CALLER     CALLEE     STATUS                 DURATION  RECORDING        CALL ID
2023-11-14 22:13:20  outbound   +15550001  +15550002  ended                  1:02      started,stopped  tx-long-identifier
-                    -          -          -          failed (CallDeclined)  -         -                tx-2
";
        assert_eq!(table(&[answered, failed]), expected);
        assert_eq!(table(&[]), "no call records\n");
    }
}
